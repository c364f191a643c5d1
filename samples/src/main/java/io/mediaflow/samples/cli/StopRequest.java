package io.mediaflow.samples.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What stops a long-running command: Ctrl-C or SIGTERM (a shutdown hook), or an interrupt of the
 * command's thread (how a host running it in its own JVM stops it). The hook holds the JVM open
 * until the command has drained, at most {@link #GRACE}, since the JVM halts when the hook returns.
 */
final class StopRequest implements AutoCloseable {

  /** How long Ctrl-C waits for the engine to drain: its drain timeout and a margin. */
  static final Duration GRACE = Duration.ofSeconds(45);

  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook = new Thread(this::hookRuns, "mediaflow-stop");

  private StopRequest() {}

  static StopRequest watch() {
    StopRequest stop = new StopRequest();
    Runtime.getRuntime().addShutdownHook(stop.hook);
    return stop;
  }

  /** Returns when a stop is requested, by the hook or by an interrupt. */
  void await() {
    try {
      requested.await();
    } catch (InterruptedException e) {
      // a stop request too; the flag is cleared so that the drain's own waits work
    }
  }

  private void hookRuns() {
    requested.countDown();
    try {
      finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
