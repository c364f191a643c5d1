package io.mediaflow.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Between parents and children, inside the transaction of the change that causes it: a child's
 * final change (COMPLETED, DEAD, CANCELLED) counts one more finished child on the parent's row and
 * wakes the parent if it waits for that many; a dead child re-queued counts one less; a cancel
 * takes the unfinished descendants with it.
 *
 * <p>The count lives on the parent's row ({@code children_done}) rather than being counted from the
 * children: two children finishing at once each update that one row, so the database serialises
 * them by its row lock, and the second reads the first's count. A {@code COUNT(*)} of the children
 * in each transaction could, under read committed, miss the other's uncommitted change in both, and
 * the wake-up would be lost.
 *
 * <p>A descendant under a concurrency limit that a cancel takes with it gives its place back in the
 * same transaction ({@link JobLimits#release}).
 */
final class JobParents {

  private final JobSql sql;
  private final JobLimits limits;

  JobParents(JobSql sql, JobLimits limits) {
    this.sql = sql;
    this.limits = limits;
  }

  /** An unfinished child, locked: its id, parent, limit key and whether it waits for a place. */
  private record Child(String id, String parent, String limitKey, boolean buffered) {}

  /** The parent's count of finished children, 0 for an unknown job. */
  long finished(Connection c, String parentId) throws SQLException {
    return Sql.first(c, sql.finishedChildren, rs -> rs.getLong(1), parentId).orElse(0L);
  }

  /**
   * Changes each parent's count of finished children by its delta, in the order of their ids (so
   * that two transactions lock shared parents in the same order), and wakes those that now have as
   * many as they wait for.
   */
  void count(Connection c, Map<String, Integer> deltas, long now) throws SQLException {
    int woken = 0;
    for (Map.Entry<String, Integer> e : new TreeMap<>(deltas).entrySet()) {
      int delta = e.getValue();
      Sql.update(c, sql.countChildren, delta, delta, e.getKey());
      if (delta > 0) {
        woken += Sql.update(c, sql.wakeParent, now, now, e.getKey());
      }
    }
    if (woken > 0) {
      notifyWork(c, sql);
    }
  }

  /** After a batch of completions: counts them on the parents of those that have one. */
  void finished(Connection c, Collection<String> jobIds, long now) throws SQLException {
    if (jobIds.isEmpty()) {
      return;
    }
    Map<String, Integer> deltas = new HashMap<>();
    List<String> all = new ArrayList<>(jobIds);
    for (int from = 0; from < all.size(); from += JobInserts.CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + JobInserts.CHUNK));
      for (String parent : Sql.list(c, sql.parentsOf(chunk.size()), rs -> rs.getString(1), chunk)) {
        deltas.merge(parent, 1, Integer::sum);
      }
    }
    count(c, deltas, now);
  }

  /**
   * Cancels the unfinished (pending, scheduled, processing) descendants of a job cancelled in this
   * transaction, generation by generation, each locked before it changes; the parents of those
   * cancelled count them (a cancelled parent wakes no one, but its count stays true).
   *
   * @return how many were cancelled
   */
  int cancelDescendants(Connection c, String rootId, long now) throws SQLException {
    int cancelled = 0;
    Set<String> seen = new HashSet<>();
    seen.add(rootId);
    List<String> generation = List.of(rootId);
    while (!generation.isEmpty()) {
      List<String> next = new ArrayList<>();
      List<Child> limited = new ArrayList<>();
      Map<String, Integer> deltas = new HashMap<>();
      for (int from = 0; from < generation.size(); from += JobInserts.CHUNK) {
        List<String> chunk =
            generation.subList(from, Math.min(generation.size(), from + JobInserts.CHUNK));
        List<Child> children =
            Sql.list(
                c,
                sql.unfinishedChildren(chunk.size()),
                rs ->
                    new Child(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        "SCHEDULED".equals(rs.getString(4)) && "OVERLAP".equals(rs.getString(5))),
                chunk);
        for (Child child : children) {
          if (seen.add(child.id())) {
            next.add(child.id());
            deltas.merge(child.parent(), 1, Integer::sum);
            if (child.limitKey() != null) {
              limited.add(child);
            }
          }
        }
      }
      for (int from = 0; from < next.size(); from += JobInserts.CHUNK) {
        List<String> chunk = next.subList(from, Math.min(next.size(), from + JobInserts.CHUNK));
        List<Object> args = new ArrayList<>(chunk.size() + 1);
        args.add(now);
        args.addAll(chunk);
        cancelled += Sql.update(c, sql.cancelMany(chunk.size()), args.toArray());
      }
      for (Map.Entry<String, Integer> e : new TreeMap<>(deltas).entrySet()) {
        Sql.update(c, sql.countChildren, e.getValue(), e.getValue(), e.getKey());
      }
      limited.sort(java.util.Comparator.comparing(Child::limitKey));
      for (Child child : limited) {
        limits.release(c, child.limitKey(), child.buffered(), now);
      }
      generation = next;
    }
    return cancelled;
  }

  /** Tells idle workers on other nodes that a job is due, where the dialect can (at commit). */
  static void notifyWork(Connection c, JobSql sql) throws SQLException {
    if (sql.afterSubmit == null) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(sql.afterSubmit)) {
      if (sql.afterSubmit.indexOf('?') >= 0) {
        ps.setInt(1, 1);
      }
      ps.execute();
    }
  }
}
