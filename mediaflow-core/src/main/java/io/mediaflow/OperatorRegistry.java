package io.mediaflow;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.operator.Operator;
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
import java.util.regex.Pattern;

/**
 * The operators a job may use, found through {@link ServiceLoader}: every jar with a {@code
 * META-INF/services/io.mediaflow.api.operator.Operator} entry adds its operators.
 *
 * <p>Two operators with the same name are an error that names both classes and the jars they come
 * from, so a clash between plugins is found at start, not at the first job.
 *
 * {@snippet :
 * OperatorRegistry operators = OperatorRegistry.load(Thread.currentThread().getContextClassLoader());
 * Operator trim = operators.find("trim").orElseThrow();
 * }
 */
public final class OperatorRegistry {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private final Map<String, Operator> byName;

  private OperatorRegistry(Map<String, Operator> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /**
   * Loads every operator visible to {@code loader}.
   *
   * @throws MediaFlowException {@code DUPLICATE_OPERATOR} when two operators share a name, {@code
   *     PLUGIN_LOAD_FAILED} when one cannot be created
   */
  public static OperatorRegistry load(ClassLoader loader) {
    Objects.requireNonNull(loader, "loader");
    Map<String, Operator> found = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    ServiceLoader<Operator> services = ServiceLoader.load(Operator.class, loader);
    List<ServiceLoader.Provider<Operator>> providers = new ArrayList<>();
    try {
      services.stream().forEach(providers::add);
    } catch (ServiceConfigurationError e) {
      throw loadFailed(e);
    }
    for (ServiceLoader.Provider<Operator> provider : providers) {
      Operator operator;
      try {
        operator = provider.get();
      } catch (ServiceConfigurationError | RuntimeException e) {
        throw loadFailed(e);
      }
      add(found, origins, operator, origin(provider.type()));
    }
    return new OperatorRegistry(found);
  }

  /** A registry of exactly these operators, for tests and hosts that register by hand. */
  public static OperatorRegistry of(Operator... operators) {
    Map<String, Operator> found = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    for (Operator operator : operators) {
      add(found, origins, operator, origin(operator.getClass()));
    }
    return new OperatorRegistry(found);
  }

  private static void add(
      Map<String, Operator> found, Map<String, String> origins, Operator operator, String origin) {
    String name = operator.name();
    if (name == null || !NAME.matcher(name).matches()) {
      throw new MediaFlowException(
          ErrorCode.PLUGIN_LOAD_FAILED,
          "operator "
              + operator.getClass().getName()
              + " ("
              + origin
              + ") has an invalid name \""
              + name
              + "\"",
          "operator names are lower-case letters, digits and '_', starting with a letter");
    }
    Operator previous = found.putIfAbsent(name, operator);
    if (previous != null) {
      throw new MediaFlowException(
          ErrorCode.DUPLICATE_OPERATOR,
          "operator '"
              + name
              + "' is provided twice: by "
              + previous.getClass().getName()
              + " from "
              + origins.get(name)
              + " and by "
              + operator.getClass().getName()
              + " from "
              + origin,
          "remove one of the two jars from the class path or the plugins folder");
    }
    origins.put(name, origin);
  }

  private static MediaFlowException loadFailed(Throwable e) {
    return new MediaFlowException(
        ErrorCode.PLUGIN_LOAD_FAILED,
        "an operator plugin could not be loaded: " + e.getMessage(),
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

  /** The operator with this name, if one is registered. */
  public Optional<Operator> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every operator, sorted by name. */
  public List<Operator> all() {
    return byName.values().stream().sorted(Comparator.comparing(Operator::name)).toList();
  }

  /** Every name, sorted. */
  public List<String> names() {
    return byName.keySet().stream().sorted().toList();
  }
}
