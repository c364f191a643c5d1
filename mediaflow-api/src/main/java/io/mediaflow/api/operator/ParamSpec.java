package io.mediaflow.api.operator;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One parameter of an operator: its type and the declarative rules its value must follow.
 *
 * {@snippet :
 * ParamSpec width = ParamSpec.builder("width", ParamType.INT)
 *     .required()
 *     .range(-2, 16384)
 *     .description("target width in pixels; -1 or -2 keeps the aspect ratio")
 *     .build();
 * }
 *
 * @param name the key in {@code params}
 * @param type how the value is converted
 * @param required whether the value must be given
 * @param defaultValue the value used when none is given (already of the converted type); may be
 *     null
 * @param min the smallest allowed number (for INT, FLOAT; seconds for DURATION, TIMECODE); may be
 *     null
 * @param max the largest allowed number; may be null
 * @param allowed the allowed values of an ENUM (or of any string, a PATH as written); empty for no
 *     restriction
 * @param pattern a regular expression a string (a PATH as written) must match whole; may be null
 * @param description what it does, for the catalogue
 * @param check an extra rule run after conversion; may be null
 */
public record ParamSpec(
    String name,
    ParamType type,
    boolean required,
    Object defaultValue,
    Double min,
    Double max,
    List<String> allowed,
    Pattern pattern,
    String description,
    ParamCheck check) {

  public ParamSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    allowed = List.copyOf(allowed);
    description = description == null ? "" : description;
    if (type == ParamType.ENUM && allowed.isEmpty()) {
      throw new IllegalArgumentException("enum parameter '" + name + "' needs allowed values");
    }
  }

  public static Builder builder(String name, ParamType type) {
    return new Builder(name, type);
  }

  /** Whether any rule beyond the type applies (range, allowed values, pattern, custom check). */
  public boolean hasRules() {
    return min != null || max != null || !allowed.isEmpty() || pattern != null || check != null;
  }

  public Optional<Object> defaultValueIfAny() {
    return Optional.ofNullable(defaultValue);
  }

  /**
   * A rule that cannot be written declaratively.
   *
   * <p>Returns empty when the value is fine, otherwise the message (the path is added for you). It
   * sees the converted value; for a {@link ParamType#PATH}, the resolved {@link
   * java.nio.file.Path}, which already lies inside the allowed folders, so the check may look at
   * the file (does it exist, can it be read).
   */
  @FunctionalInterface
  public interface ParamCheck {
    Optional<String> check(Object convertedValue);
  }

  /** Builds a {@link ParamSpec}. */
  public static final class Builder {
    private final String name;
    private final ParamType type;
    private boolean required;
    private Object defaultValue;
    private Double min;
    private Double max;
    private List<String> allowed = List.of();
    private Pattern pattern;
    private String description = "";
    private ParamCheck check;

    private Builder(String name, ParamType type) {
      this.name = Objects.requireNonNull(name, "name");
      this.type = Objects.requireNonNull(type, "type");
    }

    public Builder required() {
      this.required = true;
      return this;
    }

    /** A default, given as a raw value and converted now, so a wrong default fails early. */
    public Builder defaultValue(Object raw) {
      this.defaultValue = type.convert(raw);
      return this;
    }

    public Builder range(double minimum, double maximum) {
      if (minimum > maximum) {
        throw new IllegalArgumentException(
            "range minimum " + minimum + " is above maximum " + maximum);
      }
      this.min = minimum;
      this.max = maximum;
      return this;
    }

    public Builder min(double minimum) {
      this.min = minimum;
      return this;
    }

    public Builder max(double maximum) {
      this.max = maximum;
      return this;
    }

    public Builder allowed(String... values) {
      this.allowed = List.of(values);
      return this;
    }

    public Builder pattern(String regex) {
      this.pattern = Pattern.compile(regex);
      return this;
    }

    public Builder description(String text) {
      this.description = text;
      return this;
    }

    public Builder check(ParamCheck rule) {
      this.check = rule;
      return this;
    }

    public ParamSpec build() {
      return new ParamSpec(
          name, type, required, defaultValue, min, max, allowed, pattern, description, check);
    }
  }
}
