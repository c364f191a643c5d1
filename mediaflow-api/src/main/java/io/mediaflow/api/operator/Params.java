package io.mediaflow.api.operator;

import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.Resolution;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An operator's parameter values after conversion: each is of its {@link ParamType}'s Java type,
 * defaults filled in. Produced by {@link ParamBinder}.
 */
public final class Params {

  private static final Params EMPTY = new Params(Map.of());

  private final Map<String, Object> values;

  private Params(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /** Takes ownership of a fresh map the caller no longer touches; no copy. */
  static Params owning(LinkedHashMap<String, Object> fresh) {
    return new Params(fresh);
  }

  /** Values that are already converted; for tests and for operators composing others. */
  public static Params of(Map<String, ?> converted) {
    return new Params(new LinkedHashMap<>(converted));
  }

  public static Params empty() {
    return EMPTY;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public Optional<Object> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public Optional<Long> optLong(String name) {
    return get(name).map(v -> ((Number) v).longValue());
  }

  public long getLong(String name) {
    return optLong(name).orElseThrow(() -> missing(name));
  }

  public int getInt(String name) {
    return Math.toIntExact(getLong(name));
  }

  public Optional<Double> optDouble(String name) {
    return get(name).map(v -> ((Number) v).doubleValue());
  }

  public double getDouble(String name) {
    return optDouble(name).orElseThrow(() -> missing(name));
  }

  public Optional<String> optString(String name) {
    return get(name).map(Object::toString);
  }

  public String getString(String name) {
    return optString(name).orElseThrow(() -> missing(name));
  }

  public Optional<Boolean> optBool(String name) {
    return get(name).map(v -> (Boolean) v);
  }

  public Optional<MediaDuration> optDuration(String name) {
    return get(name).map(v -> (MediaDuration) v);
  }

  public MediaDuration getDuration(String name) {
    return optDuration(name).orElseThrow(() -> missing(name));
  }

  public Optional<Resolution> optResolution(String name) {
    return get(name).map(v -> (Resolution) v);
  }

  /** Every value, in declaration order. */
  public Map<String, Object> asMap() {
    return values;
  }

  private static IllegalStateException missing(String name) {
    return new IllegalStateException(
        "parameter '" + name + "' has no value; declare it required or give it a default");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Params p && p.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
