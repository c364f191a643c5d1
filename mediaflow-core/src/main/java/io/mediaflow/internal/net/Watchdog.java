package io.mediaflow.internal.net;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at every exchange under way every {@link #PERIOD}, on one daemon thread shared by all, so
 * that a cancel or a deadline closes the connection while the exchange's own thread is blocked in a
 * read (a blocked socket read does not see a thread interrupt).
 */
public final class Watchdog {

  /** How often each check runs: a fifth of {@link SafeHttp#STOP_LATENCY}. */
  public static final Duration PERIOD = SafeHttp.STOP_LATENCY.dividedBy(5);

  private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

  private Watchdog() {}

  /** The one thread, made when the first exchange starts; it holds nothing but this queue. */
  private static final class Timer {
    static final ScheduledThreadPoolExecutor EXECUTOR = executor();

    private static ScheduledThreadPoolExecutor executor() {
      ScheduledThreadPoolExecutor e =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "mediaflow-http-watchdog");
                t.setDaemon(true);
                return t;
              });
      e.setRemoveOnCancelPolicy(true);
      return e;
    }
  }

  /** Runs {@code check} every {@link #PERIOD} until the returned future is cancelled. */
  public static ScheduledFuture<?> watch(Runnable check) {
    long period = PERIOD.toNanos();
    // a throwing check would end its schedule silently; keep watching
    return Timer.EXECUTOR.scheduleWithFixedDelay(
        logged(check, "an HTTP exchange's stop check failed"),
        period,
        period,
        TimeUnit.NANOSECONDS);
  }

  /** Runs {@code task} once after {@code delay} on the same thread; a throw is logged. */
  static void later(Runnable task, long delay, TimeUnit unit) {
    Timer.EXECUTOR.schedule(
        logged(task, "an HTTP client's idle connection sweep failed"), delay, unit);
  }

  /** {@code task}, logging what it throws instead of passing it on. */
  private static Runnable logged(Runnable task, String failed) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn(failed, e);
      }
    };
  }
}
