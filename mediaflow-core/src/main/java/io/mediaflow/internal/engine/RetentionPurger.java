package io.mediaflow.internal.engine;

import io.mediaflow.api.store.Storage;
import io.mediaflow.internal.observe.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes completed and cancelled jobs last changed longer than the retention ago, at most every
 * {@link #INTERVAL} on the engine's clock (sooner while a backlog is left), in transactions of
 * {@value #BATCH}. Dead and failed jobs are kept. A failure is logged and tried again at the next
 * interval.
 */
final class RetentionPurger {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  /** Finished jobs past the retention are purged at most this often (on the engine's clock). */
  static final Duration INTERVAL = Duration.ofMinutes(10);

  /** Jobs deleted per purge transaction. */
  static final int BATCH = 1000;

  /** Purge transactions per pass; a backlog beyond them is taken up at the next pass. */
  static final int BATCHES_PER_PASS = 10;

  private final Storage storage;
  private final Clock clock;
  private final Duration retention;
  private final AtomicBoolean purging = new AtomicBoolean();
  private volatile Instant next = Instant.MIN;

  RetentionPurger(EngineConfig config) {
    this.storage = config.storage();
    this.clock = config.clock();
    this.retention = config.retention();
  }

  /**
   * @return how many jobs were deleted; 0 when no purge was due or the retention is off
   */
  int purgeIfDue() {
    if (retention.isZero()) {
      return 0;
    }
    Instant now = clock.instant();
    if (now.isBefore(next) || !purging.compareAndSet(false, true)) {
      return 0;
    }
    int total = 0;
    try {
      Instant cutoff = now.minus(retention);
      boolean backlog = false;
      for (int i = 0; i < BATCHES_PER_PASS; i++) {
        int n = storage.jobs().purgeFinishedBefore(cutoff, BATCH);
        total += n;
        backlog = n >= BATCH;
        if (!backlog) {
          break;
        }
      }
      // a backlog is worked off at the next watchdog passes rather than in one long pass
      next = backlog ? now : now.plus(INTERVAL);
      if (total > 0) {
        LOG.atInfo()
            .addKeyValue("jobs", total)
            .log(
                "purged {} completed and cancelled jobs last changed before {} (retention {})",
                total,
                cutoff,
                retention);
      }
    } catch (RuntimeException e) {
      next = now.plus(INTERVAL);
      LOG.warn(
          "purging finished jobs failed; trying again in {}: {}",
          INTERVAL,
          Redactor.redact(e.toString()));
    } finally {
      purging.set(false);
    }
    return total;
  }
}
