package io.mediaflow.api.condition;

import java.util.List;
import java.util.Objects;

/**
 * A test of the engine's clock at the moment of evaluation, in a time zone: {@code {"type": "time",
 * "operator": "between", "value": {"from": "22:00", "to": "06:00"}, "timezone": "Europe/Paris"}}.
 *
 * <p>Values are times of day ({@code 18:00}, {@code 18:00:30}), dates ({@code 2026-12-24}, the
 * start of that day in the zone), local date-times ({@code 2026-12-24T18:00}) or instants ({@code
 * 2026-12-24T17:00:00Z}). A {@code between} of two times of day whose start is after its end wraps
 * midnight. Bounds: {@code after} and {@code between}'s start are inclusive, {@code before} and its
 * end exclusive.
 *
 * @param operator the test
 * @param values {@code before}/{@code after}: one value; {@code between}: two; {@code weekday}:
 *     none (Monday to Friday) or the day names it holds on ({@code monday}, {@code sat}); {@code
 *     weekend}: none
 * @param timezone an IANA zone id ({@code Europe/Paris}) or offset ({@code +02:00}); {@code UTC} by
 *     default
 */
public record TimeCondition(Operator operator, List<String> values, String timezone)
    implements Condition {

  /** The zone of a condition that names none. */
  public static final String DEFAULT_TIMEZONE = "UTC";

  /** What a time condition tests. */
  public enum Operator {
    /** Earlier than the value. */
    BEFORE("before"),
    /** At or later than the value. */
    AFTER("after"),
    /** From the first value (inclusive) to the second (exclusive). */
    BETWEEN("between"),
    /** Monday to Friday, or one of the days named. */
    WEEKDAY("weekday"),
    /** Saturday or Sunday. */
    WEEKEND("weekend");

    private final String jsonName;

    Operator(String jsonName) {
      this.jsonName = jsonName;
    }

    /** The JSON name. */
    public String jsonName() {
      return jsonName;
    }

    /** The operator with this JSON name, if any. */
    public static java.util.Optional<Operator> ofJsonName(String name) {
      for (Operator op : values()) {
        if (op.jsonName.equals(name)) {
          return java.util.Optional.of(op);
        }
      }
      return java.util.Optional.empty();
    }
  }

  /** Copies the values; a null zone is {@link #DEFAULT_TIMEZONE}. */
  public TimeCondition {
    Objects.requireNonNull(operator, "operator");
    values = List.copyOf(values);
    timezone = timezone == null || timezone.isEmpty() ? DEFAULT_TIMEZONE : timezone;
  }

  /** Earlier than {@code value} in UTC. */
  public static TimeCondition before(String value) {
    return new TimeCondition(Operator.BEFORE, List.of(value), null);
  }

  /** At or later than {@code value} in UTC. */
  public static TimeCondition after(String value) {
    return new TimeCondition(Operator.AFTER, List.of(value), null);
  }

  /** From {@code from} (inclusive) to {@code to} (exclusive) in UTC. */
  public static TimeCondition between(String from, String to) {
    return new TimeCondition(Operator.BETWEEN, List.of(from, to), null);
  }

  /** Monday to Friday, or on one of {@code days} ({@code "monday"}, {@code "sat"}), in UTC. */
  public static TimeCondition weekday(String... days) {
    return new TimeCondition(Operator.WEEKDAY, List.of(days), null);
  }

  /** Saturday or Sunday in UTC. */
  public static TimeCondition weekend() {
    return new TimeCondition(Operator.WEEKEND, List.of(), null);
  }

  /** The same test in another zone ({@code Europe/Paris}). */
  public TimeCondition in(String zone) {
    return new TimeCondition(operator, values, zone);
  }

  @Override
  public String type() {
    return "time";
  }
}
