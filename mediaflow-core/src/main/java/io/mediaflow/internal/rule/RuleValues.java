package io.mediaflow.internal.rule;

import static io.mediaflow.internal.spec.JsonPaths.field;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.internal.Suggestions;
import io.mediaflow.internal.spec.JsonValues;
import io.mediaflow.internal.workflow.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The values of a rule document beyond those {@link JsonValues} reads: names of enum constants,
 * durations in the three forms rules accept, instants. Each getter returns the value, or null after
 * adding the violation that says why not.
 */
final class RuleValues {

  /** How messages describe a duration. */
  static final String DURATION =
      "a duration: seconds as a number (300), ISO-8601 (\"PT5M\") or \"5m\", \"1h30m\"";

  final List<Violation> violations;
  final JsonValues json;

  RuleValues(List<Violation> violations) {
    this.violations = violations;
    this.json = new JsonValues(violations);
  }

  /** Reports the fields of {@code node} that {@code object} does not hold. */
  void checkFields(JsonNode node, String path, RuleObject object) {
    json.unknownFields(node, path, object.description(), object.fields());
  }

  /**
   * The constant of {@code type} named by an optional field, written in lower case with {@code _}
   * ({@code fire_once} for {@code FIRE_ONCE}); {@code otherwise} when absent, null when broken.
   */
  <E extends Enum<E>> E constant(
      JsonNode parent, String path, String name, Class<E> type, E otherwise, String what) {
    JsonNode node = parent.get(name);
    if (JsonValues.absent(node)) {
      return otherwise;
    }
    String where = field(path, name);
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(jsonName(e));
    }
    if (!node.isTextual()) {
      json.wrongType(where, "a string: one of " + String.join(", ", names), node);
      return null;
    }
    String text = node.textValue();
    int i = names.indexOf(text);
    if (i < 0) {
      violations.add(
          new Violation(
              where,
              ErrorCode.INVALID_VALUE,
              "\""
                  + JsonValues.abbreviate(text)
                  + "\" is not "
                  + what
                  + "; expected one of "
                  + String.join(", ", names),
              Suggestions.didYouMean(text.toLowerCase(Locale.ROOT), names).orElse("")));
      return null;
    }
    return type.getEnumConstants()[i];
  }

  /** How the JSON form writes an enum constant: {@code fire_once}. */
  static String jsonName(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /**
   * An optional duration field: whole seconds as a number, ISO-8601 text ({@code PT5M}) or the
   * workflows' text ({@code 5m}); {@code otherwise} when absent, null when broken or below {@code
   * min}.
   */
  Duration duration(JsonNode parent, String path, String name, Duration min, Duration otherwise) {
    JsonNode node = parent.get(name);
    if (JsonValues.absent(node)) {
      return otherwise;
    }
    String where = field(path, name);
    Duration d = durationValue(node, where);
    if (d == null) {
      return null;
    }
    if (d.compareTo(min) < 0) {
      violations.add(
          new Violation(
              where,
              ErrorCode.OUT_OF_RANGE,
              name + " must be at least " + min + " but was " + d,
              "write " + min.toSeconds() + " or more seconds"));
      return null;
    }
    return d;
  }

  private Duration durationValue(JsonNode node, String where) {
    if (node.isNumber()) {
      BigDecimal seconds = node.decimalValue();
      if (seconds.signum() != 0 && seconds.stripTrailingZeros().scale() > 0) {
        json.wrongType(where, "a whole number of seconds, or " + DURATION, node);
        return null;
      }
      if (seconds.precision() - seconds.scale() > 12) {
        violations.add(
            Violation.of(
                where,
                ErrorCode.OUT_OF_RANGE,
                "the duration " + node.asText() + " seconds is too long; at most 999999999999"));
        return null;
      }
      return Duration.ofSeconds(seconds.longValueExact());
    }
    if (!node.isTextual()) {
      json.wrongType(where, DURATION, node);
      return null;
    }
    String text = node.textValue();
    Optional<Duration> short_ = Durations.parse(text);
    if (short_.isPresent()) {
      return short_.get();
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      violations.add(
          new Violation(
              where,
              ErrorCode.INVALID_VALUE,
              "\"" + JsonValues.abbreviate(text) + "\" is not a duration; expected " + DURATION,
              "write \"PT5M\", \"5m\" or 300 for five minutes"));
      return null;
    }
  }

  /** A required or optional instant field: null when absent (reported if required) or broken. */
  Instant instant(JsonNode parent, String path, String name, boolean required) {
    JsonNode node = parent.get(name);
    String where = field(path, name);
    if (JsonValues.absent(node)) {
      if (required) {
        json.missing(where, "an instant such as \"2026-12-24T08:30:00Z\"");
      }
      return null;
    }
    if (!node.isTextual()) {
      json.wrongType(where, "an instant such as \"2026-12-24T08:30:00Z\"", node);
      return null;
    }
    try {
      return Instant.parse(node.textValue());
    } catch (DateTimeParseException e) {
      violations.add(
          new Violation(
              where,
              ErrorCode.INVALID_VALUE,
              "\""
                  + JsonValues.abbreviate(node.textValue())
                  + "\" is not an instant; expected UTC date and time such as"
                  + " \"2026-12-24T08:30:00Z\"",
              "write it in ISO-8601 with a Z or an offset: 2026-12-24T08:30:00+01:00"));
      return null;
    }
  }

  /** An optional integer of at least {@code min} (at most {@code max}); null when broken. */
  Integer intIn(JsonNode parent, String path, String name, int min, int max, int otherwise) {
    JsonNode node = parent.get(name);
    if (JsonValues.absent(node)) {
      return otherwise;
    }
    String where = field(path, name);
    Integer v = json.integer(node, where);
    if (v == null) {
      return null;
    }
    if (v < min || v > max) {
      violations.add(
          new Violation(
              where,
              ErrorCode.OUT_OF_RANGE,
              max == Integer.MAX_VALUE
                  ? name + " must be " + min + " or more but was " + v
                  : name + " must be between " + min + " and " + max + " but was " + v,
              max == Integer.MAX_VALUE
                  ? "write " + min + " or more"
                  : "write a value from " + min + " to " + max));
      return null;
    }
    return v;
  }

  /** An optional boolean field; {@code otherwise} when absent or broken. */
  boolean bool(JsonNode parent, String path, String name, boolean otherwise) {
    JsonNode node = parent.get(name);
    if (JsonValues.absent(node)) {
      return otherwise;
    }
    if (!node.isBoolean()) {
      json.wrongType(field(path, name), "true or false", node);
      return otherwise;
    }
    return node.booleanValue();
  }
}
