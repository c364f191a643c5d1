package io.mediaflow.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;

/**
 * H2 2.x as an embedded file database: one node, so claims are also serialized in the JVM and the
 * locking read only guards against a second {@code JdbcStorage} on the same file.
 */
final class H2Dialect extends LockingReadDialect {

  @Override
  public Database database() {
    return Database.H2;
  }

  @Override
  public String schemaFolder() {
    return "h2";
  }

  @Override
  public String lockParentRow() {
    return " FOR UPDATE";
  }

  @Override
  public String upsertWebhook(Tables t) {
    return "MERGE INTO "
        + t.webhooks()
        + " w USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
        + " CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS BOOLEAN), CAST(? AS VARCHAR),"
        + " CAST(? AS BIGINT), CAST(? AS BOOLEAN), CAST(? AS DOUBLE PRECISION),"
        + " CAST(? AS VARCHAR))) AS s("
        + JdbcWebhookStore.COLUMNS
        + ") ON w.id = s.id WHEN MATCHED THEN UPDATE SET url = s.url, patterns = s.patterns,"
        + " secret = s.secret, secrets = s.secrets, active = s.active,"
        + " description = s.description, created_at = s.created_at, ordered = s.ordered,"
        + " rate_per_second = s.rate_per_second, allowed_addresses = s.allowed_addresses"
        + " WHEN NOT MATCHED THEN INSERT ("
        + JdbcWebhookStore.COLUMNS
        + ") VALUES (s.id, s.url, s.patterns, s.secret, s.secrets, s.active, s.description,"
        + " s.created_at, s.ordered, s.rate_per_second, s.allowed_addresses)";
  }

  /**
   * Inserts only when the position is free. Two transactions inserting the same position at once
   * may still clash on the key; the checkpoint store runs such a batch again.
   */
  @Override
  public String insertCheckpoint(Tables t) {
    return "MERGE INTO "
        + t.checkpoints()
        + " c USING (VALUES (CAST(? AS VARCHAR), CAST(? AS INTEGER), CAST(? AS VARCHAR),"
        + " CAST(? AS VARCHAR), CAST(? AS VARCHAR))) AS s(job_id, seq, kind, name, value_json)"
        + " ON c.job_id = s.job_id AND c.seq = s.seq WHEN NOT MATCHED THEN INSERT (job_id, seq,"
        + " kind, name, value_json) VALUES (s.job_id, s.seq, s.kind, s.name, s.value_json)";
  }

  /** Inserts only when the key has no row; two racing inserts may clash (the caller reads it). */
  @Override
  public String insertLimitIfAbsent(Tables t) {
    return "MERGE INTO "
        + t.jobLimits()
        + " l USING (VALUES (CAST(? AS VARCHAR), CAST(? AS INTEGER), CAST(? AS INTEGER),"
        + " CAST(? AS INTEGER))) AS s(limit_key, max_concurrent, running, buffered)"
        + " ON l.limit_key = s.limit_key WHEN NOT MATCHED THEN INSERT (limit_key, max_concurrent,"
        + " running, buffered) VALUES (s.limit_key, s.max_concurrent, s.running, s.buffered)";
  }

  @Override
  public String upsertState(Tables t) {
    return "MERGE INTO "
        + t.jobStates()
        + " (job_id, name, value_json, seq) KEY (job_id, name)"
        + " VALUES (?, ?, ?, ?)";
  }

  @Override
  public boolean serializeClaims() {
    return true;
  }

  /**
   * The database's path (or {@code mem:} and its name) when it is embedded in this process: not
   * reached through an H2 server ({@code jdbc:h2:tcp:}, {@code ssl:}), and not a file opened with
   * {@code AUTO_SERVER=TRUE}, which H2 serves to other processes and announces by the server's
   * address in {@code <file>.lock.db}. (A host that serves an embedded file to other processes by
   * starting an H2 TCP server itself must not use its embedded URL for a store.)
   */
  @Override
  public Optional<String> exclusiveDatabase(Connection c) throws SQLException {
    String url = c.getMetaData().getURL().toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:h2:tcp:") || url.startsWith("jdbc:h2:ssl:")) {
      return Optional.empty();
    }
    String path;
    String name;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT DATABASE_PATH(), DATABASE()")) {
      rs.next();
      path = rs.getString(1);
      name = rs.getString(2);
    }
    if (path == null) {
      return Optional.of("mem:" + name);
    }
    return servedToOthers(Path.of(path + ".lock.db")) ? Optional.empty() : Optional.of(path);
  }

  /** Whether H2's lock file names a server (AUTO_SERVER); unreadable counts as served. */
  private static boolean servedToOthers(Path lockFile) {
    if (!Files.exists(lockFile)) {
      return false;
    }
    try {
      return Files.readAllLines(lockFile, StandardCharsets.ISO_8859_1).stream()
          .anyMatch(line -> line.startsWith("server="));
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void lockSchema(Connection c, Tables t) {
    // one process opens an H2 file; JdbcStorage serializes start-ups within the JVM
  }
}
