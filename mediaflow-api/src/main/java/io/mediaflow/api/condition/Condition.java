package io.mediaflow.api.condition;

import java.util.List;

/**
 * A test over a run's or an event's data. Build one with the factories here:
 *
 * {@snippet :
 * Condition podcast = Condition.and(
 *     Condition.media(MediaProperty.DURATION).gt("30m"),
 *     Condition.regex(Value.ref("trigger", "title"), "podcast|interview|talk", "i"));
 * }
 *
 * <p>The JSON form of each kind is in {@code docs/conditions.md}.
 */
public sealed interface Condition
    permits And,
        Or,
        Not,
        Comparison,
        RegexCondition,
        TimeCondition,
        MediaCondition,
        CustomCondition {

  /** The {@code type} of the JSON form: {@code and}, {@code comparison}, {@code regex}, …. */
  String type();

  /** Holds when every one of {@code conditions} holds (an empty {@code and} holds). */
  static And and(Condition... conditions) {
    return new And(List.of(conditions));
  }

  /** Holds when at least one of {@code conditions} holds (an empty {@code or} does not). */
  static Or or(Condition... conditions) {
    return new Or(List.of(conditions));
  }

  /** Holds when {@code condition} does not. */
  static Not not(Condition condition) {
    return new Not(condition);
  }

  /**
   * Starts a comparison of the value at {@code path} of {@code source}: {@code where("trigger",
   * "size").gt(1000)}.
   */
  static Where where(String source, String path) {
    return new Where(Value.ref(source, path));
  }

  /** Starts a comparison of {@code left}: a {@link Value}, a literal or a template string. */
  static Where where(Object left) {
    return new Where(left instanceof Value v ? v : Value.of(left));
  }

  /** Starts a comparison of a media fact of the run's file: {@code media(DURATION).gt("30m")}. */
  static MediaCondition.Builder media(MediaProperty property) {
    return new MediaCondition.Builder(property, null);
  }

  /** Holds when {@code pattern} (RE2 syntax) finds a match in the text of {@code field}. */
  static RegexCondition regex(Value field, String pattern, String flags) {
    return new RegexCondition(field, pattern, flags);
  }

  /** A custom test registered under {@code name}, with its parameters. */
  static CustomCondition custom(String name, java.util.Map<String, Object> params) {
    return new CustomCondition(name, params);
  }
}
