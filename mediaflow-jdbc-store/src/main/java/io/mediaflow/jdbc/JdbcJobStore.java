package io.mediaflow.jdbc;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.StageTiming;
import io.mediaflow.api.store.Admission;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.Completion;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.JobStore;
import io.mediaflow.api.store.LimitedRequest;
import io.mediaflow.api.store.Page;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.Wait;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The job store and queue of a {@link JdbcStorage}; see there for the behaviour. Reads, submits,
 * claims and the two kinds of state change each live in a class of their own; this one puts them
 * behind {@link JobStore} and holds the batched changes, logs and purges.
 */
final class JdbcJobStore implements JobStore {

  private final Transactions db;
  private final JobSql sql;
  private final Tables tables;
  private final Dialect dialect;
  private final Optional<Duration> retention;
  private final JobReads reads;
  private final JobInserts inserts;
  private final JobClaims claims;
  private final JobStateChanges changes;
  private final JobParents parents;
  private final JobWaits waits;
  private final JobBatches batches;
  private final LimitedSubmits limited;
  private final WorkSignals signals;

  /** The database, when only this process can open it (see {@link OpenStores}). */
  private final Optional<String> exclusive;

  JdbcJobStore(
      Transactions db,
      Dialect dialect,
      Tables tables,
      Optional<Duration> retention,
      WorkSignals signals,
      Optional<String> exclusive,
      StatelessClaims stateless) {
    this.db = db;
    this.dialect = dialect;
    this.sql = new JobSql(dialect, tables);
    this.tables = tables;
    this.retention = retention;
    this.reads = new JobReads(db, sql);
    this.inserts = new JobInserts(db, sql);
    JobLimits limits = new JobLimits(sql, dialect, tables);
    this.parents = new JobParents(sql, limits);
    LimitedClaims limitedClaims = new LimitedClaims();
    this.claims = new JobClaims(db, sql, parents, limits, dialect, stateless, limitedClaims);
    this.changes = new JobStateChanges(db, sql, reads, parents, limits, dialect);
    this.waits = new JobWaits(db, sql, reads, changes);
    this.batches =
        new JobBatches(
            db,
            sql,
            dialect,
            parents,
            changes,
            new LimitedCompletions(sql, limits, parents, tables),
            limitedClaims);
    this.limited = new LimitedSubmits(db, sql, inserts, parents, limits);
    this.signals = signals;
    this.exclusive = exclusive;
    // before the first claim, so that no other store here takes this one's leases for a dead one's
    exclusive.ifPresent(database -> OpenStores.opened(database, claims.tokenPrefix()));
  }

  /** This store makes no more leases; on an exclusive database, others may take its leases back. */
  void close() {
    exclusive.ifPresent(database -> OpenStores.closed(database, claims.tokenPrefix()));
  }

  // ---- submit and read ----

  @Override
  public Job submit(JobRequest request, Instant now) {
    Objects.requireNonNull(request, "request");
    return inserts.submitAll(List.of(request), now).get(0);
  }

  /** One transaction, inserted with JDBC batching: another reader sees all of them or none. */
  @Override
  public List<Job> submitAll(List<JobRequest> requests, Instant now) {
    return inserts.submitAll(requests, now);
  }

  @Override
  public Optional<Job> find(String jobId) {
    return reads.find(jobId);
  }

  @Override
  public Page<Job> query(JobQuery query) {
    return reads.query(query);
  }

  @Override
  public Map<JobState, Long> countByState() {
    return reads.countByState();
  }

  @Override
  public Optional<Instant> oldestDue(Instant now) {
    return reads.oldestDue(now);
  }

  // ---- queue ----

  @Override
  public List<Job> claim(ClaimRequest request) {
    return claims.claim(request);
  }

  @Override
  public boolean heartbeat(String jobId, String leaseToken, Instant expiresAt) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(leaseToken, "leaseToken");
    Objects.requireNonNull(expiresAt, "expiresAt");
    return db.auto(
        "heartbeat",
        jobId,
        c -> {
          if (Sql.update(c, sql.heartbeat, Rows.micros(expiresAt), jobId, leaseToken) == 1) {
            return true;
          }
          reads.requireExists(c, jobId);
          return false;
        });
  }

  /** See {@link JobBatches}: one JDBC batch in one transaction. */
  @Override
  public Set<String> heartbeatAll(Map<String, String> tokensById, Instant expiresAt) {
    return batches.heartbeatAll(tokensById, expiresAt);
  }

  /**
   * Completes the job; under a concurrency limit its place goes back (or to the oldest buffered job
   * of its key) in the same transaction.
   */
  @Override
  public Job complete(String jobId, String leaseToken, Optional<String> result, Instant now) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(now, "now");
    return changes.leasedFinal(
        "complete",
        jobId,
        leaseToken,
        JobStateChanges.Final.finished(
            sql.completeFree, sql.completeOne, sql.complete, micros(now)),
        Sql.args(result.orElse(null), micros(now)));
  }

  /**
   * One statement where the dialect has one (PostgreSQL), else one batched UPDATE in one
   * transaction; see {@link JobBatches}. A worker's quick jobs cost one commit per batch.
   */
  @Override
  public Set<String> completeAll(List<Completion> completions, Instant now) {
    List<Completion> copy = List.copyOf(completions);
    Objects.requireNonNull(now, "now");
    if (copy.isEmpty()) {
      return Set.of();
    }
    Set<String> done = batches.completeAll(copy, now);
    // one by one, each its own compare-and-set, as the interface's default does
    return done != null ? done : JobStore.super.completeAll(copy, now);
  }

  /**
   * Submits under concurrency limits in one transaction, each request decided under the lock of its
   * limit's row; see {@link LimitedSubmits}.
   */
  @Override
  public List<Admission> submitLimited(List<LimitedRequest> requests, Instant now) {
    return limited.submit(requests, now);
  }

  @Override
  public Job fail(String jobId, String leaseToken, JobError error, Instant now) {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(now, "now");
    return changes.leased(
        "fail",
        jobId,
        leaseToken,
        sql.fail,
        Sql.args(
            error.code(), error.message(), error.retryable(), error.suggestion(), micros(now)));
  }

  /** Gives the job back as it was before the claim: the attempt is not counted. */
  @Override
  public Job release(String jobId, String leaseToken, Instant now) {
    Objects.requireNonNull(now, "now");
    return changes.leased("release", jobId, leaseToken, sql.release, Sql.args(micros(now)));
  }

  /**
   * The job waits for what {@code wait} says; see {@link JobWaits} for how a signal sent meanwhile
   * is never missed. Like {@link #release}, the attempt is not counted.
   */
  @Override
  public Job yieldUntil(String jobId, String leaseToken, Wait wait, Instant now) {
    return waits.yieldUntil(jobId, leaseToken, wait, now);
  }

  /**
   * Stores the signal and wakes the job waiting for it, in one transaction; see {@link JobWaits}.
   */
  @Override
  public Job signal(String jobId, String name, String payload, Instant now) {
    return waits.signal(jobId, name, payload, now);
  }

  /** The job waits until {@code runAt}; like {@link #release}, the attempt is not counted. */
  @Override
  public Job yieldUntil(
      String jobId, String leaseToken, Instant runAt, Optional<String> payload, Instant now) {
    Objects.requireNonNull(runAt, "runAt");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(now, "now");
    return changes.leased(
        "yieldUntil",
        jobId,
        leaseToken,
        sql.yieldUntil,
        Sql.args(micros(runAt), payload.orElse(null), micros(now)));
  }

  @Override
  public Job retry(String jobId, Instant runAt, Instant now) {
    Objects.requireNonNull(runAt, "runAt");
    Objects.requireNonNull(now, "now");
    return changes.moved(
        "retry",
        jobId,
        Set.of(JobState.FAILED),
        JobState.SCHEDULED,
        "retried",
        sql.retry,
        Sql.args(micros(runAt), micros(now)));
  }

  @Override
  public Job bury(String jobId, Instant now) {
    Objects.requireNonNull(now, "now");
    return changes.moved(
        "bury",
        jobId,
        Set.of(JobState.FAILED),
        JobState.DEAD,
        "buried",
        JobStateChanges.Final.finished(sql.buryFree, sql.buryOne, sql.bury, micros(now)),
        Sql.args(micros(now)),
        null);
  }

  /** The count on the parent's row ({@code children_done}), kept for its wake-ups. */
  @Override
  public long finishedChildren(String parentId) {
    Objects.requireNonNull(parentId, "parentId");
    return db.auto("finishedChildren", parentId, c -> parents.finished(c, parentId));
  }

  /** Takes back every job whose lease expired strictly before {@code now}. */
  @Override
  public int expireLeases(Instant now) {
    Objects.requireNonNull(now, "now");
    return db.auto(
        "expireLeases", null, c -> Sql.update(c, sql.expireLeases, micros(now), micros(now)));
  }

  /**
   * With a node: one statement over the leases owned by the node or its workers. Without one, on a
   * database only this process can open (an embedded H2 file): one statement over the leases that
   * no store open in this process claimed, by their tokens' prefixes; elsewhere nothing.
   */
  @Override
  public int takeBackLeases(Optional<String> node, Instant now) {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(now, "now");
    if (node.isPresent()) {
      String id = node.get();
      String worker = id + "/";
      return db.auto(
          "takeBackLeases",
          null,
          c -> Sql.update(c, sql.takeBackLeasesOf, micros(now), id, worker.length(), worker));
    }
    if (exclusive.isEmpty()) {
      return 0;
    }
    return OpenStores.whileOpen(
        exclusive.get(),
        prefixes -> {
          List<Object> args = new ArrayList<>();
          args.add(micros(now));
          prefixes.forEach(p -> args.add(p + "%"));
          return db.auto(
              "takeBackLeases",
              null,
              c -> Sql.update(c, sql.takeBackLeasesNotFrom(prefixes.size()), args.toArray()));
        });
  }

  /**
   * Cancels the job and, in the same transaction, its unfinished descendants (pending, scheduled or
   * processing children, grandchildren and so on); the parent of each counts it as finished, and
   * each under a concurrency limit gives its place back.
   */
  @Override
  public Job cancel(String jobId, Instant now) {
    Objects.requireNonNull(now, "now");
    long at = micros(now);
    return changes.moved(
        "cancel",
        jobId,
        Set.of(JobState.PENDING, JobState.SCHEDULED, JobState.PROCESSING),
        JobState.CANCELLED,
        null,
        JobStateChanges.Final.finished(sql.cancelFree, sql.cancelOne, sql.cancel, at),
        Sql.args(at),
        (c, cancelled) -> parents.cancelDescendants(c, cancelled.id(), at));
  }

  /** One conditional update: the slot's run is the old one or the new one at every moment. */
  @Override
  public Optional<Job> replaceScheduled(
      String jobId, long expectedVersion, LimitedRequest replacement, Instant now) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(replacement, "replacement");
    Objects.requireNonNull(now, "now");
    JobRequest r = replacement.request();
    return db.tx(
        "replaceScheduled",
        jobId,
        c -> {
          int changed =
              Sql.update(
                  c,
                  sql.replaceScheduled,
                  r.payload(),
                  r.priority(),
                  r.maxAttempts(),
                  r.ruleName(),
                  micros(now),
                  jobId,
                  expectedVersion);
          return changed == 1 ? Optional.of(reads.load(c, jobId)) : Optional.<Job>empty();
        });
  }

  /**
   * Back to the queue, due now, attempts reset to 0; the last error stays for reference. Under a
   * concurrency limit it takes a place again, over the limit if need be.
   */
  @Override
  public Job requeue(String jobId, Instant now) {
    Objects.requireNonNull(now, "now");
    return changes.moved(
        "requeue",
        jobId,
        Set.of(JobState.DEAD),
        JobState.PENDING,
        "re-queued",
        new JobStateChanges.Final(
            sql.requeueFree,
            sql.requeue,
            JobStateChanges.ParentChange.reopened(sql.requeueOne, micros(now)),
            JobLimits.Effect.TAKE),
        Sql.args(micros(now), micros(now)),
        null);
  }

  @Override
  public boolean progress(
      String jobId, String leaseToken, JobProgress progress, List<StageTiming> stages) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(leaseToken, "leaseToken");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(stages, "stages");
    String stagesText = Rows.stagesText(stages);
    Long etaMillis = progress.eta().map(Duration::toMillis).orElse(null);
    return db.auto(
        "progress",
        jobId,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.progress)) {
            ps.setDouble(1, progress.percent());
            ps.setString(2, progress.step());
            if (etaMillis != null) {
              ps.setLong(3, etaMillis);
            } else {
              ps.setNull(3, java.sql.Types.BIGINT);
            }
            Rows.setNullable(ps, 4, stagesText);
            ps.setString(5, jobId);
            ps.setString(6, leaseToken);
            if (ps.executeUpdate() == 1) {
              return true;
            }
          }
          reads.requireExists(c, jobId);
          return false;
        });
  }

  // ---- logs ----

  @Override
  public void appendLog(String jobId, JobLog entry) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(entry, "entry");
    db.tx(
        "appendLog",
        jobId,
        c -> {
          insertForJob(
              c, jobId, sql.appendLog, micros(entry.time()), entry.level(), entry.message(), jobId);
          return Sql.update(c, sql.trimLogs, jobId, jobId, JdbcStorage.MAX_LOG_LINES);
        });
  }

  /**
   * Runs an {@code INSERT … SELECT … FROM jobs WHERE id = ?} of a row that belongs to the job;
   * {@link StorageException#JOB_NOT_FOUND} when it inserted nothing, or when the job was deleted
   * meanwhile (the foreign key).
   */
  private static void insertForJob(
      java.sql.Connection c, String jobId, String insert, Object... args) throws SQLException {
    int inserted;
    try {
      inserted = Sql.update(c, insert, args);
    } catch (SQLException e) {
      if (Transactions.isIntegrityViolation(e)) {
        throw StorageException.notFound(jobId);
      }
      throw e;
    }
    if (inserted == 0) {
      throw StorageException.notFound(jobId);
    }
  }

  /** The job's last {@value JdbcStorage#MAX_LOG_LINES} lines, in the order they were appended. */
  @Override
  public List<JobLog> logs(String jobId) {
    return reads.logs(jobId);
  }

  // ---- plans ----

  /** Replaces the job's plan row, or adds it; one short transaction. */
  @Override
  public void savePlan(String jobId, String plan) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(plan, "plan");
    db.tx(
        "savePlan",
        jobId,
        c -> {
          if (Sql.update(c, sql.updatePlan, plan, jobId) == 0) {
            insertForJob(c, jobId, sql.insertPlan, plan, jobId);
          }
          return null;
        });
  }

  @Override
  public Optional<String> plan(String jobId) {
    return reads.plan(jobId);
  }

  // ---- retention ----

  /**
   * Deletes at most {@code max} completed and cancelled jobs last changed before {@code cutoff},
   * with their logs, signals, checkpoints and states, in one transaction (one indexed {@code SELECT
   * … LIMIT}, one {@code DELETE} of the jobs and one of their checkpoints and of their states).
   */
  @Override
  public int purgeFinishedBefore(Instant cutoff, int max) {
    return purge("purgeFinishedBefore", sql.purgeCandidates, sql::purge, cutoff, max);
  }

  /**
   * One {@code DELETE} of a job that is over; its logs and signals go with it (cascading foreign
   * keys), its checkpoints and states by two more statements in the same transaction.
   */
  @Override
  public boolean delete(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    return db.tx(
        "delete",
        jobId,
        c -> {
          if (Sql.update(c, sql.delete, jobId) == 1) {
            Sql.update(c, sql.deleteCheckpoints, jobId);
            Sql.update(c, sql.deleteStates, jobId);
            return true;
          }
          Optional<String> state = Sql.first(c, sql.stateOf, rs -> rs.getString(1), jobId);
          if (state.isEmpty()) {
            return false;
          }
          throw StorageException.active(jobId, JobState.valueOf(state.get()));
        });
  }

  /** As {@link #purgeFinishedBefore}, for dead jobs. */
  @Override
  public int purgeDeadBefore(Instant cutoff, int max) {
    return purge("purgeDeadBefore", sql.deadCandidates, sql::purgeDead, cutoff, max);
  }

  private int purge(
      String op,
      String candidates,
      java.util.function.IntFunction<String> delete,
      Instant cutoff,
      int max) {
    Objects.requireNonNull(cutoff, "cutoff");
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1 but was " + max);
    }
    return db.tx(
        op,
        null,
        c -> {
          List<String> ids =
              Sql.list(c, candidates, rs -> rs.getString(1), Sql.args(micros(cutoff), max));
          if (ids.isEmpty()) {
            return 0;
          }
          int deleted = Sql.update(c, delete.apply(ids.size()), ids.toArray());
          if (deleted > 0) {
            // of the candidates, only those deleted above: one that changed meanwhile keeps its own
            Sql.update(c, sql.deleteOrphans(tables.checkpoints(), ids.size()), ids.toArray());
            Sql.update(c, sql.deleteOrphans(tables.jobStates(), ids.size()), ids.toArray());
          }
          return deleted;
        });
  }

  @Override
  public Optional<Duration> retention() {
    return retention;
  }

  /** See {@link WorkSignals}: PostgreSQL LISTEN/NOTIFY where the dialect has it. */
  @Override
  public void onWorkAvailable(Runnable listener) {
    signals.add(listener);
  }

  /** Closes the LISTEN connection when the last listener goes; a later one opens it again. */
  @Override
  public void removeWorkAvailableListener(Runnable listener) {
    signals.remove(listener);
  }

  private static long micros(Instant at) {
    return Rows.micros(at);
  }
}
