package io.mediaflow.samples.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns Ctrl-C during a run into a cancel: the shutdown hook raises the flag the runner polls, then
 * holds the JVM open until the run has stopped FFmpeg and removed its temp files, so an interrupted
 * job leaves no half-written output behind.
 */
final class Interruption implements AutoCloseable {

  /** How long Ctrl-C waits for the run to clean up before the JVM goes anyway. */
  static final Duration CLEANUP_GRACE = Duration.ofSeconds(10);

  private final AtomicBoolean requested = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook = new Thread(this::onShutdown, "mediaflow-interrupt");

  private Interruption() {}

  static Interruption watch() {
    Interruption interruption = new Interruption();
    Runtime.getRuntime().addShutdownHook(interruption.hook);
    return interruption;
  }

  boolean requested() {
    return requested.get();
  }

  private void onShutdown() {
    requested.set(true);
    try {
      finished.await(CLEANUP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
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
      // the hook is running: it returns now that the run is over
    }
  }
}
