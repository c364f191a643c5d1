package io.mediaflow.samples.cli;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Turns Ctrl-C or SIGTERM during a command into a clean stop. The shutdown hook raises the flag the
 * downloader and the runner poll, then holds the JVM open while the command stops FFmpeg and
 * removes its temp files and downloads, so an interrupted command leaves no half-written output and
 * no download folder behind.
 *
 * <p>A program that polls nothing (ffprobe, blocked on an input that never comes) is stopped by the
 * hook: when the command has not ended shortly after the flag went up, every child process of the
 * JVM gets SIGTERM, then SIGKILL. If the command still has not ended when the clean-up grace is
 * over, the hook removes what was registered with {@link #onAbandon} itself, since the JVM halts
 * when the hook returns.
 */
final class Interruption implements AutoCloseable {

  /** How long Ctrl-C waits for the command to clean up before the JVM goes anyway. */
  static final Duration CLEANUP_GRACE = Duration.ofSeconds(10);

  /**
   * How long the command has to stop its own children once the flag is up (the runner sees it
   * within 0.1 s) before the hook stops them: a run stopped by its runner reports a cancel, not the
   * failure of a program killed under it.
   */
  static final Duration OWN_STOP = Duration.ofSeconds(1);

  /** How long a child process may take to exit after SIGTERM before it is killed. */
  static final Duration CHILD_STOP_GRACE = Duration.ofSeconds(3);

  private final AtomicBoolean requested = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final List<Runnable> abandonActions = new CopyOnWriteArrayList<>();
  private final Thread hook = new Thread(this::onShutdown, "mediaflow-interrupt");

  private Interruption() {}

  static Interruption watch() {
    Interruption interruption = new Interruption();
    Runtime.getRuntime().addShutdownHook(interruption.hook);
    return interruption;
  }

  /**
   * Runs {@code command} under a watch. A failure that follows an interruption (a program killed
   * under a probe, a download stopped) is reported as {@code CANCELLED}, which is what happened.
   */
  static <T> T during(Function<Interruption, T> command) {
    try (Interruption interruption = watch()) {
      try {
        return command.apply(interruption);
      } catch (RuntimeException e) {
        if (interruption.requested()
            && !(e instanceof MediaFlowException m && m.code().equals(ErrorCode.CANCELLED))) {
          throw new MediaFlowException(
              ErrorCode.CANCELLED,
              "interrupted; child processes were stopped and temp files removed",
              "",
              false,
              e);
        }
        throw e;
      }
    }
  }

  boolean requested() {
    return requested.get();
  }

  /**
   * Registers a clean-up the command does itself when it ends, for the hook to run if the command
   * has not ended within the grace period. Must be idempotent and never throw.
   */
  void onAbandon(Runnable cleanup) {
    abandonActions.add(cleanup);
  }

  private void onShutdown() {
    requested.set(true);
    long deadline = System.nanoTime() + CLEANUP_GRACE.toNanos();
    if (!awaitFinished(OWN_STOP.toNanos())) {
      stopChildren(); // what the command cannot stop itself: a probe's ffprobe, a check
      if (!awaitFinished(deadline - System.nanoTime())) {
        abandonActions.forEach(Runnable::run);
      }
    }
    stopChildren(); // left by a command that ended without waiting for one
  }

  private boolean awaitFinished(long nanos) {
    try {
      return finished.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGTERM to every descendant of this JVM, SIGKILL to those left after the grace period. */
  private static void stopChildren() {
    List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
    if (children.isEmpty()) {
      return;
    }
    children.forEach(ProcessHandle::destroy);
    if (!awaitExit(children, CHILD_STOP_GRACE)) {
      children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      awaitExit(children, CHILD_STOP_GRACE);
    }
  }

  private static boolean awaitExit(List<ProcessHandle> processes, Duration limit) {
    CompletableFuture<?>[] exits =
        processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(exits).get(limit.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it returns now that the command is over
    }
  }
}
