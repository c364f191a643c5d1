package io.mediaflow.api.rule;

import java.util.Objects;
import java.util.Optional;

/**
 * A parameter of a {@link ShippedTemplate}: what {@code flow.templates().install(name, params)}
 * takes under {@code name}.
 *
 * @param name the key in the install's parameter map
 * @param type what values it takes, checked at install
 * @param defaultValue the value used when none is given; empty for a required parameter
 * @param description for people
 * @param required whether install fails ({@code MISSING_FIELD}) without it
 * @param min for an {@link Type#INTEGER}, the least value; otherwise ignored
 * @param max for an {@link Type#INTEGER}, the greatest value; otherwise ignored
 */
public record TemplateParameter(
    String name,
    Type type,
    Optional<Object> defaultValue,
    String description,
    boolean required,
    long min,
    long max) {

  /** What values a parameter takes. */
  public enum Type {
    /** Text without control characters, {@code ${}, {@code {{} or {@code %{}. */
    STRING,
    /** A whole number between {@code min} and {@code max}. */
    INTEGER,
    /** A relative path inside the engine's roots: no leading {@code /}, {@code ~} or {@code ..}. */
    PATH,
    /** An absolute URL with a scheme ({@code https://...}, a media source's own). */
    URL,
    /** A Unix cron expression (five fields). */
    CRON,
    /** A rule and workflow id: 1 to 128 of {@code A-Z a-z 0-9 . _ -}. */
    ID
  }

  /** Checks that names and text are given. */
  public TemplateParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(description, "description");
  }
}
