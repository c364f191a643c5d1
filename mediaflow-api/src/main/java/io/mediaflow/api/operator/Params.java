package io.mediaflow.api.operator;

import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.Resolution;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An operator's parameter values after conversion: each is of its {@link ParamType}'s Java type,
 * defaults filled in. Produced by {@link ParamBinder}.
 */
public final class Params {

  private static final Params EMPTY = new Params(new String[0], new Object[0]);

  /**
   * Names and values side by side, in declaration order. An operator has a handful of parameters
   * and reads them by constant names: a scan of a short array (names compared by identity first)
   * beats hashing, and a job of 10,000 operations holds 10,000 of these, so their size matters.
   */
  private final String[] names;

  private final Object[] values;

  private Params(String[] names, Object[] values) {
    this.names = names;
    this.values = values;
  }

  /**
   * Takes ownership of fresh arrays the caller no longer touches, of which the first {@code count}
   * entries are used; names must be distinct.
   */
  static Params owning(String[] names, Object[] values, int count) {
    if (count == 0) {
      return EMPTY;
    }
    return count == names.length
        ? new Params(names, values)
        : new Params(Arrays.copyOf(names, count), Arrays.copyOf(values, count));
  }

  /** Values that are already converted; for tests and for operators composing others. */
  public static Params of(Map<String, ?> converted) {
    return copyOf(converted);
  }

  private static Params copyOf(Map<String, ?> map) {
    if (map.isEmpty()) {
      return EMPTY;
    }
    String[] names = new String[map.size()];
    Object[] values = new Object[map.size()];
    int k = 0;
    for (Map.Entry<String, ?> e : map.entrySet()) {
      names[k] = Objects.requireNonNull(e.getKey(), "parameter name");
      values[k] = e.getValue();
      k++;
    }
    return new Params(names, values);
  }

  public static Params empty() {
    return EMPTY;
  }

  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  public Optional<Object> get(String name) {
    int k = indexOf(name);
    return k < 0 ? Optional.empty() : Optional.ofNullable(values[k]);
  }

  private int indexOf(String name) {
    for (int k = 0; k < names.length; k++) {
      if (names[k] == name) {
        return k; // the usual case: both are the operator's constant
      }
    }
    for (int k = 0; k < names.length; k++) {
      if (names[k].equals(name)) {
        return k;
      }
    }
    return -1;
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

  /**
   * A {@link ParamType#PATH} value: the file {@link ParamBinder} resolved through the host's
   * allowed folders.
   *
   * @throws IllegalStateException when the value is not a resolved path (text put in with {@link
   *     #of}), so that no unchecked path ever reaches a tool
   */
  public Optional<Path> optPath(String name) {
    return get(name)
        .map(
            v -> {
              if (v instanceof Path p) {
                return p;
              }
              throw new IllegalStateException(
                  "parameter '"
                      + name
                      + "' holds "
                      + ParamType.describe(v)
                      + ", not a resolved path; bind it with ParamBinder so the allowed folders"
                      + " apply");
            });
  }

  /**
   * A {@link ParamType#LOCATION} value: a local file resolved inside the host's allowed folders, as
   * a {@code file:} URI, or a location of another scheme as its storage checked it ({@code
   * s3://bucket/key.mp4}).
   *
   * @throws IllegalStateException when the value was not bound by {@link ParamBinder}
   */
  public Optional<URI> optLocation(String name) {
    return get(name)
        .map(
            v -> {
              if (v instanceof Path p) {
                return p.toUri();
              }
              if (v instanceof URI u) {
                return u;
              }
              throw new IllegalStateException(
                  "parameter '"
                      + name
                      + "' holds "
                      + ParamType.describe(v)
                      + ", not a resolved location; bind it with ParamBinder so the allowed"
                      + " folders and storages apply");
            });
  }

  /** Every value, in declaration order (a new unmodifiable map each call). */
  public Map<String, Object> asMap() {
    LinkedHashMap<String, Object> map = new LinkedHashMap<>(names.length * 2);
    for (int k = 0; k < names.length; k++) {
      map.put(names[k], values[k]);
    }
    return Collections.unmodifiableMap(map);
  }

  private static IllegalStateException missing(String name) {
    return new IllegalStateException(
        "parameter '" + name + "' has no value; declare it required or give it a default");
  }

  /** Equal when they hold the same values under the same names, in any order. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Params p) || p.names.length != names.length) {
      return false;
    }
    for (int k = 0; k < names.length; k++) {
      int j = p.indexOf(names[k]);
      if (j < 0 || !Objects.equals(values[k], p.values[j])) {
        return false;
      }
    }
    return true;
  }

  /** The hash code of {@link #asMap()}. */
  @Override
  public int hashCode() {
    int h = 0;
    for (int k = 0; k < names.length; k++) {
      h += names[k].hashCode() ^ Objects.hashCode(values[k]);
    }
    return h;
  }

  /** As {@link #asMap()} prints: {@code {width=640, height=-2}}. */
  @Override
  public String toString() {
    return asMap().toString();
  }
}
