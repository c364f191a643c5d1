package io.mediaflow.internal.engine;

import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.store.Storage;
import io.mediaflow.internal.observe.Redactor;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes a handler's progress on to the store, the {@code job.progress} event and the job's
 * listeners, throttled: a new step, 100 %, or at least one more percent after {@value
 * #MIN_INTERVAL_NANOS} ns. Storing progress also tells a handler that its lease was lost.
 */
final class ProgressReporter {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  /** Reports of the same step closer than this (and under 100 %) are dropped. */
  static final long MIN_INTERVAL_NANOS = 250_000_000L;

  private final Storage storage;
  private final LifecycleEvents events;
  private final JobWatchers watchers;

  ProgressReporter(Storage storage, LifecycleEvents events, JobWatchers watchers) {
    this.storage = storage;
    this.events = events;
    this.watchers = watchers;
  }

  void progress(Attempt a, double percent, String step, Optional<Duration> eta) {
    double p = Math.max(0, Math.min(100, Double.isNaN(percent) ? 0 : percent));
    String s = step == null ? "" : step;
    long nanos = System.nanoTime();
    boolean due =
        !s.equals(a.lastStep)
            || p >= 100
            || (p - a.lastPercent >= 1 && nanos - a.lastProgressNanos >= MIN_INTERVAL_NANOS);
    if (!due) {
      return;
    }
    a.lastPercent = p;
    a.lastStep = s;
    a.lastProgressNanos = nanos;
    JobProgress progress = new JobProgress(p, s, eta);
    a.progress = progress;
    store(a);
    events.progress(a.job, progress);
    watchers.progress(a.id(), progress);
  }

  /** Stores the attempt's progress and stages; a lease found lost stops the attempt. */
  void store(Attempt a) {
    if (a.stopRequested()) {
      return;
    }
    boolean held;
    try {
      held = storage.jobs().progress(a.id(), a.token, a.progress, a.stages());
    } catch (RuntimeException e) {
      if (OutcomeRecorder.isTransient(e)) {
        // progress is best effort: the next report stores it, the handler need not fail
        LOG.debug("progress of job {} was not stored: {}", a.id(), Redactor.redact(e.toString()));
        return;
      }
      throw e;
    }
    if (!held) {
      a.stop(StopReason.LEASE_LOST);
    }
  }
}
