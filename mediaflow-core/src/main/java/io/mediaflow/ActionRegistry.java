package io.mediaflow;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.workflow.WorkflowErrors;
import io.mediaflow.internal.action.BuiltinActions;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The actions workflow nodes may call: those found through {@link ServiceLoader} (every jar with a
 * {@code META-INF/services/io.mediaflow.api.action.Action} entry) and those the host registers with
 * {@code MediaFlow.builder().action(...)}.
 *
 * <p>Two actions with the same name are an error that names both classes and where they come from,
 * so a clash is found when the engine is built, not at the first run.
 *
 * {@snippet :
 * ActionRegistry actions = ActionRegistry.load(getClass().getClassLoader(), List.of(new TagAction()));
 * Action tag = actions.find("media.tag").orElseThrow();
 * }
 */
public final class ActionRegistry {

  private final Map<String, Action> byName;

  private ActionRegistry(Map<String, Action> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /**
   * Every action visible to {@code loader}, then the host's, then the built-in ones whose names
   * neither took: a plugin or the host replaces a built-in action by registering one of its name.
   *
   * @throws MediaFlowException {@code DUPLICATE_ACTION} when two actions share a name, {@code
   *     PLUGIN_LOAD_FAILED} when one cannot be created or its name is not its descriptor's
   */
  public static ActionRegistry load(ClassLoader loader, List<? extends Action> hostActions) {
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(hostActions, "hostActions");
    Map<String, Action> found = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    List<ServiceLoader.Provider<Action>> providers = new ArrayList<>();
    try {
      ServiceLoader.load(Action.class, loader).stream().forEach(providers::add);
    } catch (ServiceConfigurationError e) {
      throw loadFailed(e);
    }
    for (ServiceLoader.Provider<Action> provider : providers) {
      Action action;
      try {
        action = provider.get();
      } catch (ServiceConfigurationError | RuntimeException e) {
        throw loadFailed(e);
      }
      add(found, origins, action, "found through ServiceLoader in " + origin(provider.type()));
    }
    for (Action action : hostActions) {
      add(found, origins, Objects.requireNonNull(action, "action"), "registered by the host");
    }
    // a plugin's or the host's action replaces the built-in one of the same name
    for (Action action : BuiltinActions.all()) {
      found.putIfAbsent(action.name(), action);
    }
    return new ActionRegistry(found);
  }

  /** A registry of exactly these actions, for tests and hosts that register by hand. */
  public static ActionRegistry of(Action... actions) {
    Map<String, Action> found = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    for (Action action : actions) {
      add(found, origins, action, "registered by the host");
    }
    return new ActionRegistry(found);
  }

  private static void add(
      Map<String, Action> found, Map<String, String> origins, Action action, String origin) {
    String name;
    try {
      name = action.descriptor().name();
    } catch (RuntimeException e) {
      throw new MediaFlowException(
          ErrorCode.PLUGIN_LOAD_FAILED,
          "action "
              + action.getClass().getName()
              + " ("
              + origin
              + ") has no valid descriptor: "
              + e.getMessage(),
          "fix the action's descriptor(): its name is lower-case words joined by dots",
          false,
          e);
    }
    if (!name.equals(action.name())) {
      throw new MediaFlowException(
          ErrorCode.PLUGIN_LOAD_FAILED,
          "action "
              + action.getClass().getName()
              + " ("
              + origin
              + ") is named '"
              + action.name()
              + "' but its descriptor says '"
              + name
              + "'",
          "leave name() to its default, which is the descriptor's name");
    }
    Action previous = found.putIfAbsent(name, action);
    if (previous != null) {
      throw new MediaFlowException(
          WorkflowErrors.DUPLICATE_ACTION,
          "action '"
              + name
              + "' is provided twice: by "
              + previous.getClass().getName()
              + " ("
              + origins.get(name)
              + ") and by "
              + action.getClass().getName()
              + " ("
              + origin
              + ")",
          "register each action once, or remove one of the two jars");
    }
    origins.put(name, origin);
  }

  private static MediaFlowException loadFailed(Throwable e) {
    return new MediaFlowException(
        ErrorCode.PLUGIN_LOAD_FAILED,
        "an action plugin could not be loaded: " + e.getMessage(),
        "check that the plugin jar is built for this mediaflow version and has a public no-arg"
            + " constructor",
        false,
        e);
  }

  private static String origin(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    return location == null ? "(unknown location)" : location.toString();
  }

  /** The action with this name, if one is registered. */
  public Optional<Action> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every action, sorted by name. */
  public List<Action> all() {
    return byName.values().stream().sorted(Comparator.comparing(Action::name)).toList();
  }

  /** Every name, sorted. */
  public List<String> names() {
    return byName.keySet().stream().sorted().toList();
  }
}
