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
  private final boolean returning;

  JobStateChanges(
      Transactions db, JobSql sql, JobReads reads, JobParents parents, Dialect dialect) {
    this.db = db;
    this.sql = sql;
    this.reads = reads;
    this.parents = parents;
    this.returning = dialect.updateReturning();
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
    return moved(op, jobId, from, to, verb, update, args, ParentChange.NONE, null);
  }

  /**
   * As {@link #moved(String, String, Set, JobState, String, String, List)}, changing the parent as
   * told and then running {@code after} (if not null) in the same transaction.
   */
  Job moved(
      String op,
      String jobId,
      Set<JobState> from,
      JobState to,
      String verb,
      String update,
      List<Object> args,
      ParentChange parent,
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
          after == null
              ? db.write(op, jobId, c -> change(c, update, all, jobId, parent))
              : db.tx(
                  op,
                  jobId,
                  c -> {
                    Job changed = change(c, update, all, jobId, parent);
                    if (changed != null) {
                      after.run(c, changed);
                    }
                    return changed;
                  });
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
