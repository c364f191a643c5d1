package io.mediaflow.internal.media;

import io.mediaflow.api.spec.InputSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.internal.DownloadFolders;
import io.mediaflow.internal.net.AddressClass;
import io.mediaflow.internal.net.CloudMetadata;
import io.mediaflow.internal.net.NetworkGuard;
import io.mediaflow.internal.net.SafeDownloader;
import io.mediaflow.internal.net.SafeHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a spec's {@code http(s)} inputs into local files before anything else reads them, so
 * {@link Workspace} and the media tool only ever see local paths. Downloads are SSRF-guarded: the
 * host is resolved once, loopback, private, link-local, multicast and reserved addresses are
 * refused unless allowed, the connection goes to the address that was checked, redirects (at most
 * three) are checked the same way, and the size and the time are limited.
 *
 * {@snippet :
 * Sources sources = Sources.builder().downloadDirectory(tempDir).build();
 * try (Sources.Fetched fetched = sources.fetch(spec)) {
 *   Workspace workspace = Workspace.builder().baseDirectory(dir).allowRoot(tempDir).build();
 *   Locations where = workspace.resolve(fetched.spec());
 *   // probe, plan and run
 * } // the downloads are deleted here
 * }
 *
 * <p>The download directory must be one of the workspace's allowed roots.
 */
public final class Sources {

  private static final Logger LOG = LoggerFactory.getLogger(Sources.class);

  private final Path directory;
  private final SafeDownloader downloader;

  private Sources(Path directory, SafeDownloader downloader) {
    this.directory = directory;
    this.downloader = downloader;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A new, private (owner-only) folder for downloads in {@code root}: {@code
   * mediaflow-downloads-RANDOM.PID-HOST}, named after this process so that a later call, in any
   * process on this host, removes it if this process is killed before it could ({@link
   * #deleteDownloadDirectory}). Each call first removes the download folders in {@code root} that
   * processes which are gone left there; never those of a live process.
   *
   * @throws IOException when the folder cannot be made
   */
  public static Path createDownloadDirectory(Path root) throws IOException {
    Objects.requireNonNull(root, "root");
    DownloadFolders.sweep(root);
    return DownloadFolders.create(root, DownloadFolders.COMMAND_PREFIX);
  }

  /** Deletes a download folder and everything in it; never throws. */
  public static void deleteDownloadDirectory(Path directory) {
    DownloadFolders.delete(Objects.requireNonNull(directory, "directory"));
  }

  /** Whether a source is an {@code http(s)} URL this class fetches. */
  public static boolean isUrl(String source) {
    String lower = source.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  /**
   * Downloads every URL input of {@code spec}, one after the other.
   *
   * @return the spec with each URL input's source replaced by {@code file:<download>}, and the
   *     downloads, which {@link Fetched#close()} deletes; the spec itself when it has no URL input
   * @throws io.mediaflow.api.ValidationException {@code ADDRESS_NOT_ALLOWED} or {@code
   *     UNSUPPORTED_SOURCE} at {@code inputs[i].source}
   * @throws io.mediaflow.api.MediaFlowException {@code NETWORK} when a download fails, {@code
   *     INPUT_INVALID} when it is over the size limit. Files already downloaded are deleted.
   */
  public Fetched fetch(JobSpec spec) {
    return fetch(spec, (url, download) -> download.get());
  }

  /**
   * Like {@link #fetch(JobSpec)}, with each download run through {@code around}: a host may wrap it
   * in a circuit breaker per remote host, check for a cancel before it, or time it.
   *
   * {@snippet :
   * sources.fetch(spec, (url, download) -> {
   *   checkNotCancelled();
   *   return download.get();
   * });
   * }
   */
  public Fetched fetch(JobSpec spec, Around around) {
    return fetch(spec, around, () -> false);
  }

  /**
   * Like {@link #fetch(JobSpec, Around)}, and a download under way stops within a fraction of a
   * second once {@code cancelled} is true, also while the server sends nothing (a blocked socket
   * read does not see a thread interrupt).
   *
   * {@snippet :
   * sources.fetch(spec, (url, download) -> download.get(), ctx::isCancelled);
   * }
   *
   * @param cancelled asked between reads and at least every 250 ms; cheap and thread-safe
   * @throws io.mediaflow.api.MediaFlowException {@code CANCELLED} (not retryable) when a download
   *     stopped for a cancel; its partial file and the files already downloaded are deleted
   */
  public Fetched fetch(JobSpec spec, Around around, BooleanSupplier cancelled) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(around, "around");
    Objects.requireNonNull(cancelled, "cancelled");
    List<InputSpec> inputs = new ArrayList<>();
    List<Path> downloads = new ArrayList<>();
    try {
      for (int i = 0; i < spec.inputs().size(); i++) {
        InputSpec input = spec.inputs().get(i);
        if (!isUrl(input.source())) {
          inputs.add(input);
          continue;
        }
        String where = "inputs[" + i + "].source";
        Path file =
            Objects.requireNonNull(
                around.download(
                    input.source(),
                    () -> downloader.download(input.source(), directory, where, cancelled)),
                "the download's file");
        downloads.add(file);
        inputs.add(new InputSpec(input.id(), "file:" + file.toAbsolutePath()));
      }
    } catch (RuntimeException e) {
      new Fetched(spec, downloads).close();
      throw e;
    }
    if (downloads.isEmpty()) {
      return new Fetched(spec, List.of());
    }
    return new Fetched(
        new JobSpec(spec.version(), inputs, spec.operations(), spec.outputs()), downloads);
  }

  /**
   * Downloads one URL into the download directory, as {@link #fetch(JobSpec, Around,
   * BooleanSupplier)} does for each URL input.
   *
   * @param where the JSON path of the source, for messages ({@code inputs[1].source})
   * @return the file written
   */
  public Path download(String url, String where, BooleanSupplier cancelled) {
    return downloader.download(url, directory, where, cancelled);
  }

  /** Runs one download of {@link #fetch(JobSpec, Around)}; see there. */
  @FunctionalInterface
  public interface Around {
    /**
     * Runs {@code download}, the fetch of {@code url}, and returns the file it wrote; or throws
     * instead of running it. Whatever it throws ends the fetch, and the files already downloaded
     * are deleted.
     */
    Path download(String url, Supplier<Path> download);
  }

  /**
   * A spec whose URL inputs are local files.
   *
   * @param spec the spec to resolve, plan and run
   * @param downloads the files written, deleted by {@link #close()}
   */
  public record Fetched(JobSpec spec, List<Path> downloads) implements AutoCloseable {

    public Fetched {
      Objects.requireNonNull(spec, "spec");
      downloads = List.copyOf(downloads);
    }

    /** Deletes the downloads; never throws. */
    @Override
    public void close() {
      for (Path p : downloads) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.warn("could not remove download {}: {}", p, e.getMessage());
        }
      }
    }
  }

  /** Builds {@link Sources}; each option may be set once. */
  public static final class Builder {
    private Path directory;
    private long maxBytes = SafeDownloader.DEFAULT_MAX_BYTES;
    private Duration connectTimeout = SafeDownloader.DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = SafeDownloader.DEFAULT_READ_TIMEOUT;
    private Duration totalTimeout = SafeDownloader.DEFAULT_TOTAL_TIMEOUT;
    private final Set<AddressClass> allowed = EnumSet.noneOf(AddressClass.class);
    private final List<InetAddress> allowedAddresses = new ArrayList<>();
    private NetworkGuard.Resolver resolver = InetAddress::getAllByName;
    private SSLContext tls;
    private final Set<String> set = new HashSet<>();

    private Builder() {}

    /** Where downloads are written; required. Must be an allowed root of the workspace. */
    public Builder downloadDirectory(Path dir) {
      once("downloadDirectory");
      this.directory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** The largest download; default 2 GiB. */
    public Builder maxDownloadBytes(long bytes) {
      once("maxDownloadBytes");
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxDownloadBytes must be positive but was " + bytes);
      }
      this.maxBytes = bytes;
      return this;
    }

    /** The longest wait to connect; default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      once("connectTimeout");
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /**
     * The longest silence: waiting for the response head, or for the next bytes of the body;
     * default 30 s. A server that sends a byte now and then never reaches it: {@link #totalTimeout}
     * ends that one.
     */
    public Builder readTimeout(Duration timeout) {
      once("readTimeout");
      this.readTimeout = positive("readTimeout", timeout);
      return this;
    }

    /**
     * The longest one download may take, redirects included; default 30 min. It ends a download
     * however the server behaves, also one that trickles a byte a second or has gone silent for
     * less than the read timeout.
     */
    public Builder totalTimeout(Duration timeout) {
      once("totalTimeout");
      this.totalTimeout = positive("totalTimeout", timeout);
      return this;
    }

    /**
     * Allows loopback, private (10/8, 172.16/12, 192.168/16), shared (100.64/10) and unique local
     * (fc00::/7) addresses. Link-local addresses (169.254/16), multicast, unspecified and reserved
     * ones stay refused, and cloud metadata addresses ({@code fd00:ec2::254}, {@code
     * 100.100.100.200}, … see {@code CloudMetadata}) always are.
     */
    public Builder allowPrivateNetwork() {
      once("allowPrivateNetwork");
      allowed.addAll(AddressClass.PRIVATE_NETWORK);
      return this;
    }

    /**
     * Allows one address whatever its kind, such as an internal media server's; never a cloud
     * metadata address.
     *
     * @throws IllegalArgumentException for a cloud metadata address (169.254.169.254,
     *     fd00:ec2::254, 168.63.129.16, …), which no option allows
     */
    public Builder allowAddress(InetAddress address) {
      Objects.requireNonNull(address, "address");
      if (CloudMetadata.contains(address)) {
        throw new IllegalArgumentException(
            address.getHostAddress()
                + " is a cloud metadata address; jobs may never fetch from it");
      }
      allowedAddresses.add(address);
      return this;
    }

    /** How host names are resolved; for tests. */
    Builder resolver(NetworkGuard.Resolver value) {
      this.resolver = Objects.requireNonNull(value, "value");
      return this;
    }

    /** Whom https trusts instead of the JVM's default; for tests. */
    Builder tls(SSLContext value) {
      this.tls = Objects.requireNonNull(value, "value");
      return this;
    }

    public Sources build() {
      if (directory == null) {
        throw new IllegalStateException("downloadDirectory is required");
      }
      Set<InetAddress> exact = Set.copyOf(allowedAddresses);
      Predicate<InetAddress> allowAddress = exact::contains;
      LOG.info(
          "downloads to {}: at most {} bytes, timeouts connect {} read {} total {}, allowed {} {}",
          directory,
          maxBytes,
          connectTimeout,
          readTimeout,
          totalTimeout,
          allowed.isEmpty() ? "public addresses only" : "public and " + allowed,
          exact.isEmpty() ? "" : "and " + exact);
      return new Sources(
          directory,
          new SafeDownloader(
              maxBytes,
              totalTimeout,
              new NetworkGuard(allowed, allowAddress, resolver),
              SafeHttp.create(new SafeHttp.Settings(connectTimeout, readTimeout, tls))));
    }

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set; set it once");
      }
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive but was " + d);
      }
      return d;
    }
  }
}
