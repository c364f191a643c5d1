package io.mediaflow.internal.storage;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.spec.InputSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.storage.MediaStorage;
import io.mediaflow.internal.net.AddressClass;
import io.mediaflow.internal.net.NetworkGuard;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storages of an engine, one per URI scheme: those the host added first, then those found
 * through {@link ServiceLoader}, then the built-in ones; the first to claim a scheme serves it. A
 * location without a scheme, or with {@code file:}, is a local file and stays with the workspace.
 */
public final class MediaStorages {

  private static final Logger LOG = LoggerFactory.getLogger(MediaStorages.class);

  /** A URI scheme as RFC 3986 writes it, at least two letters (so {@code C:} is no scheme). */
  private static final Pattern SCHEME =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+):.*", Pattern.DOTALL);

  private final Map<String, MediaStorage> byScheme;
  private final NetworkGuard urlGuard;

  private MediaStorages(Map<String, MediaStorage> byScheme, NetworkGuard urlGuard) {
    this.byScheme = byScheme;
    this.urlGuard = urlGuard;
  }

  /**
   * These storages with the guard that checks the URLs they sign for streamed inputs: public
   * addresses only unless {@code allowPrivateNetwork}, as for URL inputs; the default is public
   * only.
   */
  public MediaStorages allowingPrivateNetwork(boolean allowPrivateNetwork) {
    return new MediaStorages(
        byScheme,
        new NetworkGuard(
            allowPrivateNetwork ? AddressClass.PRIVATE_NETWORK : EnumSet.noneOf(AddressClass.class),
            a -> false,
            InetAddress::getAllByName));
  }

  /**
   * The guard that checks the URL a storage signs for a streamed input before the tool opens it.
   */
  public NetworkGuard urlGuard() {
    return urlGuard;
  }

  /**
   * The storages of {@code hostAdded}, then those {@code loader} finds, then {@code builtIn}, each
   * scheme served by the first that names it.
   *
   * @throws MediaFlowException {@code PLUGIN_LOAD_FAILED} when a storage on the class path cannot
   *     be loaded
   */
  public static MediaStorages of(
      List<MediaStorage> hostAdded, ClassLoader loader, List<MediaStorage> builtIn) {
    List<MediaStorage> all = new ArrayList<>(hostAdded);
    if (loader != null) {
      try {
        ServiceLoader.load(MediaStorage.class, loader).forEach(all::add);
      } catch (ServiceConfigurationError e) {
        throw new MediaFlowException(
            ErrorCode.PLUGIN_LOAD_FAILED,
            "a media storage on the class path cannot be loaded: " + e.getMessage(),
            "check the META-INF/services/io.mediaflow.api.storage.MediaStorage entries",
            false,
            e);
      }
    }
    all.addAll(builtIn);
    Map<String, MediaStorage> byScheme = new LinkedHashMap<>();
    for (MediaStorage s : all) {
      for (String scheme : s.schemes()) {
        String key = scheme.toLowerCase(Locale.ROOT);
        MediaStorage first = byScheme.putIfAbsent(key, s);
        if (first != null && first != s) {
          LOG.info(
              "{}: is served by {}; {} is not used for it",
              key,
              first.getClass().getName(),
              s.getClass().getName());
        }
      }
    }
    return new MediaStorages(
        byScheme,
        new NetworkGuard(
            EnumSet.noneOf(AddressClass.class), a -> false, InetAddress::getAllByName));
  }

  /** Only these storages, for tests. */
  public static MediaStorages of(MediaStorage... storages) {
    return of(List.of(storages), null, List.of());
  }

  /** The scheme of a location, lower case; empty for a plain path. */
  public static Optional<String> scheme(String location) {
    var m = SCHEME.matcher(Objects.requireNonNull(location, "location"));
    return m.matches() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
  }

  /** Whether {@code location} names something other than a local file. */
  public static boolean isRemote(String location) {
    return scheme(location).filter(s -> !s.equals("file")).isPresent();
  }

  /** The schemes served, in the order they were found. */
  public List<String> schemes() {
    return List.copyOf(byScheme.keySet());
  }

  /** The storage of a scheme. */
  public Optional<MediaStorage> forScheme(String scheme) {
    return Optional.ofNullable(byScheme.get(scheme.toLowerCase(Locale.ROOT)));
  }

  /**
   * A remote location resolved by its storage, which must offer {@code op}.
   *
   * @param what {@code source} or {@code destination}, for messages
   * @throws ValidationException {@code UNSUPPORTED_SOURCE} at {@code jsonPath} for a scheme nobody
   *     serves or an operation its storage does not offer; the storage's own violations
   */
  public Resolved resolve(
      String location, String jsonPath, String what, MediaStorage.Operation op) {
    MediaStorage storage = served(location, jsonPath, what);
    if (!storage.operations().contains(op)) {
      throw new ValidationException(
          new Violation(
              jsonPath,
              ErrorCode.UNSUPPORTED_SOURCE,
              what
                  + " \""
                  + location
                  + "\": "
                  + scheme(location).orElseThrow()
                  + ": locations cannot be "
                  + (op == MediaStorage.Operation.PUT ? "written" : "read")
                  + " (its storage offers "
                  + storage.operations()
                  + ")",
              op == MediaStorage.Operation.PUT
                  ? "write to file: or s3:, and publish the file from there"
                  : "read from file:, http(s): or s3:"));
    }
    return resolved(storage, location, jsonPath);
  }

  /**
   * A remote location resolved by its storage, whatever it will be asked to do: the action that
   * names it checks the operation when it runs.
   *
   * @throws ValidationException {@code UNSUPPORTED_SOURCE} at {@code jsonPath} for a scheme nobody
   *     serves; the storage's own violations
   */
  public Resolved resolve(String location, String jsonPath, String what) {
    return resolved(served(location, jsonPath, what), location, jsonPath);
  }

  private static Resolved resolved(MediaStorage storage, String location, String jsonPath) {
    return new Resolved(storage, storage.resolve(location, jsonPath), jsonPath);
  }

  /** The storage of a remote location's scheme, or the violation of a scheme nobody serves. */
  private MediaStorage served(String location, String jsonPath, String what) {
    String scheme =
        scheme(location)
            .orElseThrow(() -> new IllegalArgumentException("not a remote location: " + location));
    MediaStorage storage = byScheme.get(scheme);
    if (storage == null) {
      throw new ValidationException(
          new Violation(
              jsonPath,
              ErrorCode.UNSUPPORTED_SOURCE,
              what
                  + " \""
                  + location
                  + "\" has the scheme "
                  + scheme
                  + ":, which no storage serves",
              "use file:, http(s): or s3:, or add a MediaStorage for "
                  + scheme
                  + ": (MediaFlow.Builder.mediaStorage, or META-INF/services)"));
    }
    return storage;
  }

  /**
   * Every remote source and destination of {@code spec} checked as {@link #resolve} does, the
   * problems all at once; local files are left to the workspace.
   */
  public List<Violation> problems(JobSpec spec) {
    List<Violation> found = new ArrayList<>();
    for (int i = 0; i < spec.inputs().size(); i++) {
      InputSpec input = spec.inputs().get(i);
      if (input.read() == InputSpec.Read.STREAM && !isRemote(input.source())) {
        found.add(
            new Violation(
                "inputs[" + i + "].read",
                ErrorCode.UNSUPPORTED_SOURCE,
                "\"stream\" reads a remote source from a URL its store signs, and \""
                    + input.source()
                    + "\" is a local file",
                "leave \"read\" out for a local file; \"stream\" is for s3: sources"));
      }
      check(
          spec.inputs().get(i).source(),
          "inputs[" + i + "].source",
          "source",
          MediaStorage.Operation.FETCH,
          found);
    }
    for (int i = 0; i < spec.outputs().size(); i++) {
      check(
          spec.outputs().get(i).destination(),
          "outputs[" + i + "].destination",
          "destination",
          MediaStorage.Operation.PUT,
          found);
    }
    return found;
  }

  private void check(
      String location,
      String jsonPath,
      String what,
      MediaStorage.Operation op,
      List<Violation> found) {
    if (!isRemote(location)) {
      return;
    }
    try {
      resolve(location, jsonPath, what, op);
    } catch (ValidationException e) {
      found.addAll(e.violations());
    }
  }

  /**
   * A location and its storage.
   *
   * @param jsonPath where the spec named it
   */
  public record Resolved(MediaStorage storage, URI uri, String jsonPath) {}
}
