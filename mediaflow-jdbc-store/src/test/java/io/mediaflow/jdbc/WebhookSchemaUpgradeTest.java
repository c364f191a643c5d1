package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.store.DeliveryAttempt;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrading a schema of version 7 (before webhook secrets lists and delivery history) that holds a
 * webhook to version 9: its one secret becomes a one-element list (escaped as JSON, whatever it
 * holds), the new fields take their defaults (created at the epoch: the time was never recorded),
 * VALIDATE refuses the old schema, and the delivery history works at once and after a restart. A
 * row that a node still on the old version inserts after the upgrade reads with its one secret.
 */
class WebhookSchemaUpgradeTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  /** A secret with what JSON must escape: a quote, a backslash, non-ASCII. */
  private static final String OLD_SECRET = "whsec_o\"ld\\\u00e9";

  @TempDir Path dir;

  @Test
  void a_version_7_h2_file_upgrades_to_webhook_history() {
    upgradesVersion7(
        new DriverDataSource("jdbc:h2:file:" + dir.resolve("v7") + ";WRITE_DELAY=0"), "mediaflow_");
  }

  @Test
  void a_version_7_postgresql_schema_upgrades_to_webhook_history() {
    try (SimplePool pool = TestDatabases.postgres()) {
      String prefix = TestDatabases.uniquePrefix();
      try {
        upgradesVersion7(pool, prefix);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  @Test
  void a_version_7_mariadb_schema_upgrades_to_webhook_history() {
    try (SimplePool pool = TestDatabases.mariadb()) {
      String prefix = TestDatabases.uniquePrefix();
      try {
        upgradesVersion7(pool, prefix);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  private static void upgradesVersion7(DataSource ds, String prefix) {
    SchemaUpgradeTest.install(ds, prefix, 7);
    Tables t = new Tables(prefix);
    // what mediaflow at schema version 7 wrote: one secret in its own column
    insertOldRow(ds, t, "old", OLD_SECRET);
    assertThatThrownBy(
            () -> JdbcStorage.builder(ds).tablePrefix(prefix).schema(SchemaMode.VALIDATE).build())
        .isInstanceOfSatisfying(
            StorageException.class,
            e ->
                assertThat(e.getMessage())
                    .contains(
                        "schema version 7 is older than this mediaflow (" + Schema.LATEST + ")"));

    WebhookRegistration upgraded =
        WebhookRegistration.builder("old", "https://old.example/h")
            .patterns("job.*", "media.failed")
            .secret(OLD_SECRET)
            .active(true)
            .build();
    DeliveryAttempt attempt =
        new DeliveryAttempt(
            "old",
            "job-1",
            "msg_1",
            "job.failed",
            1,
            T0,
            200,
            Duration.ofMillis(8),
            true,
            "ok",
            "");
    try (JdbcStorage s = JdbcStorage.builder(ds).tablePrefix(prefix).build()) {
      assertThat(s.webhooks().get("old")).contains(upgraded);
      assertThat(upgraded.createdAt()).isEqualTo(Instant.EPOCH);
      s.webhooks().recordAttempt(attempt);
      assertThat(s.webhooks().setActive("old", false)).isTrue();
      s.webhooks()
          .save(
              upgraded.toBuilder()
                  .secrets(List.of("whsec_new", OLD_SECRET))
                  .description("rotated")
                  .build());
      assertThat(oldSecretColumn(ds, t, "old"))
          .as("the newest secret, for a node still on the old version")
          .isEqualTo("whsec_new");
      // a node not yet upgraded registers one more the old way
      insertOldRow(ds, t, "later", "whsec_later");
    }
    try (JdbcStorage s =
        JdbcStorage.builder(ds).tablePrefix(prefix).schema(SchemaMode.VALIDATE).build()) {
      assertThat(s.webhooks().get("old").orElseThrow().secrets())
          .containsExactly("whsec_new", OLD_SECRET);
      assertThat(s.webhooks().get("later").orElseThrow().secrets()).containsExactly("whsec_later");
      assertThat(s.webhooks().get("later").orElseThrow().description()).isEmpty();
      assertThat(s.webhooks().list())
          .extracting(WebhookRegistration::id)
          .containsExactly("old", "later");
      assertThat(s.webhooks().attempts("old", 10)).containsExactly(attempt);
      assertThat(s.webhooks().delete("old")).isTrue();
      assertThat(s.webhooks().attemptsOf("job-1")).isEmpty();
    }
  }

  private static void insertOldRow(DataSource ds, Tables t, String id, String secret) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO "
                    + t.webhooks()
                    + " (id, url, patterns, secret, active) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, id);
      ps.setString(2, "https://" + id + ".example/h");
      ps.setString(3, "[\"job.*\",\"media.failed\"]");
      ps.setString(4, secret);
      ps.setBoolean(5, true);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String oldSecretColumn(DataSource ds, Tables t, String id) {
    try (Connection c = ds.getConnection()) {
      return Sql.first(
              c, "SELECT secret FROM " + t.webhooks() + " WHERE id = ?", rs -> rs.getString(1), id)
          .orElseThrow();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
