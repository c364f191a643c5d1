package io.mediaflow.api.operator;

import java.util.Objects;

/**
 * One option of a filter, as data: {@code key=value}, or a positional value when {@code key} is
 * null. Values are plain text; the backend escapes them for every level of its syntax, so no value
 * can add a filter or an option.
 */
public record FilterArg(String key, String value) {

  public FilterArg {
    Objects.requireNonNull(value, "value");
  }

  public static FilterArg of(String key, Object value) {
    return new FilterArg(Objects.requireNonNull(key, "key"), String.valueOf(value));
  }

  public static FilterArg positional(Object value) {
    return new FilterArg(null, String.valueOf(value));
  }

  /**
   * The value of an argument that is only known after an analysis run: {@code ${node.key}}. The
   * plan's {@code Invocation.withMeasurements} replaces it; only a whole argument value is ever
   * replaced, so user text containing the same characters elsewhere is left alone.
   */
  public static String placeholder(String nodeId, String key) {
    return "${" + nodeId + "." + key + "}";
  }
}
