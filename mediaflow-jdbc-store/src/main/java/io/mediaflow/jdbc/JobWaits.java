package io.mediaflow.jdbc;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.Wait;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A job that waits, and the signals that wake it. A yield is one leased update; one that waits for
 * a signal then looks, in a later statement of the same transaction, whether one came already. That
 * order is what keeps a signal sent at the same moment from being missed: the yield's update locks
 * the job's row first, and {@link #signal} locks it before it inserts, so either the signal's
 * transaction sees the job waiting (and wakes it), or the yield's later look, taken after the lock
 * was granted, sees the signal. Read committed (each statement sees what committed before it) is
 * all this needs; MariaDB's transactions run at it ({@link MariaDbDialect#transactionIsolation}).
 */
final class JobWaits {

  private static final Set<JobState> FINISHED =
      Set.of(JobState.COMPLETED, JobState.CANCELLED, JobState.DEAD);

  private final Transactions db;
  private final JobSql sql;
  private final JobReads reads;
  private final JobStateChanges changes;

  JobWaits(Transactions db, JobSql sql, JobReads reads, JobStateChanges changes) {
    this.db = db;
    this.sql = sql;
    this.reads = reads;
    this.changes = changes;
  }

  /** See {@link io.mediaflow.api.store.JobStore#yieldUntil(String, String, Wait, Instant)}. */
  Job yieldUntil(String jobId, String token, Wait wait, Instant now) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(token, "leaseToken");
    Objects.requireNonNull(wait, "wait");
    Objects.requireNonNull(now, "now");
    long at = Rows.micros(now);
    boolean children = wait.reason() == WaitReason.CHILDREN;
    List<Object> args =
        Sql.args(
            wait.reason().name(),
            wait.signal().isEmpty() ? null : wait.signal(),
            children ? wait.children() : 0,
            // the counter is compared in the update itself: it reads the row it locked
            children ? wait.children() : Integer.MAX_VALUE,
            at,
            Rows.micros(wait.until()),
            at);
    if (wait.reason() != WaitReason.SIGNAL) {
      Job job =
          changes.leased(
              "yieldUntil", jobId, token, sql.yieldWait, args, JobStateChanges.ParentChange.NONE);
      if (children && job.scheduledAt().equals(Rows.instant(at)) && sql.afterSubmit != null) {
        // due at once: tell idle workers, as a wake-up does (after the yield committed)
        db.auto(
            "yieldUntil",
            jobId,
            c -> {
              JobParents.notifyWork(c, sql);
              return null;
            });
      }
      return job;
    }
    return db.tx(
        "yieldUntil",
        jobId,
        c -> {
          Job job =
              changes.leasedIn(
                  c, jobId, token, sql.yieldWait, args, JobStateChanges.ParentChange.NONE);
          // a statement after the row lock: it sees a signal committed while we waited for it
          if (Sql.first(c, sql.untakenSignal, rs -> Boolean.TRUE, jobId, wait.signal())
              .isPresent()) {
            Sql.update(c, sql.dueNow, at, jobId);
            JobParents.notifyWork(c, sql);
            job = job.toBuilder().scheduledAt(Rows.instant(at)).build();
          }
          return job;
        });
  }

  /** See {@link io.mediaflow.api.store.JobStore#signal}. */
  Job signal(String jobId, String name, String payload, Instant now) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(now, "now");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a signal needs a name");
    }
    long at = Rows.micros(now);
    return db.tx(
        "signal",
        jobId,
        c -> {
          Optional<JobState> state =
              Sql.first(c, sql.lockForSignal, rs -> JobState.valueOf(rs.getString(1)), jobId);
          if (state.isEmpty()) {
            throw StorageException.notFound(jobId);
          }
          if (FINISHED.contains(state.get())) {
            throw StorageException.finished(jobId, state.get(), name);
          }
          Sql.update(c, sql.insertSignal, jobId, name, payload, at);
          if (Sql.update(c, sql.wakeForSignal, at, at, jobId, name) > 0) {
            JobParents.notifyWork(c, sql);
          }
          return reads.load(c, jobId);
        });
  }
}
