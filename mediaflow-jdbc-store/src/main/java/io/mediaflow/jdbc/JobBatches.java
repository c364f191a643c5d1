package io.mediaflow.jdbc;

import io.mediaflow.api.store.Completion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The batched lease changes of the job store: many heartbeats and many completions, each a
 * compare-and-set, in one statement or one transaction. A completion of a job under a concurrency
 * limit gives its place back in the same transaction ({@link JobLimits}).
 */
final class JobBatches {

  private final Transactions db;
  private final JobSql sql;
  private final Dialect dialect;
  private final JobParents parents;
  private final JobStateChanges changes;
  private final LimitedCompletions limited;
  private final LimitedClaims limitedClaims;

  JobBatches(
      Transactions db,
      JobSql sql,
      Dialect dialect,
      JobParents parents,
      JobStateChanges changes,
      LimitedCompletions limited,
      LimitedClaims limitedClaims) {
    this.db = db;
    this.sql = sql;
    this.dialect = dialect;
    this.parents = parents;
    this.changes = changes;
    this.limited = limited;
    this.limitedClaims = limitedClaims;
  }

  /**
   * Extends many leases in one transaction: one JDBC batch where the dialect's batch counts are
   * reliable, else one statement per lease in the same transaction.
   */
  Set<String> heartbeatAll(Map<String, String> tokensById, Instant expiresAt) {
    Map<String, String> copy = new LinkedHashMap<>(tokensById);
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (copy.isEmpty()) {
      return Set.of();
    }
    // in id order, as every batch of the store changes jobs: two batches sharing jobs then wait for
    // each other instead of deadlocking (a completion batch and a heartbeat did, each time costing
    // the database's deadlock timeout, a second)
    List<String> ids = new ArrayList<>(copy.keySet());
    ids.sort(null);
    List<List<Object>> rows = new ArrayList<>(ids.size());
    for (String id : ids) {
      rows.add(Sql.args(Rows.micros(expiresAt), id, copy.get(id)));
    }
    return db.tx(
        "heartbeatAll",
        null,
        c -> {
          int[] counts = batch(c, sql.heartbeat, rows);
          Set<String> lost = new HashSet<>();
          for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
              lost.add(ids.get(i));
            }
          }
          return lost;
        });
  }

  /**
   * One statement where the dialect has one (PostgreSQL: the completions as arrays, their parents
   * counted in the same statement), else one batched UPDATE in one transaction, followed by the
   * parents of those that have one. Those it did not complete (a job under a limit, or a lease
   * lost) are tried one by one in one transaction with their limits. Returns null where the dialect
   * has neither (the caller completes them one by one).
   */
  Set<String> completeAll(List<Completion> given, Instant now) {
    long at = Rows.micros(now);
    // in id order, the order every batch locks jobs in (see heartbeatAll)
    List<Completion> completions = new ArrayList<>(given);
    completions.sort(Comparator.comparing(Completion::jobId));
    if (sql.completeAllInOne != null) {
      List<Completion> free = new ArrayList<>(completions.size());
      List<Completion> underLimits = new ArrayList<>();
      for (Completion done : completions) {
        boolean limitedClaim = sql.completeLimitedInOne != null && limitedClaims.take(done.jobId());
        (limitedClaim ? underLimits : free).add(done);
      }
      Set<String> done = new HashSet<>();
      if (!free.isEmpty()) {
        done.addAll(inOne(sql.completeAllInOne, free, at, false));
      }
      if (!underLimits.isEmpty()) {
        done.addAll(inOne(sql.completeLimitedInOne, underLimits, at, true));
      }
      return inOrder(given, withLimited(completions, done, at));
    }
    if (!dialect.batchCountsReliable()) {
      return null;
    }
    List<List<Object>> rows = new ArrayList<>(completions.size());
    for (Completion done : completions) {
      rows.add(Sql.args(done.result().orElse(null), at, done.jobId(), done.leaseToken()));
    }
    return db.tx(
        "completeAll",
        null,
        c -> {
          int[] counts = batch(c, sql.completeBatch, rows);
          Set<String> done = new LinkedHashSet<>();
          List<Completion> rest = new ArrayList<>();
          for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
              done.add(completions.get(i).jobId());
            } else {
              rest.add(completions.get(i));
            }
          }
          parents.finished(c, done, at);
          done.addAll(completeLimited(c, rest, at));
          return inOrder(given, done);
        });
  }

  /** The completions {@code done} left out, each with its limit, in one transaction; all done. */
  private Set<String> withLimited(List<Completion> completions, Set<String> done, long at) {
    List<Completion> rest = new ArrayList<>();
    for (Completion c : completions) {
      if (!done.contains(c.jobId())) {
        rest.add(c);
      }
    }
    if (rest.isEmpty()) {
      return done;
    }
    Set<String> all = new HashSet<>(done);
    all.addAll(db.tx("completeAll", null, c -> completeLimited(c, rest, at)));
    return all;
  }

  /**
   * Completes jobs under limits (and those whose lease may be lost): together where their limits
   * allow ({@link LimitedCompletions}), the rest one by one; returns the ids completed.
   */
  private Set<String> completeLimited(Connection c, List<Completion> rest, long at)
      throws SQLException {
    Set<String> done =
        dialect.batchCountsReliable() ? limited.complete(c, rest, at) : new HashSet<>();
    for (Completion r : rest) {
      if (!done.contains(r.jobId()) && completeLimited(c, r, at)) {
        done.add(r.jobId());
      }
    }
    return done;
  }

  private boolean completeLimited(Connection c, Completion done, long at) throws SQLException {
    return changes.finalIn(
            c,
            done.jobId(),
            JobStateChanges.Final.finished(sql.completeFree, null, sql.complete, at),
            Sql.args(done.result().orElse(null), at, done.jobId(), done.leaseToken()))
        != null;
  }

  private static Set<String> inOrder(List<Completion> completions, Set<String> done) {
    Set<String> out = new LinkedHashSet<>();
    for (Completion c : completions) {
      if (done.contains(c.jobId())) {
        out.add(c.jobId());
      }
    }
    return out;
  }

  /**
   * The completions as arrays in one round trip ({@link Dialect#completeAllInOneStatement} or, for
   * jobs claimed under limits, {@link Dialect#completeLimitedInOneStatement}, which takes the ids
   * once more first), whose last result is the ids completed.
   */
  private Set<String> inOne(String statement, List<Completion> copy, long now, boolean limited) {
    String[] ids = new String[copy.size()];
    String[] tokens = new String[copy.size()];
    String[] results = new String[copy.size()];
    for (int i = 0; i < copy.size(); i++) {
      ids[i] = copy.get(i).jobId();
      tokens[i] = copy.get(i).leaseToken();
      results[i] = copy.get(i).result().orElse(null);
    }
    return db.autoRetrying(
        "completeAll",
        null,
        c -> {
          List<Object> args = new ArrayList<>();
          if (limited) {
            args.add(c.createArrayOf("varchar", ids));
          }
          args.addAll(
              Sql.args(
                  c.createArrayOf("varchar", ids),
                  c.createArrayOf("varchar", tokens),
                  c.createArrayOf("text", results),
                  now,
                  now,
                  now));
          return new HashSet<>(Sql.listOfLast(c, statement, rs -> rs.getString(1), args));
        });
  }

  /**
   * Runs one statement once per row of arguments, as a JDBC batch where the dialect's batch counts
   * tell a row that matched from one that did not, else one by one; the count for each row.
   */
  private int[] batch(Connection c, String statement, List<List<Object>> rows) throws SQLException {
    int[] counts = new int[rows.size()];
    try (PreparedStatement ps = c.prepareStatement(statement)) {
      for (int i = 0; i < rows.size(); i++) {
        Sql.bind(ps, rows.get(i));
        if (dialect.batchCountsReliable()) {
          ps.addBatch();
        } else {
          counts[i] = ps.executeUpdate();
        }
      }
      return dialect.batchCountsReliable() ? ps.executeBatch() : counts;
    }
  }
}
