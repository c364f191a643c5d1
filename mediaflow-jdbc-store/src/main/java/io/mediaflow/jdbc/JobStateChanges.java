package io.mediaflow.jdbc;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.JobTransitions;
import io.mediaflow.api.store.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The two kinds of state change of one job, each a compare-and-set statement: one that needs the
 * lease (checked before the state, as in memory) and one allowed from some states only (checked
 * against the state it was read in, read again if it changed meanwhile). A change that finishes a
 * child, or re-queues a dead one, changes its parent's count in the same transaction ({@link
 * JobParents}): in the same statement where the dialect can, else in statements of their own.
 *
 * <p>A final change (or a re-queue) is first tried on a job outside any concurrency limit, as one
 * statement ({@link JobSql#NO_LIMIT}); only when that matches no row is the job's limit looked at,
 * in a transaction that gives its place back (or takes one) with the change ({@link JobLimits}).
 */
final class JobStateChanges {

  private static final int RETRIES = 5;

  /** What a change does to the parent of the job it changes. */
  record ParentChange(int delta, String inOneStatement, long now) {
    static final ParentChange NONE = new ParentChange(0, null, 0);

    /** The job finished: its parent counts one more finished child (and may wake). */
    static ParentChange finished(String inOneStatement, long now) {
      return new ParentChange(1, inOneStatement, now);
    }

    /** A dead job went back to the queue: its parent counts one less. */
    static ParentChange reopened(String inOneStatement, long now) {
      return new ParentChange(-1, inOneStatement, now);
    }

    /** The same change of the parent, in statements of its own after the job's. */
    ParentChange separate() {
      return new ParentChange(delta, null, now);
    }
  }

  /**
   * A change that ends a job's run or re-queues a dead one: {@code free}, the statement for a job
   * outside any limit ({@link JobSql#NO_LIMIT}); {@code any}, the same without that condition, run
   * with the job's limit locked; what it does to the parent and to the job's limit.
   */
  record Final(String free, String any, ParentChange parent, JobLimits.Effect effect) {
    /** A job's final change: its parent counts it, its place is given back. */
    static Final finished(String free, String freeOne, String any, long now) {
      return new Final(free, any, ParentChange.finished(freeOne, now), JobLimits.Effect.RELEASE);
    }
  }

  /** More work in the transaction of a change, on the job as changed. */
  @FunctionalInterface
  interface AfterChange {
    void run(Connection c, Job changed) throws SQLException;
  }

  private final Transactions db;
  private final JobSql sql;
  private final JobReads reads;
  private final JobParents parents;
  private final JobLimits limits;
  private final boolean returning;

  JobStateChanges(
      Transactions db,
      JobSql sql,
      JobReads reads,
      JobParents parents,
      JobLimits limits,
      Dialect dialect) {
    this.db = db;
    this.sql = sql;
    this.reads = reads;
    this.parents = parents;
    this.limits = limits;
    this.returning = dialect.updateReturning();
  }

  /**
   * A final change that needs the lease (a completion): as {@link #leased}, and under a limit its
   * place is given back in the same transaction.
   */
  Job leasedFinal(String op, String jobId, String token, Final change, List<Object> args) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(token, "leaseToken");
    List<Object> all = new ArrayList<>(args);
    all.add(jobId);
    all.add(token);
    Job job = finalChange(op, jobId, change, all, null);
    if (job != null) {
      return job;
    }
    db.auto(
        op,
        jobId,
        c -> {
          reads.requireExists(c, jobId);
          return null;
        });
    throw StorageException.leaseLost(jobId);
  }

  /**
   * Runs a final change: in one statement for a job outside any limit, else (or when that matched
   * no row) in a transaction with the job's limit, then {@code after} on the job as changed.
   */
  private Job finalChange(
      String op, String jobId, Final change, List<Object> all, AfterChange after) {
    Transactions.Work<Job> free =
        c -> {
          Job job = change(c, change.free(), all, jobId, change.parent());
          if (job != null && after != null) {
            after.run(c, job);
          }
          return job;
        };
    Job job = after == null ? db.write(op, jobId, free) : db.tx(op, jobId, free);
    if (job != null) {
      return job;
    }
    return db.tx(
        op,
        jobId,
        c -> {
          Job changed = finalIn(c, jobId, change, all);
          if (changed != null && after != null) {
            after.run(c, changed);
          }
          return changed;
        });
  }

  /**
   * The final change of a job that may be under a limit, in the caller's transaction, its parent
   * changed by statements of their own; null when no row matched.
   */
  Job finalIn(Connection c, String jobId, Final change, List<Object> all) throws SQLException {
    return limits.changeUnderLimit(
        c,
        jobId,
        change.effect(),
        change.parent().now(),
        () -> change(c, change.any(), all, jobId, change.parent().separate()));
  }

  /**
   * Runs {@code update} (a {@link JobSql} leased statement) on a job the caller holds the lease of.
   *
   * @throws StorageException {@link StorageException#LEASE_LOST} if {@code token} no longer holds
   *     it, {@link StorageException#JOB_NOT_FOUND} if there is no such job
   */
  Job leased(String op, String jobId, String token, String update, List<Object> args) {
    return leased(op, jobId, token, update, args, ParentChange.NONE);
  }

  /** As {@link #leased(String, String, String, String, List)}, changing the parent as told. */
  Job leased(
      String op,
      String jobId,
      String token,
      String update,
      List<Object> args,
      ParentChange parent) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(token, "leaseToken");
    return db.write(op, jobId, c -> leasedIn(c, jobId, token, update, args, parent));
  }

  /** The leased change on a connection the caller holds, in its transaction. */
  Job leasedIn(
      Connection c,
      String jobId,
      String token,
      String update,
      List<Object> args,
      ParentChange parent)
      throws SQLException {
    List<Object> all = new ArrayList<>(args);
    all.add(jobId);
    all.add(token);
    Job job = change(c, update, all, jobId, parent);
    if (job != null) {
      return job;
    }
    reads.requireExists(c, jobId);
    // only a PROCESSING job holds a lease, and every change here is legal from PROCESSING
    throw StorageException.leaseLost(jobId);
  }

  /**
   * Moves a job from one of {@code from} to {@code to} with {@code update} (a {@link JobSql} moved
   * statement), compare-and-set on the state it was read in.
   *
   * @param verb how the error names the change ("retried"), or null to report the transition table
   */
  Job moved(
      String op,
      String jobId,
      Set<JobState> from,
      JobState to,
      String verb,
      String update,
      List<Object> args) {
    return moved(op, jobId, from, to, verb, update, null, args, null);
  }

  /**
   * As {@link #moved(String, String, Set, JobState, String, String, List)} for a final change (or a
   * re-queue), changing the parent and the job's limit as told and then running {@code after} (if
   * not null) in the same transaction.
   */
  Job moved(
      String op,
      String jobId,
      Set<JobState> from,
      JobState to,
      String verb,
      Final change,
      List<Object> args,
      AfterChange after) {
    return moved(op, jobId, from, to, verb, null, change, args, after);
  }

  private Job moved(
      String op,
      String jobId,
      Set<JobState> from,
      JobState to,
      String verb,
      String update,
      Final change,
      List<Object> args,
      AfterChange after) {
    Objects.requireNonNull(jobId, "jobId");
    for (int attempt = 1; ; attempt++) {
      JobState current = stateOf(op, jobId);
      if (!from.contains(current)) {
        if (verb == null) {
          JobTransitions.check(jobId, current, to);
        }
        throw illegal(jobId, current, from.iterator().next(), to, verb);
      }
      JobTransitions.check(jobId, current, to);
      List<Object> all = new ArrayList<>();
      all.add(to.name());
      all.addAll(args);
      all.add(jobId);
      all.add(current.name());
      Job job =
          change == null
              ? db.write(op, jobId, c -> change(c, update, all, jobId, ParentChange.NONE))
              : finalChange(op, jobId, change, all, after);
      if (job != null) {
        return job;
      }
      if (attempt >= RETRIES) {
        throw new StorageException(
            JdbcStorage.STORAGE_FAILED,
            "could not " + op + " job " + jobId + ": it kept changing under us",
            "retry");
      }
      // someone changed the job between our read and our write: decide again on its new state
    }
  }

  private JobState stateOf(String op, String jobId) {
    return db.auto(
        op,
        jobId,
        c ->
            Sql.first(c, sql.stateOf, rs -> JobState.valueOf(rs.getString(1)), jobId)
                .orElseThrow(() -> StorageException.notFound(jobId)));
  }

  private static MediaFlowException illegal(
      String jobId, JobState current, JobState from, JobState to, String verb) {
    return new MediaFlowException(
        JobTransitions.ILLEGAL_TRANSITION,
        "job "
            + jobId
            + " cannot go from "
            + current
            + " to "
            + to
            + " here: only a "
            + from
            + " job can be "
            + verb,
        current.isTerminal()
            ? "the job is " + current + " and can no longer change"
            : "wait until the job is " + from);
  }

  /**
   * Runs an UPDATE of one job and the change of its parent, and returns the job as written, or null
   * if no row matched.
   */
  private Job change(
      Connection c, String update, List<Object> args, String jobId, ParentChange parent)
      throws SQLException {
    if (parent.delta() == 0) {
      return updateOne(c, update, args, jobId);
    }
    if (parent.inOneStatement() != null) {
      List<Object> all = new ArrayList<>(args);
      if (parent.delta() > 0) {
        all.add(parent.now()); // the parent's wake-up: scheduled_at, updated_at
        all.add(parent.now());
      }
      return Sql.first(c, parent.inOneStatement(), JobReads::read, all.toArray()).orElse(null);
    }
    Job job = updateOne(c, update, args, jobId);
    if (job != null && job.parentId().isPresent()) {
      parents.count(c, Map.of(job.parentId().get(), parent.delta()), parent.now());
    }
    return job;
  }

  /** Runs an UPDATE of one job and returns the job as written, or null if no row matched. */
  private Job updateOne(Connection c, String update, List<Object> args, String jobId)
      throws SQLException {
    if (returning) {
      try (PreparedStatement ps = c.prepareStatement(update + " RETURNING *")) {
        Sql.bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? JobReads.read(rs) : null;
        }
      }
    }
    if (Sql.update(c, update, args.toArray()) == 0) {
      return null;
    }
    return reads.load(c, jobId);
  }
}
