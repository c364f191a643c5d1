package io.mediaflow.jdbc;

import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.WaitReason;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The places of jobs under a concurrency limit ({@link JdbcJobStore#submitLimited}), given back and
 * taken inside the transaction of the change that causes it. Per limit key one row of {@code
 * job_limits} counts the unfinished jobs holding a place ({@code running}) and those waiting for
 * one ({@code buffered}); each job keeps its key in {@code jobs.limit_key}.
 *
 * <p>The counters live on one row rather than being counted from the jobs, for the reason {@link
 * JobParents} gives: two jobs of one key finishing at once each change that row, so the database
 * serialises them by its row lock, and the second sees the first's count. Every path locks the
 * limit's row before the job's (the job's key is read first without a lock: only {@code
 * CANCEL_OTHER} ever changes it, to null, under the limit's lock), so two changes of one key never
 * wait on each other in opposite orders.
 *
 * <p>A job's final change (COMPLETED, DEAD, CANCELLED) gives its place back: a buffered job simply
 * stops waiting ({@code buffered - 1}); a job holding a place hands it to the oldest buffered job
 * of its key if one waits and the limit allows ({@code buffered - 1}, that job due now, the same
 * {@code running}), else {@code running - 1}. A dead job re-queued by hand takes a place again,
 * over the limit if need be.
 */
final class JobLimits {

  /** The due time of a buffered job: one no claim reaches, so only a release makes it due. */
  static final Instant BUFFERED_UNTIL = Instant.parse("9999-01-01T00:00:00Z");

  /** What a change does to the place of the job it changes, if the job is under a limit. */
  enum Effect {
    /** The job is over (completed, dead, cancelled): its place, or its wait, ends. */
    RELEASE,
    /** A dead job went back to the queue: it holds a place again. */
    TAKE
  }

  /** A change of one job, run once its limit and its row are locked; null if no row matched. */
  @FunctionalInterface
  interface Change<T> {
    T run() throws SQLException;
  }

  /** A job's row as locked before its change: whether it waits for a place, and its key. */
  private record Held(String state, String reason, String key) {
    boolean buffered() {
      return JobState.SCHEDULED.name().equals(state) && WaitReason.OVERLAP.name().equals(reason);
    }
  }

  private final JobSql sql;
  private final Tables t;
  private final String insertIfAbsent;
  private final String keyOf;
  private final String lockJob;
  private final String lockLimit;
  private final String unbuffer;
  private final String handOver;
  private final String giveBack;
  private final String take;
  private final String oldestBuffered;
  private final String wakeBuffered;

  /** Writes the counters a submit decided on; parameters: max, running, buffered, key. */
  final String setCounters;

  /** A key's unfinished jobs, locked, oldest first; parameter: the key. */
  final String unfinishedOf;

  JobLimits(JobSql sql, Dialect dialect, Tables t) {
    this.sql = sql;
    this.t = t;
    String limits = t.jobLimits();
    String jobs = t.jobs();
    insertIfAbsent = dialect.insertLimitIfAbsent(t);
    keyOf = "SELECT limit_key FROM " + jobs + " WHERE id = ?";
    lockJob = "SELECT state, wait_reason, limit_key FROM " + jobs + " WHERE id = ? FOR UPDATE";
    lockLimit = "SELECT running FROM " + limits + " WHERE limit_key = ? FOR UPDATE";
    setCounters =
        "UPDATE "
            + limits
            + " SET max_concurrent = ?, running = ?, buffered = ? WHERE limit_key = ?";
    unbuffer =
        "UPDATE "
            + limits
            + " SET buffered = CASE WHEN buffered > 0 THEN buffered - 1 ELSE 0 END"
            + " WHERE limit_key = ?";
    // the finishing job's place goes to a buffered one when, without it, the key is under its max
    handOver =
        "UPDATE "
            + limits
            + " SET buffered = buffered - 1 WHERE limit_key = ? AND buffered > 0"
            + " AND running <= max_concurrent";
    giveBack =
        "UPDATE "
            + limits
            + " SET running = CASE WHEN running > 0 THEN running - 1 ELSE 0 END"
            + " WHERE limit_key = ?";
    take = "UPDATE " + limits + " SET running = running + 1 WHERE limit_key = ?";
    oldestBuffered =
        "SELECT id FROM "
            + jobs
            + " WHERE limit_key = ? AND state = 'SCHEDULED' AND wait_reason = 'OVERLAP'"
            + " ORDER BY id LIMIT 1 FOR UPDATE";
    wakeBuffered =
        "UPDATE "
            + jobs
            + " SET state = 'PENDING', scheduled_at = ?, "
            + JobSql.NO_WAIT
            + ", updated_at = ?, version = version + 1"
            + " WHERE id = ? AND state = 'SCHEDULED' AND wait_reason = 'OVERLAP'";
    unfinishedOf =
        "SELECT id FROM "
            + jobs
            + " WHERE limit_key = ? AND state IN ('PENDING', 'SCHEDULED', 'PROCESSING')"
            + " ORDER BY id FOR UPDATE";
  }

  /**
   * Runs {@code change}, a final change or a re-queue of the job, and does to the job's limit what
   * {@code effect} says, in the caller's transaction: the limit's row is locked, then the job's,
   * then the job changes. A job without a key (or whose key {@code CANCEL_OTHER} cleared meanwhile)
   * is just changed.
   *
   * @return the job as changed, or null when {@code change} matched no row (nothing else changes)
   */
  <T> T changeUnderLimit(Connection c, String jobId, Effect effect, long now, Change<T> change)
      throws SQLException {
    Optional<String> key = Sql.first(c, keyOf, rs -> rs.getString(1), jobId);
    if (key.isEmpty()) {
      return change.run();
    }
    lock(c, key.get());
    Optional<Held> held =
        Sql.first(
            c, lockJob, rs -> new Held(rs.getString(1), rs.getString(2), rs.getString(3)), jobId);
    if (held.isEmpty() || held.get().key() == null) {
      return change.run();
    }
    T job = change.run();
    if (job != null) {
      if (effect == Effect.TAKE) {
        Sql.update(c, take, key.get());
      } else {
        release(c, key.get(), held.get().buffered(), now);
      }
    }
    return job;
  }

  /** Locks the limit's row, making one (for a key whose row is missing) if need be. */
  private void lock(Connection c, String key) throws SQLException {
    if (Sql.first(c, lockLimit, rs -> rs.getInt(1), key).isEmpty()) {
      ensure(c, key, 1);
      Sql.first(c, lockLimit, rs -> rs.getInt(1), key);
    }
  }

  /**
   * Gives back the place of a job of {@code key} that is over (or ends its wait, if it was
   * buffered), waking the oldest buffered job of the key if the place is free for it.
   */
  void release(Connection c, String key, boolean buffered, long now) throws SQLException {
    if (buffered) {
      Sql.update(c, unbuffer, key);
      return;
    }
    if (Sql.update(c, handOver, key) == 1) {
      Optional<String> next = Sql.first(c, oldestBuffered, rs -> rs.getString(1), key);
      if (next.isPresent() && Sql.update(c, wakeBuffered, now, now, next.get()) == 1) {
        JobParents.notifyWork(c, sql); // it takes the place over: running stays as it is
        return;
      }
      // the counter said one waits but none does (a row changed by hand): the place is free
    }
    Sql.update(c, giveBack, key);
  }

  /**
   * The counters of {@code n} keys (key, max, running, buffered), their rows locked in key order;
   * parameters: the keys, sorted.
   */
  String lockCounters(int n) {
    return "SELECT limit_key, max_concurrent, running, buffered FROM "
        + t.jobLimits()
        + " WHERE limit_key IN ("
        + Sql.placeholders(n)
        + ") ORDER BY limit_key FOR UPDATE";
  }

  /**
   * Makes the counter rows of {@code keys} that have none, with their max, as one JDBC batch; one
   * by one where the batch failed on a key another transaction made meanwhile (H2).
   */
  void ensureAll(Connection c, List<String> keys, Map<String, Integer> maxByKey)
      throws SQLException {
    java.sql.Savepoint before = c.setSavepoint();
    try (java.sql.PreparedStatement ps = c.prepareStatement(insertIfAbsent)) {
      for (String key : keys) {
        Sql.bind(ps, List.of(key, maxByKey.get(key), 0, 0));
        ps.addBatch();
      }
      ps.executeBatch();
      return;
    } catch (SQLException e) {
      if (!Transactions.isIntegrityViolation(e)) {
        throw e;
      }
      c.rollback(before);
    }
    for (String key : keys) {
      ensure(c, key, maxByKey.get(key));
    }
  }

  /**
   * Makes the counter row of {@code key} if it has none (0 running, 0 buffered), whatever others
   * racing to make it do.
   */
  void ensure(Connection c, String key, int maxConcurrent) throws SQLException {
    try {
      Sql.update(c, insertIfAbsent, key, maxConcurrent, 0, 0);
    } catch (SQLException e) {
      if (!Transactions.isIntegrityViolation(e)) {
        throw e;
      }
      // another transaction made it between our look and our insert (H2): it is there now
    }
  }
}
