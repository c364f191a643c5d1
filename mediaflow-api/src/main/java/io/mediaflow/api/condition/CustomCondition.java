package io.mediaflow.api.condition;

import java.util.Map;
import java.util.Objects;

/**
 * A test a host or a plugin provides as a {@link ConditionType}: {@code {"type": "custom", "name":
 * "library.isFavourite", "params": {"list": "watch-later"}}}.
 *
 * @param name the registered type's name
 * @param params its parameters, JSON-like values
 */
public record CustomCondition(String name, Map<String, Object> params) implements Condition {

  /** Copies the parameters, in their order; a parameter may be null. */
  public CustomCondition {
    Objects.requireNonNull(name, "name");
    params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
  }

  @Override
  public String type() {
    return "custom";
  }
}
