package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.JobRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The claim's plan does not depend on the planner's statistics ({@link
 * PostgresDialect#claimInOneStatement}): statistics taken while no job waited, then a burst of
 * 5,000 waiting jobs. Planned from those statistics alone, the claim reads and sorts every waiting
 * job; as sent, it walks {@code jobs_ready} in order and stops at its limit.
 */
class PostgresClaimPlanTest {

  private static final int WAITING = 5_000;

  @Test
  void a_claim_walks_the_ready_index_in_order_whatever_the_statistics_say() {
    TestDatabases.inFreshTables(
        TestDatabases.postgres(),
        (pool, prefix) -> {
          try (JdbcStorage storage = JdbcStorage.builder(pool).tablePrefix(prefix).build()) {
            Tables t = new Tables(prefix);
            Instant now = Instant.parse("2026-12-04T13:00:00Z");
            TestDatabases.run(
                pool, List.of("ALTER TABLE " + t.jobs() + " SET (autovacuum_enabled = false)"));
            submit(storage, 2_000, now);
            TestDatabases.run(
                pool,
                List.of(
                    "UPDATE " + t.jobs() + " SET state = 'COMPLETED'", // a queue that was empty
                    "ANALYZE " + t.jobs()));
            submit(storage, WAITING, now); // then a burst

            JobSql sql = new JobSql(new PostgresDialect(), t);
            String sent = sql.claimInOneStatement(sql.claimWhere(1)).orElseThrow();
            int split = sent.indexOf("; ");
            String settings = sent.substring(0, split);
            String claim = sent.substring(split + 2);
            assertThat(settings).contains("set_config('enable_sort', 'off', true)");

            try (Connection c = pool.getConnection()) {
              c.setAutoCommit(false);
              try {
                assertThat(explain(c, claim, now))
                    .as("planned from the statistics alone")
                    .contains("Sort");
                try (PreparedStatement ps = c.prepareStatement(settings)) {
                  ps.execute();
                }
                assertThat(explain(c, claim, now))
                    .as("as sent")
                    .contains("Index Scan using " + prefix + "jobs_ready")
                    .doesNotContain("Sort");
              } finally {
                c.rollback();
              }
            }
            // and the claim as sent takes the first jobs in claim order
            assertThat(
                    storage
                        .jobs()
                        .claim(
                            new io.mediaflow.api.store.ClaimRequest(
                                "node", 8, Duration.ofMinutes(1), now, java.util.Set.of("t"))))
                .hasSize(8);
          } catch (SQLException e) {
            throw new AssertionError(e);
          }
        });
  }

  private static void submit(JdbcStorage storage, int n, Instant now) {
    List<JobRequest> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(JobRequest.of("t", "{}"));
      if (batch.size() == 500) {
        storage.jobs().submitAll(batch, now);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      storage.jobs().submitAll(batch, now);
    }
  }

  private static String explain(Connection c, String claim, Instant now) throws SQLException {
    long micros = Rows.micros(now);
    return Plans.explain(
        c, claim, List.of(micros, "t", 8, "node", "p:", micros + 60_000_000L, micros));
  }
}
