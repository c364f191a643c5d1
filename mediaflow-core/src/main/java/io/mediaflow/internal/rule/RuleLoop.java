package io.mediaflow.internal.rule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that fires an engine's schedules and watches its folders: it sleeps until the earliest
 * slot (or the poll interval, when the store's rules are looked at again; or {@link #WATCH_TICK}
 * while a folder is watched), ticks, and wakes early when a rule changes here or the store says one
 * changed elsewhere.
 */
public final class RuleLoop implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(RuleLoop.class);

  /** How often watched folders are looked at: debounce windows are measured to about this. */
  public static final Duration WATCH_TICK = Duration.ofSeconds(1);

  private final RuleEngine rules;
  private final Clock clock;
  private final Duration poll;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean changed = new AtomicBoolean(true);
  private volatile Thread thread;

  public RuleLoop(RuleEngine rules, Clock clock, Duration poll) {
    this.rules = rules;
    this.clock = clock;
    this.poll = poll;
  }

  /** Starts the thread (once). */
  public void start(String nodeId) {
    if (running.compareAndSet(false, true)) {
      Thread t = new Thread(this, "mediaflow-rules-" + nodeId);
      t.setDaemon(true);
      thread = t;
      t.start();
    }
  }

  /** Rules may have changed: look at once. */
  public void changed() {
    changed.set(true);
    wake();
  }

  /** Wakes the thread to look at the schedules again. */
  public void wake() {
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** Stops the thread and waits for it, up to a few seconds. */
  public void stop() {
    if (running.compareAndSet(true, false)) {
      Thread t = thread;
      if (t != null) {
        LockSupport.unpark(t);
        try {
          t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /**
   * The least time between two reloads on notice: a burst of changes elsewhere (a host registering
   * thousands of rules) costs a few reloads a second, not one per change.
   */
  static final long MIN_RELOAD_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  @Override
  public void run() {
    Instant nextRefresh = Instant.MIN;
    long lastReload = System.nanoTime() - MIN_RELOAD_GAP_NANOS;
    while (running.get()) {
      try {
        Instant now = clock.instant();
        boolean noticed = changed.get() && System.nanoTime() - lastReload >= MIN_RELOAD_GAP_NANOS;
        if (noticed || !now.isBefore(nextRefresh)) {
          changed.set(false);
          rules.refreshIfChanged();
          lastReload = System.nanoTime();
          nextRefresh = now.plus(poll);
        }
        while (running.get() && rules.tick() > 0) {
          // a tick takes at most MAX_DUE_PER_TICK slots: go on while there are more
        }
        Instant refreshAt = nextRefresh;
        if (rules.watching()) {
          rules.watchTick();
          Instant watchAt = clock.instant().plus(WATCH_TICK);
          refreshAt = watchAt.isBefore(refreshAt) ? watchAt : refreshAt;
        }
        Instant refreshOrWatch = refreshAt;
        Optional<Instant> earliest = rules.nextTick();
        Instant wakeAt = earliest.filter(t -> t.isBefore(refreshOrWatch)).orElse(refreshOrWatch);
        long nanos = Duration.between(clock.instant(), wakeAt).toNanos();
        if (changed.get()) {
          nanos = Math.min(nanos, MIN_RELOAD_GAP_NANOS - (System.nanoTime() - lastReload));
        }
        if (nanos > 0) {
          LockSupport.parkNanos(this, nanos);
        }
      } catch (RuntimeException e) {
        if (!running.get()) {
          break; // stopping: a tick cut short by the engine closing is not worth a warning
        }
        LOG.warn("rule scheduler: {}; retrying in {}", e.toString(), poll);
        LockSupport.parkNanos(this, poll.toNanos());
      }
    }
  }
}
