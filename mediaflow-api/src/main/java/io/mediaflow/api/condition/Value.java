package io.mediaflow.api.condition;

import java.util.Objects;

/**
 * One side of a comparison: a literal, a reference to a value of the data ({@code {"source":
 * "media", "path": "duration"}}) or a template string ({@code "${trigger.size}"}).
 */
public sealed interface Value permits Value.Literal, Value.Ref, Value.Template {

  /**
   * A value written as it is meant: a string, a number, a boolean, null, or a list or map of those.
   *
   * @param value the value; may be null
   */
  record Literal(Object value) implements Value {}

  /**
   * The value at {@code path} (dotted: {@code file.size}, {@code items.0.name}) of the root named
   * {@code source}: {@code trigger}, {@code event}, {@code vars}, {@code nodes}, {@code item},
   * {@code loop}, {@code media}, or any top-level key of a rule's data. A value not there is
   * missing (null), which only {@code exists} and {@code eq null} look for.
   *
   * @param source the root
   * @param path the dotted path below it; empty for the root itself
   */
  record Ref(String source, String path) implements Value {
    /** Checks that both are given. */
    public Ref {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * A string with references in it, rendered when the condition is evaluated: {@code
   * "${trigger.dir}/in"}. A template that is one reference and nothing else ({@code
   * "${trigger.size}"}) keeps the value's type, as a {@link Ref} does.
   *
   * @param text the template
   */
  record Template(String text) implements Value {
    /** Checks that the text is given. */
    public Template {
      Objects.requireNonNull(text, "text");
    }
  }

  /** A literal; a string holding {@code ${} or {@code {{} is a {@link Template} instead. */
  static Value of(Object value) {
    if (value instanceof Value v) {
      return v;
    }
    if (value instanceof String s && isTemplate(s)) {
      return new Template(s);
    }
    return new Literal(value);
  }

  /** A literal, even a string that looks like a template. */
  static Literal literal(Object value) {
    return new Literal(value);
  }

  /** The value at {@code path} of {@code source}. */
  static Ref ref(String source, String path) {
    return new Ref(source, path);
  }

  /** Whether a string holds a reference ({@code ${...}} or {@code {{...}}}). */
  static boolean isTemplate(String text) {
    return text.contains("${") || text.contains("{{");
  }
}
