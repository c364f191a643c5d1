package io.mediaflow.internal.media;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.media.MediaInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Probes many files at once, at most {@code concurrency} at a time: a job with ten inputs waits for
 * the slowest probe, not for the sum of them.
 *
 * {@snippet :
 * Map<String, MediaInfo> media = ParallelProber.probeAll(backend, locations.inputs());
 * }
 */
public final class ParallelProber {

  private ParallelProber() {}

  /** The default concurrency: the number of processors. */
  public static int defaultConcurrency() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** {@link #probeAll(MediaBackend, Map, int)} with one probe per processor. */
  public static <K> Map<K, MediaInfo> probeAll(MediaBackend backend, Map<K, Path> files) {
    return probeAll(backend, files, defaultConcurrency());
  }

  /**
   * Probes every file, at most {@code concurrency} at a time.
   *
   * @param files the files by key (an input id), in the order the result keeps
   * @return what each file holds, in the order of {@code files}
   * @throws MediaFlowException the failure of the first file, in the order of {@code files}, that
   *     failed; the others' failures are attached as suppressed exceptions. Every probe is awaited
   *     first, so no ffprobe is left running.
   */
  public static <K> Map<K, MediaInfo> probeAll(
      MediaBackend backend, Map<K, Path> files, int concurrency) {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(files, "files");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1 but was " + concurrency);
    }
    Map<K, MediaInfo> result = new LinkedHashMap<>();
    if (files.size() <= 1 || concurrency == 1) {
      files.forEach((key, path) -> result.put(key, backend.probe(path)));
      return result;
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(concurrency, files.size()),
            r -> {
              Thread t = new Thread(r, "mediaflow-probe-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      Map<K, Future<MediaInfo>> pending = new LinkedHashMap<>();
      files.forEach((key, path) -> pending.put(key, pool.submit(() -> backend.probe(path))));
      List<RuntimeException> failures = new ArrayList<>();
      for (Map.Entry<K, Future<MediaInfo>> e : pending.entrySet()) {
        try {
          result.put(e.getKey(), e.getValue().get());
        } catch (ExecutionException ex) {
          failures.add(unwrap(ex.getCause()));
        } catch (InterruptedException ex) {
          pending.values().forEach(f -> f.cancel(true));
          Thread.currentThread().interrupt();
          throw new MediaFlowException(
              ErrorCode.CANCELLED, "probing was interrupted", "run the job again", false, ex);
        }
      }
      if (!failures.isEmpty()) {
        RuntimeException first = failures.get(0);
        failures.subList(1, failures.size()).forEach(first::addSuppressed);
        throw first;
      }
      return result;
    } finally {
      pool.shutdownNow();
    }
  }

  private static RuntimeException unwrap(Throwable cause) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return new MediaFlowException(
        ErrorCode.INTERNAL, "probing failed: " + cause, "please report this", false, cause);
  }
}
