package io.mediaflow.api.condition;

import java.util.Objects;

/**
 * A comparison of a fact of a media file, probed once per run and reused: {@code {"type": "media",
 * "property": "duration", "operator": "gt", "value": "30m"}}. The file is {@code file} when given,
 * else the run's subject: {@code trigger.path}, else {@code trigger.file.path}.
 *
 * @param property the fact
 * @param operator how it compares with {@code value}
 * @param value the right side
 * @param file the file, or null for the run's subject
 */
public record MediaCondition(MediaProperty property, Operator operator, Value value, Value file)
    implements Condition {

  /** Checks the required parts; {@code file} may be null. */
  public MediaCondition {
    Objects.requireNonNull(property, "property");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(value, "value");
  }

  /** The same test of another file (a {@link Value}, a path or a template). */
  public MediaCondition of(Object path) {
    return new MediaCondition(property, operator, value, Value.of(path));
  }

  @Override
  public String type() {
    return "media";
  }

  /** A media condition being built: {@code Condition.media(DURATION).gt("30m")}. */
  public static final class Builder {
    private final MediaProperty property;
    private final Value file;

    Builder(MediaProperty property, Value file) {
      this.property = Objects.requireNonNull(property, "property");
      this.file = file;
    }

    private MediaCondition op(Operator op, Object value) {
      return new MediaCondition(property, op, Value.of(value), file);
    }

    /** Equal to {@code value}. */
    public MediaCondition eq(Object value) {
      return op(Operator.EQ, value);
    }

    /** Not equal to {@code value}. */
    public MediaCondition ne(Object value) {
      return op(Operator.NE, value);
    }

    /** Greater than {@code value}. */
    public MediaCondition gt(Object value) {
      return op(Operator.GT, value);
    }

    /** Greater than or equal to {@code value}. */
    public MediaCondition gte(Object value) {
      return op(Operator.GTE, value);
    }

    /** Less than {@code value}. */
    public MediaCondition lt(Object value) {
      return op(Operator.LT, value);
    }

    /** Less than or equal to {@code value}. */
    public MediaCondition lte(Object value) {
      return op(Operator.LTE, value);
    }

    /** Holds {@code value} (a codec name in a text, say). */
    public MediaCondition contains(Object value) {
      return op(Operator.CONTAINS, value);
    }

    /** Is one of {@code values}. */
    public MediaCondition in(Object... values) {
      return new MediaCondition(
          property, Operator.IN, Value.literal(java.util.List.of(values)), file);
    }
  }
}
