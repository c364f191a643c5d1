package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.store.DeliveryAttempt;
import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A delivery attempt's record commits on PostgreSQL without waiting for the disk ({@link
 * Dialect#commitWithoutFlush}): the setting holds inside the statement's transaction only, never
 * for the pooled connection's later work, and the record is there at once.
 */
class PostgresAttemptCommitTest {

  @Test
  void the_setting_holds_for_the_statements_transaction_only() throws SQLException {
    TestDatabases.postgres().close(); // reachable, or a skip (a failure under CI)
    try (SimplePool one = new SimplePool(new DriverDataSource(TestDatabases.PG_URL), 1);
        Connection c = one.getConnection();
        Statement s = c.createStatement()) {
      String inside =
          "SELECT current_setting('synchronous_commit') FROM (VALUES (1)) AS v"
              + new PostgresDialect().commitWithoutFlush();
      assertThat(text(s, inside)).isEqualTo("off");
      assertThat(text(s, "SHOW synchronous_commit")).as("after its commit").isEqualTo("on");
    }
  }

  @Test
  void an_attempt_is_recorded_at_once_and_leaves_the_connection_as_it_was() {
    TestDatabases.postgres().close();
    TestDatabases.inFreshTables(
        new SimplePool(new DriverDataSource(TestDatabases.PG_URL), 1),
        (pool, prefix) -> {
          try (JdbcStorage storage = JdbcStorage.builder(pool).tablePrefix(prefix).build()) {
            WebhookRegistration hook =
                WebhookRegistration.builder("crm", "https://crm.example.com/hooks")
                    .patterns("job.*")
                    .secrets(List.of("whsec_" + "a".repeat(32)))
                    .build();
            storage.webhooks().save(hook);
            storage
                .webhooks()
                .recordAttempt(
                    new DeliveryAttempt(
                        "crm",
                        "d-1",
                        "msg_1",
                        "job.completed",
                        1,
                        Instant.parse("2026-12-04T13:00:00Z"),
                        204,
                        Duration.ofMillis(3),
                        true,
                        "",
                        ""));
            assertThat(storage.webhooks().attempts("crm", 10))
                .singleElement()
                .satisfies(a -> assertThat(a.deliveryId()).isEqualTo("d-1"));
            try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
              assertThat(text(s, "SHOW synchronous_commit"))
                  .as("the pool's one connection, after the attempt's commit")
                  .isEqualTo("on");
            }
          } catch (SQLException e) {
            throw new AssertionError(e);
          }
        });
  }

  private static String text(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      assertThat(r.next()).isTrue();
      return r.getString(1);
    }
  }
}
