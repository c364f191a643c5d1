package io.mediaflow.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * MariaDB 10.6+ and MySQL 8.0+: {@code SELECT … FOR UPDATE SKIP LOCKED} then {@code UPDATE} in one
 * transaction (there is no {@code UPDATE … RETURNING}).
 */
final class MariaDbDialect extends LockingReadDialect {

  @Override
  public Database database() {
    return Database.MARIADB;
  }

  @Override
  public String schemaFolder() {
    return "mariadb";
  }

  /**
   * InnoDB's default, repeatable read, makes a locking read take next-key (gap) locks over the
   * index range it scanned, so concurrent claimers deadlock on each other's gaps. Read committed
   * locks only the rows it returns, which is all a {@code SKIP LOCKED} claim needs.
   */
  @Override
  public int transactionIsolation() {
    return Connection.TRANSACTION_READ_COMMITTED;
  }

  /** The bulk protocol may answer "no info" per row, which cannot tell a lost lease. */
  @Override
  public boolean batchCountsReliable() {
    return false;
  }

  /**
   * A clash of idempotency keys updates nothing instead of failing: the driver logs every error the
   * server sends as a warning, which a host would see for each submit that lost a race for a key.
   * The update count cannot tell the clash ({@link #insertJobHidesKeyClash()}).
   */
  @Override
  public String insertJob(Tables t, String columns, String placeholders) {
    return super.insertJob(t, columns, placeholders) + " ON DUPLICATE KEY UPDATE id = id";
  }

  /**
   * With the driver's default "found rows" counting, a row left as it was counts 1, the same as an
   * inserted one; only a row that changed counts 2.
   */
  @Override
  public boolean insertJobHidesKeyClash() {
    return true;
  }

  /**
   * A first slot already recorded bumps that row's version instead of failing (see {@link
   * #insertJob}): the count, 2, tells the loser, where a row left as it was would count 1 like an
   * insert under the driver's default "found rows" counting. The version only counts writes;
   * nothing compares it.
   */
  @Override
  public String insertScheduleIfAbsent(Tables t) {
    return super.insertScheduleIfAbsent(t) + " ON DUPLICATE KEY UPDATE version = version + 1";
  }

  /** A key already there is left as it was (not INSERT IGNORE, which swallows other errors). */
  @Override
  public String insertLimitIfAbsent(Tables t) {
    return "INSERT INTO "
        + t.jobLimits()
        + " (limit_key, max_concurrent, running, buffered) VALUES (?, ?, ?, ?)"
        + " ON DUPLICATE KEY UPDATE limit_key = limit_key";
  }

  @Override
  public String upsertWebhook(Tables t) {
    return "INSERT INTO "
        + t.webhooks()
        + " ("
        + JdbcWebhookStore.COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
        + " url = VALUES(url), patterns = VALUES(patterns), secret = VALUES(secret),"
        + " secrets = VALUES(secrets), active = VALUES(active),"
        + " description = VALUES(description), created_at = VALUES(created_at),"
        + " ordered = VALUES(ordered), rate_per_second = VALUES(rate_per_second),"
        + " allowed_addresses = VALUES(allowed_addresses)";
  }

  /**
   * A position already taken leaves its row as it was (not INSERT IGNORE, which would also swallow
   * other errors, such as a value cut short).
   */
  @Override
  public String insertCheckpoint(Tables t) {
    return "INSERT INTO "
        + t.checkpoints()
        + " (job_id, seq, kind, name, value_json) VALUES (?, ?, ?, ?, ?)"
        + " ON DUPLICATE KEY UPDATE job_id = job_id";
  }

  @Override
  public String upsertState(Tables t) {
    return "INSERT INTO "
        + t.jobStates()
        + " (job_id, name, value_json, seq) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
        + " value_json = VALUES(value_json), seq = VALUES(seq)";
  }

  @Override
  public void lockSchema(Connection c, Tables t) throws SQLException {
    // DDL commits implicitly in MariaDB, so the lock must be a session lock, not a row lock
    try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, 60)")) {
      ps.setString(1, "mediaflow-schema:" + t.prefix());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getInt(1) != 1) {
          throw new SQLException("timed out waiting 60 s for the schema lock", "55000");
        }
      }
    }
  }

  @Override
  public void unlockSchema(Connection c, Tables t) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
      ps.setString(1, "mediaflow-schema:" + t.prefix());
      ps.execute();
    }
  }
}
