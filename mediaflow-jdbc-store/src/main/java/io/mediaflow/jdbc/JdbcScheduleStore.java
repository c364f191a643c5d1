package io.mediaflow.jdbc;

import io.mediaflow.api.store.ScheduleStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The schedule state of a {@link JdbcStorage}: one row per schedule. Advancing is a compare-and-set
 * on the row: the first slot is an insert that only one node can make, every later one an {@code
 * UPDATE … WHERE next_fire_at = expected} that only one node can win.
 */
final class JdbcScheduleStore implements ScheduleStore {

  private final Transactions db;
  private final String select;
  private final String insertIfAbsent;
  private final String advance;

  JdbcScheduleStore(Transactions db, Dialect dialect, Tables t) {
    this.db = db;
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
        "advanceFireTime",
        null,
        c -> {
          if (expected.isPresent()) {
            return Sql.update(
                    c, advance, Rows.micros(next), scheduleId, Rows.micros(expected.get()))
                == 1;
          }
          try {
            return Sql.update(c, insertIfAbsent, scheduleId, Rows.micros(next)) == 1;
          } catch (SQLException e) {
            if (Transactions.isIntegrityViolation(e)) {
              return false; // another node recorded the first slot
            }
            throw e;
          }
        });
  }
}
