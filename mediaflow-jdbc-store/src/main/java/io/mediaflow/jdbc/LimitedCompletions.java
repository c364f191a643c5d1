package io.mediaflow.jdbc;

import io.mediaflow.api.store.Completion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Completes many jobs under concurrency limits together, in the caller's transaction: a few
 * statements for the whole batch instead of six per job ({@link JobLimits#changeUnderLimit}). A
 * burst of rule runs, each under its rule's limit, finishes at the speed of plain jobs.
 *
 * <p>Same locks in the same order as one by one: the limits' rows first, in key order, then the
 * jobs' rows (by the completing update). A key whose jobs' places go to no one (none buffered) just
 * counts them back ({@code running - n}); a key with buffered jobs, a job whose key has no counter
 * row or changed meanwhile ({@code CANCEL_OTHER}), and a job whose lease was lost are left to the
 * caller's one-by-one path, which hands places over and reports what it did.
 */
final class LimitedCompletions {

  private final JobSql sql;
  private final JobLimits limits;
  private final JobParents parents;
  private final Tables t;
  private final String completeKeyed;
  private final String giveBackMany;

  LimitedCompletions(JobSql sql, JobLimits limits, JobParents parents, Tables t) {
    this.sql = sql;
    this.limits = limits;
    this.parents = parents;
    this.t = t;
    // the job's key is checked again under its limit's lock: CANCEL_OTHER may have cleared it
    this.completeKeyed = sql.complete + " AND limit_key = ?";
    this.giveBackMany =
        "UPDATE "
            + t.jobLimits()
            + " SET running = CASE WHEN running > ? THEN running - ? ELSE 0 END"
            + " WHERE limit_key = ?";
  }

  /**
   * Completes those of {@code completions} it can together; returns their ids. The caller completes
   * the rest one by one, in the same transaction.
   *
   * @param at the completion time, in the store's microseconds
   */
  Set<String> complete(Connection c, List<Completion> completions, long at) throws SQLException {
    Map<String, Completion> byId = new HashMap<>();
    for (Completion done : completions) {
      byId.put(done.jobId(), done);
    }
    Map<String, List<Completion>> byKey = new TreeMap<>();
    List<String> ids = new ArrayList<>(byId.keySet());
    for (int from = 0; from < ids.size(); from += JobInserts.CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + JobInserts.CHUNK));
      for (String[] row : Sql.list(c, keysOf(chunk.size()), JobKey::read, chunk)) {
        if (row[1] != null) {
          byKey.computeIfAbsent(row[1], k -> new ArrayList<>()).add(byId.get(row[0]));
        }
      }
    }
    Set<String> free = freeKeys(c, new ArrayList<>(byKey.keySet()));
    // the jobs' rows in id order, the order every batch of the store locks jobs in
    List<Map.Entry<Completion, String>> together = new ArrayList<>();
    for (String key : free) {
      for (Completion done : byKey.get(key)) {
        together.add(Map.entry(done, key));
      }
    }
    together.sort(Comparator.comparing(e -> e.getKey().jobId()));
    Set<String> done = new LinkedHashSet<>();
    if (together.isEmpty()) {
      return done;
    }
    Map<String, Integer> given = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement(completeKeyed)) {
      for (Map.Entry<Completion, String> e : together) {
        Completion x = e.getKey();
        Sql.bind(
            ps, Sql.args(x.result().orElse(null), at, x.jobId(), x.leaseToken(), e.getValue()));
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] > 0) {
          done.add(together.get(i).getKey().jobId());
          given.merge(together.get(i).getValue(), 1, Integer::sum);
        }
      }
    }
    if (!given.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement(giveBackMany)) {
        for (Map.Entry<String, Integer> e : given.entrySet()) {
          Sql.bind(ps, Sql.args(e.getValue(), e.getValue(), e.getKey()));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      parents.finished(c, done, at);
    }
    return done;
  }

  /** Locks the counters of {@code keys} (sorted) and returns those with no job buffered. */
  private Set<String> freeKeys(Connection c, List<String> keys) throws SQLException {
    Set<String> free = new TreeSet<>();
    for (int from = 0; from < keys.size(); from += JobInserts.CHUNK) {
      List<String> chunk = keys.subList(from, Math.min(keys.size(), from + JobInserts.CHUNK));
      for (String[] row :
          Sql.list(
              c,
              limits.lockCounters(chunk.size()),
              rs -> new String[] {rs.getString(1), String.valueOf(rs.getInt(4))},
              chunk)) {
        if ("0".equals(row[1])) {
          free.add(row[0]);
        }
      }
    }
    return free;
  }

  private String keysOf(int n) {
    return "SELECT id, limit_key FROM " + t.jobs() + " WHERE id IN (" + Sql.placeholders(n) + ")";
  }

  /** Reads (id, limit_key) rows. */
  private static final class JobKey {
    static String[] read(java.sql.ResultSet rs) throws SQLException {
      return new String[] {rs.getString(1), rs.getString(2)};
    }
  }
}
