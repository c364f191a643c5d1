package io.mediaflow.internal.net;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads an {@code http(s)} URL to a local file without letting the URL reach what it should not
 * (SSRF): every hop is checked by the {@link NetworkGuard} (resolved once, every address
 * classified) and fetched by {@link SafeHttp}, which connects to exactly the checked addresses.
 * Redirects are followed here, at most {@link #MAX_REDIRECTS}, each target checked like the first
 * URL. The body's size and the whole download's time are limited, and a cancel stops it within
 * {@link #CANCEL_CHECK}.
 */
public final class SafeDownloader {

  /** The largest download accepted by default: 2 GiB. */
  public static final long DEFAULT_MAX_BYTES = 2L * 1024 * 1024 * 1024;

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** The longest wait for the next bytes. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The longest a whole download may take. This is what ends a server that trickles a byte at a
   * time: each byte resets the read timeout, the total does not.
   */
  public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofMinutes(30);

  public static final int MAX_REDIRECTS = 3;

  /** The longest a download goes on after it was cancelled, while the server sends nothing. */
  public static final Duration CANCEL_CHECK = SafeHttp.STOP_LATENCY;

  private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9]{1,8}");
  private static final Logger LOG = LoggerFactory.getLogger(SafeDownloader.class);

  private final long maxBytes;
  private final Duration totalTimeout;
  private final NetworkGuard guard;
  private final SafeHttp http;

  /**
   * @param maxBytes the largest body accepted
   * @param totalTimeout the longest a download may take, redirects included
   */
  public SafeDownloader(long maxBytes, Duration totalTimeout, NetworkGuard guard, SafeHttp http) {
    this.maxBytes = maxBytes;
    this.totalTimeout = Objects.requireNonNull(totalTimeout, "totalTimeout");
    this.guard = Objects.requireNonNull(guard, "guard");
    this.http = Objects.requireNonNull(http, "http");
  }

  /**
   * Downloads {@code url} into a new file in {@code directory}.
   *
   * @param where the JSON path of the source, for messages ({@code inputs[1].source})
   * @return the file written
   * @throws ValidationException {@code UNSUPPORTED_SOURCE} for a scheme other than http(s) or a
   *     malformed URL, {@code ADDRESS_NOT_ALLOWED} for a refused address (also behind a redirect)
   * @throws MediaFlowException {@code NETWORK} when the server cannot be reached or answers with an
   *     error (retryable except for client errors and broken HTTP), {@code INPUT_INVALID} when the
   *     body is larger than the limit
   */
  public Path download(String url, Path directory, String where) {
    return download(url, directory, where, () -> false);
  }

  /**
   * Like {@link #download(String, Path, String)}, stopping once {@code cancelled} is true: it is
   * asked before connecting and before every read, and at least every {@link #CANCEL_CHECK} from
   * another thread while the server sends nothing (so it must be thread-safe).
   *
   * @throws MediaFlowException {@code CANCELLED} (not retryable) when it stopped for a cancel; the
   *     file it was writing is deleted
   */
  public Path download(String url, Path directory, String where, BooleanSupplier cancelled) {
    Objects.requireNonNull(cancelled, "cancelled");
    URI uri = NetworkGuard.parse(url, where);
    SafeHttp.Stop stop = new SafeHttp.Stop(cancelled, System.nanoTime() + totalTimeout.toNanos());
    for (int hop = 0; ; hop++) {
      CheckedTarget target = guard.check(uri, where, hop == 0 ? null : url);
      SafeHttp.Response response;
      try {
        response = http.send(SafeHttp.Request.get(target), stop);
      } catch (HttpFailure e) {
        throw failure(e, where, uri.toString());
      }
      try (response) {
        int status = response.status();
        if (status >= 300 && status < 400 && status != 304) {
          String location = response.header("Location").orElse(null);
          if (location == null) {
            throw network(
                where, url, "the server answered " + status + " without a Location", false, null);
          }
          if (hop >= MAX_REDIRECTS) {
            throw network(
                where,
                url,
                "more than " + MAX_REDIRECTS + " redirects (last to " + location + ")",
                false,
                null);
          }
          URI next;
          try {
            next = uri.resolve(location.trim());
          } catch (IllegalArgumentException e) {
            throw network(
                where, url, "the server redirected to a malformed URL: " + location, false, null);
          }
          LOG.debug("{} redirects to {}", uri, next);
          uri = NetworkGuard.parse(next.toString(), where);
          continue;
        }
        if (status != 200) {
          boolean retry = status >= 500 || status == 408 || status == 429;
          throw network(
              where,
              url,
              "the server answered HTTP " + status + " " + response.reason(),
              retry,
              null);
        }
        return save(response, uri, directory, where, url);
      }
    }
  }

  private Path save(SafeHttp.Response response, URI uri, Path directory, String where, String url) {
    long expected = response.contentLength();
    if (expected > maxBytes) {
      throw tooLarge(where, url, expected + " bytes (Content-Length)");
    }
    Path file = null;
    try {
      Files.createDirectories(directory);
      file = Files.createTempFile(directory, "download-", suffix(uri));
      long copied = 0;
      byte[] buffer = new byte[64 * 1024];
      try (OutputStream out = Files.newOutputStream(file)) {
        InputStream body = response.body();
        for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
          copied += n;
          if (copied > maxBytes) {
            throw tooLarge(where, url, "more than " + maxBytes + " bytes");
          }
          out.write(buffer, 0, n);
        }
      }
      LOG.info("downloaded {} ({} bytes) to {}", uri, copied, file);
      return file;
    } catch (HttpFailure e) {
      deleteQuietly(file);
      throw failure(e, where, e.kind() == HttpFailure.Kind.CANCELLED ? uri.toString() : url);
    } catch (IOException e) {
      deleteQuietly(file);
      throw network(where, url, "the download failed: " + e, true, e);
    } catch (RuntimeException e) {
      deleteQuietly(file);
      throw e;
    }
  }

  /** An exchange's failure as the error of a download of {@code url}. */
  private MediaFlowException failure(HttpFailure e, String where, String url) {
    return switch (e.kind()) {
      case CANCELLED ->
          new MediaFlowException(
              ErrorCode.CANCELLED, where + ": the download of " + url + " was stopped", "");
      case DEADLINE ->
          network(where, url, "the download took longer than " + totalTimeout, true, e);
      default -> network(where, url, e.getMessage(), e.kind().retryable(), e);
    };
  }

  private static String suffix(URI uri) {
    String found = extensionOf(uri.getPath() == null ? "" : uri.getPath());
    return found.isEmpty() ? ".bin" : found;
  }

  /**
   * The extension of a path's last name, lower case with its dot ({@code .mp4}), when it is 1 to 8
   * letters and digits; empty otherwise. What a fetched file is named with, so the media tool sees
   * the same extension as the source.
   */
  public static String extensionOf(String path) {
    int slash = path.lastIndexOf('/');
    String name = path.substring(slash + 1);
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1);
    return EXTENSION.matcher(ext).matches() ? "." + ext.toLowerCase(Locale.ROOT) : "";
  }

  private MediaFlowException tooLarge(String where, String url, String size) {
    return new MediaFlowException(
        ErrorCode.INPUT_INVALID,
        where
            + ": "
            + url
            + " is larger than the download limit of "
            + maxBytes
            + " bytes: "
            + size,
        "give a smaller file, or raise the limit (Sources.Builder.maxDownloadBytes)");
  }

  private static MediaFlowException network(
      String where, String url, String what, boolean retry, Throwable cause) {
    return new MediaFlowException(
        ErrorCode.NETWORK,
        where + ": cannot download " + url + ": " + what,
        retry
            ? "check the URL and that the server is reachable; the job can be retried later"
            : "check the URL; the server will answer the same until it is changed",
        retry,
        cause);
  }

  /** Deletes a partial download, if any; logs instead of throwing. */
  public static void deleteQuietly(Path p) {
    if (p == null) {
      return;
    }
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("could not remove the partial download {}: {}", p, e.getMessage());
    }
  }
}
