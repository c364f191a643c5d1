package io.mediaflow.internal.template;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.workflow.TemplateErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The template language of action parameters, file names and paths: {@code {{expr | filter(args)}}}
 * and {@code ${expr}} (the same language), compiled once into a {@link CompiledTemplate} kept in a
 * bounded cache, then rendered against a scope of maps and lists. See {@code docs/templates.md}.
 *
 * {@snippet :
 * String dir = Templates.renderPath("Podcasts/{{date:YYYY-MM}}/{{title | slug}}.mp3", scope, "node 'save'");
 * }
 */
public final class Templates {

  /** How many compiled templates the shared instance keeps. */
  public static final int DEFAULT_CACHE_SIZE = 4096;

  private static final Templates STANDARD =
      new Templates(TemplateLimits.DEFAULTS, DEFAULT_CACHE_SIZE);

  private final TemplateLimits limits;
  private final TemplateCache cache;

  /**
   * @param limits the bounds of every template and render
   * @param cacheSize how many compiled templates to keep
   */
  public Templates(TemplateLimits limits, int cacheSize) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.cache = new TemplateCache(cacheSize);
  }

  /** The shared instance: default limits, a cache of {@value #DEFAULT_CACHE_SIZE} templates. */
  public static Templates standard() {
    return STANDARD;
  }

  /** Whether {@code text} holds a template ({@code {{} or {@code ${}). */
  public static boolean hasTemplate(String text) {
    return text.indexOf('{') >= 0 && TemplateParser.nextOpen(text, 0) >= 0;
  }

  /** Renders {@code template} as text with the shared instance. */
  public static String render(String template, Map<String, ?> scope) {
    return render(template, scope, "template");
  }

  /** Renders {@code template} as text with the shared instance; {@code where} names the place. */
  public static String render(String template, Map<String, ?> scope, String where) {
    return STANDARD.compile(template, where).render(scope, where);
  }

  /** Renders {@code template} as a path ({@link CompiledTemplate#renderPath}), shared instance. */
  public static String renderPath(String template, Map<String, ?> scope, String where) {
    return STANDARD.compile(template, where).renderPath(scope, where);
  }

  /**
   * The compiled template, from the cache or compiled now.
   *
   * @throws MediaFlowException {@code TEMPLATE_SYNTAX} or {@code TEMPLATE_LIMIT} (too long)
   */
  public CompiledTemplate compile(String template, String where) {
    Objects.requireNonNull(template, "template");
    if (template.length() > limits.maxTemplateLength()) {
      throw Failures.limit(
          where,
          "the template is "
              + template.length()
              + " characters long; at most "
              + limits.maxTemplateLength()
              + " are allowed",
          "split it into several parameters");
    }
    try {
      return cache.get(template, t -> new CompiledTemplate(t, TemplateParser.parse(t), limits));
    } catch (SyntaxError e) {
      throw new MediaFlowException(
          TemplateErrors.TEMPLATE_SYNTAX, where + ": " + syntaxMessage(template, e), e.suggestion);
    }
  }

  /** The problem of {@code template} as a violation at {@code jsonPath}; empty when it compiles. */
  public Optional<Violation> check(String template, String jsonPath) {
    if (!hasTemplate(template)) {
      return Optional.empty();
    }
    try {
      compile(template, jsonPath);
      return Optional.empty();
    } catch (MediaFlowException e) {
      String message = e.detail().substring(jsonPath.length() + 2);
      return Optional.of(new Violation(jsonPath, e.code(), message, e.suggestion()));
    }
  }

  /** Every problem of the templates in a value (a text, or lists and maps of them). */
  public List<Violation> checkAll(Object value, String jsonPath) {
    List<Violation> out = new ArrayList<>();
    walkCheck(value, jsonPath, out);
    return out;
  }

  private void walkCheck(Object value, String at, List<Violation> out) {
    if (value instanceof String s) {
      check(s, at).ifPresent(out::add);
    } else if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> walkCheck(v, at + "." + k, out));
    } else if (value instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        walkCheck(l.get(i), at + "[" + i + "]", out);
      }
    }
  }

  /**
   * Resolves every template in {@code value}: a text that is one expression alone keeps its value's
   * type, other texts are rendered; maps and lists are resolved member by member; anything else is
   * returned as it is.
   *
   * @param path whether texts are paths ({@link CompiledTemplate#renderPath})
   */
  public Object resolve(Object value, Map<String, ?> scope, String where, boolean path) {
    if (value instanceof String s) {
      if (!hasTemplate(s)) {
        return s;
      }
      CompiledTemplate t = compile(s, where);
      return path ? t.renderPath(scope, where) : t.evaluate(scope, where);
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, scope, where + "." + k, path)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) {
        out.add(resolve(l.get(i), scope, where + "[" + i + "]", path));
      }
      return out;
    }
    return value;
  }

  private static String syntaxMessage(String template, SyntaxError e) {
    return "template "
        + Failures.quote(template)
        + " is not valid at character "
        + e.column
        + ": "
        + e.getMessage();
  }

  int cacheSize() {
    return cache.size();
  }

  long cacheCharacters() {
    return cache.characters();
  }
}
