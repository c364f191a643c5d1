package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.store.ApiScope;
import io.mediaflow.api.store.StoredApiKey;
import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrading a schema of version 9 (before API keys) that holds a webhook to version 10: the webhook
 * stays, VALIDATE refuses the old schema, API keys work at once and are there after a restart, and
 * the database answers the look-up by hash (on every request of the HTTP host) from the unique
 * index on the hash.
 */
class ApiKeySchemaUpgradeTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void a_version_9_h2_file_upgrades_to_api_keys() {
    upgradesVersion9(
        new DriverDataSource("jdbc:h2:file:" + dir.resolve("v9") + ";WRITE_DELAY=0"), "mediaflow_");
  }

  @Test
  void a_version_9_postgresql_schema_upgrades_to_api_keys() {
    try (SimplePool pool = TestDatabases.postgres()) {
      String prefix = TestDatabases.uniquePrefix();
      try {
        upgradesVersion9(pool, prefix);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  @Test
  void a_version_9_mariadb_schema_upgrades_to_api_keys() {
    try (SimplePool pool = TestDatabases.mariadb()) {
      String prefix = TestDatabases.uniquePrefix();
      try {
        upgradesVersion9(pool, prefix);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  private static void upgradesVersion9(DataSource ds, String prefix) {
    SchemaUpgradeTest.install(ds, prefix, 9);
    WebhookRegistration hook =
        WebhookRegistration.builder("old", "https://old.example/h").secret("whsec_old").build();
    try (JdbcStorage v9 =
        JdbcStorage.builder(ds).tablePrefix(prefix).schema(SchemaMode.NONE).build()) {
      v9.webhooks().save(hook);
    }
    SchemaUpgradeTest.assertValidateRefuses(ds, prefix, 9);

    StoredApiKey key =
        new StoredApiKey("ci", "ci-deploy", hash(0), ApiScope.WRITE, T0.plusNanos(5_000), null);
    try (JdbcStorage s = JdbcStorage.builder(ds).tablePrefix(prefix).build()) {
      assertThat(s.webhooks().get("old")).contains(hook);
      s.apiKeys().add(key);
      assertThat(s.apiKeys().byHash(key.hash())).contains(key);
    }
    try (JdbcStorage s =
        JdbcStorage.builder(ds).tablePrefix(prefix).schema(SchemaMode.VALIDATE).build()) {
      assertThat(s.apiKeys().get("ci")).as("after a restart").contains(key);
      for (int i = 1; i <= 300; i++) {
        s.apiKeys()
            .add(new StoredApiKey("k" + i, "n", hash(i), ApiScope.READ, T0.plusSeconds(i), null));
      }
      assertThat(byHashPlan(ds, new Tables(prefix)).toLowerCase())
          .as("the look-up by hash reads the unique index")
          .contains(prefix.toLowerCase() + "api_keys_hash");
    }
  }

  /** What the database says it does for the look-up by hash. */
  private static String byHashPlan(DataSource ds, Tables t) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "EXPLAIN SELECT id, name, key_hash, scope, created_at, revoked_at FROM "
                    + t.apiKeys()
                    + " WHERE key_hash = '"
                    + hash(7)
                    + "'");
        ResultSet rs = ps.executeQuery()) {
      StringBuilder plan = new StringBuilder();
      while (rs.next()) {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          plan.append(rs.getString(i)).append(' ');
        }
        plan.append('\n');
      }
      return plan.toString();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A distinct hash for each number: 64 hex digits. */
  private static String hash(int n) {
    return HexFormat.of().toHexDigits((long) n).repeat(4);
  }
}
