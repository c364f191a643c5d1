package io.mediaflow;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.operator.Operator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
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

  private static final String SERVICE_FILE = "META-INF/services/" + Operator.class.getName();

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
    Map<String, List<String>> listings = serviceListings(loader);
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
      List<String> listedBy = listings.getOrDefault(provider.type().getName(), List.of());
      if (listedBy.size() > 1) {
        throw twice(operator.name(), provider.type().getName(), listedBy.get(0), listedBy.get(1));
      }
      add(found, origins, operator, origin(provider.type()));
    }
    return new OperatorRegistry(found);
  }

  /**
   * Where each operator class is listed as a service. {@link ServiceLoader} loads a class listed by
   * two jars once, from the first, and says nothing: two versions of one plugin in a folder would
   * otherwise pass unnoticed, the older one perhaps winning.
   */
  private static Map<String, List<String>> serviceListings(ClassLoader loader) {
    Map<String, List<String>> listings = new HashMap<>();
    try {
      Enumeration<URL> files = loader.getResources(SERVICE_FILE);
      while (files.hasMoreElements()) {
        URL file = files.nextElement();
        String where = listingLocation(file);
        try (BufferedReader in =
            new BufferedReader(new InputStreamReader(file.openStream(), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            int hash = line.indexOf('#');
            String name = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (!name.isEmpty()) {
              List<String> places = listings.computeIfAbsent(name, k -> new ArrayList<>());
              if (!places.contains(where)) {
                places.add(where);
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw loadFailed(e);
    }
    return listings;
  }

  /** The jar (or folder) a service file lies in. */
  private static String listingLocation(URL file) {
    String text = file.toString();
    if (text.startsWith("jar:") && text.contains("!/")) {
      return text.substring("jar:".length(), text.indexOf("!/"));
    }
    return text.endsWith(SERVICE_FILE)
        ? text.substring(0, text.length() - SERVICE_FILE.length())
        : text;
  }

  private static MediaFlowException twice(
      String name, String className, String firstOrigin, String secondOrigin) {
    return new MediaFlowException(
        ErrorCode.DUPLICATE_OPERATOR,
        "operator '"
            + name
            + "' is provided twice: by "
            + className
            + " from "
            + firstOrigin
            + " and by "
            + className
            + " from "
            + secondOrigin,
        "remove one of the two jars from the class path or the plugins folder");
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
