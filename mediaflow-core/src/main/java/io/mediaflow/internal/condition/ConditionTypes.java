package io.mediaflow.internal.condition;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.condition.ConditionType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * The custom condition types of an engine: those the host registered, then those found through
 * {@link ServiceLoader}. Two with one name fail at build time.
 */
public final class ConditionTypes {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final Map<String, ConditionType> byName;

  private ConditionTypes(Map<String, ConditionType> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** No custom types. */
  public static ConditionTypes none() {
    return new ConditionTypes(new LinkedHashMap<>());
  }

  /**
   * The host's types and those {@code loader} finds.
   *
   * @throws MediaFlowException {@code DUPLICATE_CONDITION_TYPE}... as {@code CONDITION_INVALID}
   *     when two have one name or a name is not allowed
   */
  public static ConditionTypes load(List<ConditionType> host, ClassLoader loader) {
    List<ConditionType> all = new ArrayList<>(host);
    ServiceLoader.load(ConditionType.class, loader).forEach(all::add);
    return of(all);
  }

  /** Exactly these types. */
  public static ConditionTypes of(List<ConditionType> types) {
    Map<String, ConditionType> byName = new LinkedHashMap<>();
    for (ConditionType t : types) {
      String name = t.name();
      if (name == null || !NAME.matcher(name).matches()) {
        throw new MediaFlowException(
            io.mediaflow.api.condition.ConditionErrors.CONDITION_INVALID,
            "condition type "
                + t.getClass().getName()
                + " has the name \""
                + name
                + "\", which is not allowed",
            "use 1 to 128 letters, digits, '.', '_' or '-'");
      }
      ConditionType before = byName.putIfAbsent(name, t);
      if (before != null) {
        throw new MediaFlowException(
            io.mediaflow.api.condition.ConditionErrors.CONDITION_INVALID,
            "two condition types are named \""
                + name
                + "\": "
                + before.getClass().getName()
                + " and "
                + t.getClass().getName(),
            "register one type per name");
      }
    }
    return new ConditionTypes(byName);
  }

  /** The type with this name, if any. */
  public Optional<ConditionType> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every name, in registration order. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }
}
