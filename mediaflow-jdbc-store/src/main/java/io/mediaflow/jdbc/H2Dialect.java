package io.mediaflow.jdbc;

import java.sql.Connection;

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
  public String upsertWebhook(Tables t) {
    return "MERGE INTO "
        + t.webhooks()
        + " w USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
        + " CAST(? AS VARCHAR), CAST(? AS BOOLEAN))) AS s(id, url, patterns, secret, active)"
        + " ON w.id = s.id WHEN MATCHED THEN UPDATE SET url = s.url, patterns = s.patterns,"
        + " secret = s.secret, active = s.active WHEN NOT MATCHED THEN INSERT (id, url, patterns,"
        + " secret, active) VALUES (s.id, s.url, s.patterns, s.secret, s.active)";
  }

  @Override
  public boolean serializeClaims() {
    return true;
  }

  @Override
  public void lockSchema(Connection c, Tables t) {
    // one process opens an H2 file; JdbcStorage serializes start-ups within the JVM
  }
}
