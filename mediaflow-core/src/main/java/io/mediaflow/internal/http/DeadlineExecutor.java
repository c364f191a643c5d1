package io.mediaflow.internal.http;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded executor of the HTTP server: a fixed pool with a bounded queue (a request beyond it
 * is refused and its connection closed, rather than queued without end), and a {@link Guard} with
 * the request deadline around each exchange.
 */
public final class DeadlineExecutor implements Executor, AutoCloseable {

  /** Exchanges waiting for a thread, per thread, before new ones are refused. */
  static final int QUEUE_PER_THREAD = 64;

  private final ThreadPoolExecutor pool;
  private final ScheduledThreadPoolExecutor timer;
  private final long deadlineNanos;

  public DeadlineExecutor(int threads, Duration deadline) {
    this.deadlineNanos = deadline.toNanos();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(threads * QUEUE_PER_THREAD),
            daemons("mediaflow-http-"),
            new ThreadPoolExecutor.AbortPolicy());
    this.timer = new ScheduledThreadPoolExecutor(1, daemons("mediaflow-http-deadline-"));
    timer.setRemoveOnCancelPolicy(true);
  }

  @Override
  public void execute(Runnable exchange) {
    pool.execute(() -> run(exchange));
  }

  private void run(Runnable exchange) {
    Guard guard = new Guard(Thread.currentThread());
    Guard.set(guard);
    ScheduledFuture<?> deadline;
    try {
      deadline = timer.schedule(guard::expire, deadlineNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closing) {
      // the host is closing: an exchange that got a thread just now is dropped with its connection
      Guard.set(null);
      return;
    }
    try {
      exchange.run();
    } finally {
      deadline.cancel(false);
      guard.done();
      Guard.set(null);
      // an interrupt meant for this exchange must not reach the next one on this thread
      Thread.interrupted();
    }
  }

  /** Stops taking exchanges and ends the threads. */
  @Override
  public void close() {
    pool.shutdownNow();
    timer.shutdownNow();
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
