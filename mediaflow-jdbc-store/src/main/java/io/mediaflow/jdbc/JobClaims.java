package io.mediaflow.jdbc;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.JobTransitions;
import io.mediaflow.api.store.ClaimRequest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due jobs: one statement where the dialect has one ({@code FOR UPDATE SKIP LOCKED} in a
 * CTE, then {@code UPDATE … RETURNING}), else a locking read and an update in one transaction. So
 * the claim is atomic with the state change, and nodes never wait on each other's claims. A claimed
 * row that cannot be read goes to {@code DEAD} with {@link JdbcStorage#CORRUPT_ROW}.
 */
final class JobClaims {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcStorage.class);

  private final Transactions db;
  private final JobSql sql;
  private final JobParents parents;
  private final JobLimits limits;
  private final boolean serialize;
  private final String tokenPrefix = Long.toHexString(new SecureRandom().nextLong()) + "-";
  private final AtomicLong claims = new AtomicLong();
  private final ReentrantLock claimLock = new ReentrantLock();
  private final StatelessClaims stateless;
  private final LimitedClaims limitedClaims;

  JobClaims(
      Transactions db,
      JobSql sql,
      JobParents parents,
      JobLimits limits,
      Dialect dialect,
      StatelessClaims stateless,
      LimitedClaims limitedClaims) {
    this.db = db;
    this.stateless = stateless;
    this.limitedClaims = limitedClaims;
    this.sql = sql;
    this.parents = parents;
    this.limits = limits;
    this.serialize = dialect.serializeClaims();
  }

  /** What every lease token this store makes begins with: random, one per store. */
  String tokenPrefix() {
    return tokenPrefix;
  }

  List<Job> claim(ClaimRequest request) {
    Objects.requireNonNull(request, "request");
    Instant now = Rows.truncate(request.now());
    Instant expiresAt = Rows.truncate(now.plus(request.lease()));
    List<String> types = request.types().stream().sorted().toList();
    String prefix = tokenPrefix + Long.toHexString(claims.incrementAndGet()) + ":";
    String where = sql.claimWhere(types.size());
    List<Object> whereArgs = new ArrayList<>();
    whereArgs.add(Rows.micros(now));
    whereArgs.addAll(types);
    whereArgs.add(request.max());
    List<Object> setArgs =
        List.of(request.owner(), prefix, Rows.micros(expiresAt), Rows.micros(now));
    Optional<String> one = sql.claimInOneStatement(where);
    List<Object> rows;
    if (one.isPresent()) {
      List<Object> args = new ArrayList<>(whereArgs);
      args.addAll(setArgs);
      long leaseNanos = request.lease().toNanos();
      rows =
          db.auto(
              "claim",
              null,
              c ->
                  Sql.listOfLast(
                      c,
                      one.get(),
                      rs -> {
                        Object row = jobOrCorrupt(rs);
                        if (row instanceof Job job) {
                          if (rs.getBoolean(Dialect.STATE_COLUMN)) {
                            stateless.claimedWithState(job.id());
                          } else {
                            stateless.claimed(job.id(), leaseNanos);
                          }
                          if (Rows.limited(rs)) {
                            limitedClaims.claimed(job.id());
                          }
                        }
                        return row;
                      },
                      args));
    } else {
      if (serialize) {
        claimLock.lock();
      }
      try {
        rows = db.tx("claim", null, c -> claimInTwoSteps(c, where, whereArgs, setArgs, prefix));
      } finally {
        if (serialize) {
          claimLock.unlock();
        }
      }
    }
    List<Job> out = new ArrayList<>(rows.size());
    for (Object row : rows) {
      if (row instanceof Job job) {
        out.add(job);
      } else {
        buryCorrupt((Rows.CorruptRow) row, now);
      }
    }
    out.sort(
        Comparator.comparingInt(Job::priority)
            .reversed()
            .thenComparing(Job::scheduledAt)
            .thenComparing(Job::id));
    return out;
  }

  /** The locking read, the update, and the rows read back by their new token prefix. */
  private List<Object> claimInTwoSteps(
      Connection c, String where, List<Object> whereArgs, List<Object> setArgs, String prefix)
      throws SQLException {
    List<String> ids = Sql.list(c, sql.selectForClaim(where), rs -> rs.getString(1), whereArgs);
    if (ids.isEmpty()) {
      return List.of();
    }
    List<Object> args = new ArrayList<>(setArgs);
    args.addAll(ids);
    Sql.update(c, sql.claimUpdate(ids.size()), args.toArray());
    List<Object> readArgs = new ArrayList<>(ids);
    readArgs.add(prefix);
    return Sql.list(c, sql.claimedRows(ids.size()), JobClaims::jobOrCorrupt, readArgs);
  }

  /** The row as a job, or as the {@link Rows.CorruptRow} that kept it from being one. */
  private static Object jobOrCorrupt(java.sql.ResultSet rs) throws SQLException {
    try {
      return Rows.job(rs);
    } catch (Rows.CorruptRow e) {
      return e;
    }
  }

  /**
   * A claimed row that cannot be read fails and is buried at once: PROCESSING → FAILED → DEAD, and
   * like any dead child it counts as finished on its parent, and under a concurrency limit gives
   * its place back, in the same transaction.
   */
  private void buryCorrupt(Rows.CorruptRow corrupt, Instant now) {
    JobTransitions.check(corrupt.jobId, JobState.PROCESSING, JobState.FAILED);
    JobTransitions.check(corrupt.jobId, JobState.FAILED, JobState.DEAD);
    LOG.error("mediaflow: {}; the job goes to DEAD", corrupt.getMessage());
    db.tx(
        "bury corrupt job",
        corrupt.jobId,
        c -> {
          Integer buried =
              limits.changeUnderLimit(
                  c,
                  corrupt.jobId,
                  JobLimits.Effect.RELEASE,
                  Rows.micros(now),
                  () -> {
                    int n =
                        Sql.update(
                            c,
                            sql.buryCorrupt,
                            JdbcStorage.CORRUPT_ROW.code(),
                            corrupt.getMessage(),
                            false,
                            "inspect the row; fix or delete it, then requeue the job (stages were"
                                + " cleared)",
                            Rows.micros(now),
                            corrupt.jobId);
                    return n > 0 ? n : null;
                  });
          if (buried != null) {
            parents.finished(c, List.of(corrupt.jobId), Rows.micros(now));
          }
          return buried;
        });
  }
}
