package io.mediaflow.internal.engine;

import io.mediaflow.api.store.JobStore;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.WebhookStore;
import io.mediaflow.internal.observe.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes completed and cancelled jobs last changed longer than the retention ago, with the
 * outgoing webhook delivery attempts made before that time, and, when the host set a retention for
 * dead jobs, dead jobs buried longer than that ago; at most every {@link #INTERVAL} on the engine's
 * clock (sooner while a backlog is left), in transactions of {@value #BATCH}. Failed jobs are kept,
 * and so are dead jobs by default. A failure is logged and tried again at the next interval.
 */
final class RetentionPurger {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  /** Finished jobs past the retention are purged at most this often (on the engine's clock). */
  static final Duration INTERVAL = Duration.ofMinutes(10);

  /** Jobs deleted per purge transaction. */
  static final int BATCH = 1000;

  /** Purge transactions per pass and kind; a backlog beyond them is taken up at the next pass. */
  static final int BATCHES_PER_PASS = 10;

  /**
   * One kind of purge: {@link JobStore#purgeFinishedBefore} or {@link JobStore#purgeDeadBefore}.
   */
  private interface Purge {
    int before(JobStore jobs, Instant cutoff, int max);
  }

  private final Storage storage;
  private final Clock clock;
  private final Duration retention;
  private final Duration deadJobRetention;
  private final AtomicBoolean purging = new AtomicBoolean();
  private volatile Instant next = Instant.MIN;

  RetentionPurger(EngineConfig config) {
    this.storage = config.storage();
    this.clock = config.clock();
    this.retention = config.retention();
    this.deadJobRetention = config.deadJobRetention();
  }

  /**
   * @return how many jobs were deleted; 0 when no purge was due or both retentions are off
   */
  int purgeIfDue() {
    if (retention.isZero() && deadJobRetention.isZero()) {
      return 0;
    }
    Instant now = clock.instant();
    if (now.isBefore(next) || !purging.compareAndSet(false, true)) {
      return 0;
    }
    int total = 0;
    try {
      boolean[] backlog = {false};
      total += purge(now, retention, JobStore::purgeFinishedBefore, backlog);
      if (total > 0) {
        LOG.atInfo()
            .addKeyValue("jobs", total)
            .log(
                "purged {} completed and cancelled jobs last changed before {} (retention {})",
                total,
                now.minus(retention),
                retention);
      }
      int dead = purge(now, deadJobRetention, JobStore::purgeDeadBefore, backlog);
      if (dead > 0) {
        LOG.atInfo()
            .addKeyValue("jobs", dead)
            .log(
                "purged {} dead jobs buried before {} (dead-job retention {})",
                dead,
                now.minus(deadJobRetention),
                deadJobRetention);
      }
      total += dead;
      purgeAttempts(now);
      // a backlog is worked off at the next watchdog passes rather than in one long pass
      next = backlog[0] ? now : now.plus(INTERVAL);
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

  /**
   * The delivery history goes with the jobs: the attempts made before the retention's cutoff. A
   * delivery's attempts all come before its job finishes, so they go no later than its job; a dead
   * delivery kept longer by the dead-job retention keeps its job and last error, not these.
   */
  private void purgeAttempts(Instant now) {
    if (retention.isZero()) {
      return;
    }
    WebhookStore hooks;
    try {
      hooks = storage.webhooks();
    } catch (UnsupportedOperationException e) {
      return; // this storage keeps no webhooks
    }
    Instant cutoff = now.minus(retention);
    int n = hooks.purgeAttempts(cutoff);
    if (n > 0) {
      LOG.atInfo()
          .addKeyValue("attempts", n)
          .log(
              "purged {} outgoing webhook delivery attempts made before {} (retention {})",
              n,
              cutoff,
              retention);
    }
  }

  /** Up to {@value #BATCHES_PER_PASS} batches of one kind; sets {@code backlog[0]} if left. */
  private int purge(Instant now, Duration keep, Purge kind, boolean[] backlog) {
    if (keep.isZero()) {
      return 0;
    }
    Instant cutoff = now.minus(keep);
    int total = 0;
    for (int i = 0; i < BATCHES_PER_PASS; i++) {
      int n = kind.before(storage.jobs(), cutoff, BATCH);
      total += n;
      if (n < BATCH) {
        return total;
      }
    }
    backlog[0] = true;
    return total;
  }
}
