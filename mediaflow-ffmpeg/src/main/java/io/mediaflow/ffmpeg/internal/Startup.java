package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One attempt at getting FFmpeg ready: the programs found on disk, and the checks that run them
 * ({@code ffmpeg -version}, {@code -encoders}, {@code -filters}), all started at once.
 *
 * <p>Each check is a process that takes about 0.1 s, most of it starting up; run one after the
 * other, they were a third of a short command-line job. Started together they overlap each other
 * and the first ffprobe too, which needs only the program's path: the backend runs it at once and
 * then waits for the checks, so a missing or too-old FFmpeg is still the error its caller sees.
 *
 * <p>Every wait is for all the checks, even those the caller does not need, so that no check
 * process is still running when a call of the backend returns (tests and hosts look for leftover
 * FFmpeg processes after a job). A failed version check ends the attempt: the backend starts a new
 * one at its next call, since FFmpeg may be installed while the host runs. A failed capability
 * query is reported by the next {@link #capabilities()}, and queried again by the one after.
 *
 * <p>Thread-safe: concurrent callers share the checks of one attempt.
 */
public final class Startup {

  private static final AtomicInteger THREADS = new AtomicInteger();

  /**
   * A new daemon thread per check rather than the common pool, which has a single thread on a
   * 2-core machine and would run the checks one after the other again. A thread ends with its check
   * and a check with its process (stopped at its timeout), and a daemon never keeps the JVM alive,
   * so nothing needs shutting down.
   */
  private static final Executor CHECKS =
      task -> {
        Thread thread = new Thread(task, "mediaflow-ffmpeg-check-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
      };

  private final Path ffprobe;
  private final ProcessRunner runner;
  private final CompletableFuture<Binaries> binaries;
  private CompletableFuture<Capabilities> capabilities; // guarded by this; null after a failure
  private HardwareEncoders hardware; // guarded by this; tried at the first call that needs it

  private Startup(Binaries.Found found, ProcessRunner runner) {
    this.ffprobe = found.ffprobe();
    this.runner = runner;
    this.binaries = CompletableFuture.supplyAsync(() -> Binaries.check(found), CHECKS);
    this.capabilities = Capabilities.query(found.ffmpeg(), runner, CHECKS);
  }

  /**
   * Finds the programs, then starts checking them in the background.
   *
   * @param runner runs the capability queries
   * @throws MediaFlowException with {@code BINARY_NOT_FOUND} when a program is missing
   */
  public static Startup begin(
      Path explicitFfmpeg, Path explicitFfprobe, Map<String, String> env, ProcessRunner runner) {
    return new Startup(Binaries.find(explicitFfmpeg, explicitFfprobe, env), runner);
  }

  /** The ffprobe program found, usable before its version is checked. */
  public Path ffprobe() {
    return ffprobe;
  }

  /**
   * The checked programs, once every check has ended.
   *
   * @throws MediaFlowException with {@code BINARY_NOT_FOUND} when FFmpeg cannot run or is too old
   */
  public Binaries binaries() {
    awaitAll();
    return await(binaries);
  }

  /**
   * The encoders and filters, once every check has ended. A failed query is reported, then
   * forgotten: the next call queries again.
   *
   * @throws MediaFlowException with {@code BINARY_NOT_FOUND} when FFmpeg cannot run or is too old
   *     (reported first, as when the version was checked before the query ran), or when the query
   *     fails
   */
  public Capabilities capabilities() {
    Binaries checked = binaries();
    CompletableFuture<Capabilities> query;
    synchronized (this) {
      if (capabilities == null) {
        capabilities = Capabilities.query(checked.ffmpeg(), runner, CHECKS);
      }
      query = capabilities;
    }
    try {
      return await(query);
    } catch (MediaFlowException e) {
      synchronized (this) {
        if (capabilities == query && query.isCompletedExceptionally()) {
          capabilities = null;
        }
      }
      throw e;
    }
  }

  /**
   * The hardware encoders of this build and whether each works here, tried (one generated frame
   * each, about 0.1 s apiece) at the first call, never before: a host that asks for no hardware
   * pays nothing, and no trial process outlives the call that started it.
   */
  public synchronized HardwareEncoders hardware() {
    if (hardware == null) {
      hardware =
          HardwareEncoders.probe(
              binaries().ffmpeg(),
              runner,
              capabilities().encoders(),
              HardwareEncoders.DEFAULT_VAAPI_DEVICE);
    }
    return hardware;
  }

  /** Whether the version check failed: this attempt is over, the next call starts another. */
  public boolean failed() {
    return binaries.isCompletedExceptionally();
  }

  /** The checked programs if the version check is done and passed; without waiting. */
  public Optional<Binaries> checked() {
    return binaries.isDone() && !failed() ? Optional.of(binaries.join()) : Optional.empty();
  }

  private void awaitAll() {
    CompletableFuture<?> all;
    synchronized (this) {
      all = capabilities == null ? binaries : CompletableFuture.allOf(binaries, capabilities);
    }
    // handle(): ends normally once all have ended, whatever their outcome
    await(all.handle((ignored, failure) -> null));
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // the checks go on for other callers and end at their own timeout
      throw new MediaFlowException(
          ErrorCode.CANCELLED,
          "interrupted while waiting for the FFmpeg checks",
          "run it again",
          false,
          e);
    } catch (ExecutionException e) {
      throw inCallersThread(e.getCause());
    }
  }

  /**
   * A new exception with the same code, message and cause for each caller: callers share one failed
   * check, and one may add suppressed exceptions to what it got (core's parallel probing does).
   */
  private static RuntimeException inCallersThread(Throwable failure) {
    if (failure instanceof MediaFlowException m) {
      return new MediaFlowException(
          m.code(), m.detail(), m.suggestion(), m.retryable(), m.getCause());
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new MediaFlowException(
        ErrorCode.INTERNAL,
        "checking FFmpeg failed: " + failure,
        "please report this",
        false,
        failure);
  }
}
