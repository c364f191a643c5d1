package io.mediaflow.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

/**
 * PostgreSQL: a claim is one statement ({@code FOR UPDATE SKIP LOCKED} in a CTE, then {@code UPDATE
 * … RETURNING}), so it costs one round trip and never waits on another node's locks.
 */
final class PostgresDialect implements Dialect {

  @Override
  public Database database() {
    return Database.POSTGRESQL;
  }

  @Override
  public String schemaFolder() {
    return "postgresql";
  }

  @Override
  public Optional<String> claimInOneStatement(Tables t, String set, String where) {
    // the CTE is evaluated once, so the rows locked are exactly the rows updated
    return Optional.of(
        "WITH c AS (SELECT id FROM "
            + t.jobs()
            + " WHERE "
            + where
            + " ORDER BY priority DESC, scheduled_at, id LIMIT ? FOR UPDATE SKIP LOCKED) UPDATE "
            + t.jobs()
            + " j SET "
            + set
            + " FROM c WHERE j.id = c.id RETURNING j.*");
  }

  @Override
  public String selectForClaim(Tables t, String where) {
    return "SELECT id FROM "
        + t.jobs()
        + " WHERE "
        + where
        + " ORDER BY priority DESC, scheduled_at, id LIMIT ? FOR UPDATE SKIP LOCKED";
  }

  @Override
  public String tokenExpression() {
    return "(CAST(? AS TEXT) || j.id)"; // j: the claim statement's alias
  }

  @Override
  public boolean updateReturning() {
    return true;
  }

  @Override
  public String insertJob(Tables t, String columns, String placeholders) {
    return "INSERT INTO "
        + t.jobs()
        + " ("
        + columns
        + ") VALUES ("
        + placeholders
        + ") ON CONFLICT (idempotency_key) DO NOTHING";
  }

  /**
   * The insert in a data-modifying CTE, so that the notification goes out (at commit) only when the
   * row went in; a clash on the idempotency key returns no row.
   */
  @Override
  public Optional<String> insertJobAndNotify(Tables t, String columns, String placeholders) {
    return Optional.of(
        "WITH i AS ("
            + insertJob(t, columns, placeholders)
            + " RETURNING 1) SELECT pg_notify('"
            + WorkSignals.channel(t)
            + "', '') FROM i");
  }

  @Override
  public String insertScheduleIfAbsent(Tables t) {
    return "INSERT INTO "
        + t.schedules()
        + " (id, next_fire_at, version) VALUES (?, ?, 1) ON CONFLICT (id) DO NOTHING";
  }

  @Override
  public String upsertWebhook(Tables t) {
    return "INSERT INTO "
        + t.webhooks()
        + " (id, url, patterns, secret, active) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE"
        + " SET url = EXCLUDED.url, patterns = EXCLUDED.patterns, secret = EXCLUDED.secret,"
        + " active = EXCLUDED.active";
  }

  @Override
  public boolean notifiesWork() {
    return true;
  }

  /** Wakes listening nodes ({@link WorkSignals}); delivered at commit. */
  @Override
  public Optional<String> afterSubmit(Tables t) {
    // the prefix is checked to be letters, digits and underscores, so it can be inlined
    return Optional.of("SELECT pg_notify('" + WorkSignals.channel(t) + "', '')");
  }

  @Override
  public void lockSchema(Connection c, Tables t) throws SQLException {
    // a transaction-scoped advisory lock: released by the commit that publishes the schema
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      ps.setString(1, "mediaflow-schema:" + t.prefix());
      ps.execute();
    }
  }
}
