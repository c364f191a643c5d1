package io.mediaflow.internal.workflow.run;

import java.time.Clock;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Stops an action that runs past its node's {@code timeout} on the run's thread: it looks at the
 * engine's clock a few times per timeout and, once the deadline has passed, interrupts the thread
 * once (a blocking call, a process the action waits for, an HTTP exchange end with an
 * interruption). Actions that poll see {@code ctx.isCancelled()} turn true at the same moment.
 *
 * <p>The clock is polled rather than waited on because it is the engine's, which a test or a host
 * may move by hand. {@link #close()}, on the watched thread, stops the watch and clears an
 * interrupt the watch caused, so the run goes on with the node's error handling on a thread that is
 * not interrupted; a lock makes "interrupt" and "close" exclusive, so no interrupt lands after the
 * close.
 */
final class NodeWatch implements AutoCloseable {

  /** The watch looks at the clock at least every this many milliseconds... */
  static final long MAX_POLL_MILLIS = 250;

  /** ...and at most every this many. */
  static final long MIN_POLL_MILLIS = 5;

  /** One daemon thread for every watch of the process, ended when no watch is left. */
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final Object lock = new Object();
  private final Thread thread;
  private final Clock clock;
  private final long deadline;
  private volatile ScheduledFuture<?> poll;
  private boolean closed;
  private boolean fired;

  private NodeWatch(Thread thread, Clock clock, long deadline) {
    this.thread = thread;
    this.clock = clock;
    this.deadline = deadline;
  }

  /**
   * Watches the calling thread until {@link #close()}.
   *
   * @param deadline epoch millis of {@code clock}
   * @param timeoutMillis the node's timeout, which sets how often the clock is looked at
   */
  static NodeWatch start(Clock clock, long deadline, long timeoutMillis) {
    NodeWatch w = new NodeWatch(Thread.currentThread(), clock, deadline);
    long period = Math.max(MIN_POLL_MILLIS, Math.min(MAX_POLL_MILLIS, timeoutMillis / 10));
    w.poll = TIMER.scheduleWithFixedDelay(w::check, period, period, TimeUnit.MILLISECONDS);
    return w;
  }

  private void check() {
    if (clock.millis() < deadline) {
      return;
    }
    synchronized (lock) {
      if (closed || fired) {
        return;
      }
      fired = true;
      thread.interrupt();
    }
    ScheduledFuture<?> p = poll;
    if (p != null) {
      p.cancel(false);
    }
  }

  /** Whether the watch interrupted the thread. */
  boolean fired() {
    synchronized (lock) {
      return fired;
    }
  }

  /** Ends the watch; call it on the watched thread, which it leaves not interrupted by it. */
  @Override
  public void close() {
    ScheduledFuture<?> p = poll;
    if (p != null) {
      p.cancel(false);
    }
    synchronized (lock) {
      closed = true;
      if (fired) {
        Thread.interrupted(); // ours: the run goes on with the node's error handling
      }
    }
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread th = new Thread(r, "mediaflow-node-timeouts");
              th.setDaemon(true);
              return th;
            });
    t.setRemoveOnCancelPolicy(true);
    t.setKeepAliveTime(10, TimeUnit.SECONDS);
    t.allowCoreThreadTimeOut(true);
    return t;
  }
}
