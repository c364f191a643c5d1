package io.mediaflow.jdbc;

import io.mediaflow.api.store.ScheduleStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The schedule state of a {@link JdbcStorage}: one row per schedule. Advancing is a compare-and-set
 * on the row: the first slot is an insert that only one node can make, every later one an {@code
 * UPDATE … WHERE next_fire_at = expected} that only one node can win. The batch forms read many
 * fire times with one {@code IN} query per {@value JobInserts#CHUNK} ids, and advance many in one
 * transaction (on PostgreSQL in one statement over arrays, one round trip for a whole tick).
 */
final class JdbcScheduleStore implements ScheduleStore {

  private final Transactions db;
  private final String select;
  private final String insertIfAbsent;
  private final String advance;
  private final String remove;
  private final String advanceAllInOne; // null where the dialect has none
  private final Tables t;

  JdbcScheduleStore(Transactions db, Dialect dialect, Tables t) {
    this.db = db;
    this.t = t;
    this.remove = "DELETE FROM " + t.schedules() + " WHERE id = ?";
    this.advanceAllInOne = dialect.advanceAllInOneStatement(t).orElse(null);
    this.select = "SELECT next_fire_at FROM " + t.schedules() + " WHERE id = ?";
    this.insertIfAbsent = dialect.insertScheduleIfAbsent(t);
    this.advance =
        "UPDATE "
            + t.schedules()
            + " SET next_fire_at = ?, version = version + 1 WHERE id = ? AND next_fire_at = ?";
  }

  @Override
  public Optional<Instant> nextFireTime(String scheduleId) {
    Objects.requireNonNull(scheduleId, "scheduleId");
    return db.auto(
        "nextFireTime",
        null,
        c -> Sql.first(c, select, rs -> Rows.instant(rs.getLong(1)), scheduleId));
  }

  @Override
  public boolean advanceFireTime(String scheduleId, Optional<Instant> expected, Instant next) {
    Objects.requireNonNull(scheduleId, "scheduleId");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(next, "next");
    return db.auto(
        "advanceFireTime", null, c -> advance(c, new Advance(scheduleId, expected, next)));
  }

  /** One compare-and-set: an update from the expected time, or the insert of a first slot. */
  private boolean advance(Connection c, Advance a) throws SQLException {
    if (a.expected().isPresent()) {
      return Sql.update(
              c, advance, Rows.micros(a.next()), a.scheduleId(), Rows.micros(a.expected().get()))
          == 1;
    }
    try {
      return Sql.update(c, insertIfAbsent, a.scheduleId(), Rows.micros(a.next())) == 1;
    } catch (SQLException e) {
      if (Transactions.isIntegrityViolation(e)) {
        return false; // another node recorded the first slot
      }
      throw e;
    }
  }

  /** One {@code IN} query per {@value JobInserts#CHUNK} ids, on one connection. */
  @Override
  public Map<String, Instant> nextFireTimes(Collection<String> scheduleIds) {
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(scheduleIds));
    ids.forEach(id -> Objects.requireNonNull(id, "scheduleId"));
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<String, Instant> found =
        db.auto(
            "nextFireTimes",
            null,
            c -> {
              Map<String, Instant> out = new HashMap<>();
              for (int from = 0; from < ids.size(); from += JobInserts.CHUNK) {
                List<String> chunk =
                    ids.subList(from, Math.min(ids.size(), from + JobInserts.CHUNK));
                String query =
                    "SELECT id, next_fire_at FROM "
                        + t.schedules()
                        + " WHERE id IN ("
                        + Sql.placeholders(chunk.size())
                        + ")";
                for (Object[] row :
                    Sql.list(
                        c, query, rs -> new Object[] {rs.getString(1), rs.getLong(2)}, chunk)) {
                  out.put((String) row[0], Rows.instant((Long) row[1]));
                }
              }
              return out;
            });
    // in the order asked for
    Map<String, Instant> out = new LinkedHashMap<>();
    for (String id : ids) {
      Instant at = found.get(id);
      if (at != null) {
        out.put(id, at);
      }
    }
    return out;
  }

  /**
   * On PostgreSQL one statement over arrays (in auto-commit: one round trip, one commit) when no
   * schedule comes twice; else one transaction of one compare-and-set per schedule, in order.
   */
  @Override
  public Set<String> advanceAll(List<Advance> advances) {
    List<Advance> copy = List.copyOf(advances);
    if (copy.isEmpty()) {
      return Set.of();
    }
    Set<String> ids = new HashSet<>();
    boolean distinct = true;
    for (Advance a : copy) {
      distinct &= ids.add(a.scheduleId());
    }
    if (advanceAllInOne != null && distinct) {
      return advanceAllInOne(copy);
    }
    return db.tx(
        "advanceAll",
        null,
        c -> {
          Set<String> won = new LinkedHashSet<>();
          for (Advance a : copy) {
            if (advance(c, a)) {
              won.add(a.scheduleId());
            }
          }
          return won;
        });
  }

  private Set<String> advanceAllInOne(List<Advance> advances) {
    List<String> moved = new ArrayList<>();
    List<Long> nexts = new ArrayList<>();
    List<Long> expecteds = new ArrayList<>();
    List<String> firsts = new ArrayList<>();
    List<Long> firstTimes = new ArrayList<>();
    for (Advance a : advances) {
      if (a.expected().isPresent()) {
        moved.add(a.scheduleId());
        nexts.add(Rows.micros(a.next()));
        expecteds.add(Rows.micros(a.expected().get()));
      } else {
        firsts.add(a.scheduleId());
        firstTimes.add(Rows.micros(a.next()));
      }
    }
    Set<String> won =
        new HashSet<>(
            db.autoRetrying(
                "advanceAll",
                null,
                c ->
                    Sql.list(
                        c,
                        advanceAllInOne,
                        rs -> rs.getString(1),
                        Sql.args(
                            c.createArrayOf("varchar", moved.toArray()),
                            c.createArrayOf("bigint", nexts.toArray()),
                            c.createArrayOf("bigint", expecteds.toArray()),
                            c.createArrayOf("varchar", firsts.toArray()),
                            c.createArrayOf("bigint", firstTimes.toArray())))));
    Set<String> out = new LinkedHashSet<>();
    for (Advance a : advances) {
      if (won.contains(a.scheduleId())) {
        out.add(a.scheduleId());
      }
    }
    return out;
  }

  @Override
  public boolean remove(String scheduleId) {
    Objects.requireNonNull(scheduleId, "scheduleId");
    return db.autoRetrying("removeSchedule", null, c -> Sql.update(c, remove, scheduleId) > 0);
  }
}
