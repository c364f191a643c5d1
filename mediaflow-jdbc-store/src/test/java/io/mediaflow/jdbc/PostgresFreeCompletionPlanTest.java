package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Free jobs (under no concurrency limit) complete from arrays by their primary key whatever the
 * planner's statistics say ({@link PostgresDialect#completeAllInOneStatement}): statistics taken
 * while no job ran, then 3,000 running jobs. Planned from the statistics alone, a batch of 20
 * completions read every running job through the index on the state and hashed them.
 */
class PostgresFreeCompletionPlanTest {

  private static final Instant NOW = Instant.parse("2026-12-04T18:40:00Z");

  @Test
  void free_completions_reach_jobs_by_primary_key_whatever_the_statistics_say() {
    TestDatabases.inFreshTables(
        TestDatabases.postgres(),
        (pool, prefix) -> {
          try (JdbcStorage storage = JdbcStorage.builder(pool).tablePrefix(prefix).build()) {
            Tables t = new Tables(prefix);
            TestDatabases.run(
                pool, List.of("ALTER TABLE " + t.jobs() + " SET (autovacuum_enabled = false)"));
            submit(storage, 2_000);
            TestDatabases.run(
                pool,
                List.of(
                    "UPDATE " + t.jobs() + " SET state = 'COMPLETED'", // nothing ran
                    "ANALYZE " + t.jobs()));
            submit(storage, 3_000); // then a busy cluster
            List<Job> running = Plans.claim(storage, 3_000, "host.job", NOW);

            JobSql sql = new JobSql(new PostgresDialect(), t);
            String[] sent = sql.completeAllInOne.split("; ");
            assertThat(sent).hasSize(2);
            try (Connection c = pool.getConnection()) {
              c.setAutoCommit(false);
              try {
                List<Object> args = Plans.completionArgs(c, running.subList(0, 20), NOW);
                String bare =
                    Plans.explain(c, sent[1].replace("COALESCE(j.state, '') =", "j.state ="), args);
                try (PreparedStatement ps = c.prepareStatement(sent[0])) {
                  ps.execute();
                }
                String asSent = Plans.explain(c, sent[1], args);
                TestDatabases.report(
                    "free-completion-plans.txt",
                    "planned from the statistics alone (state as a column):\n"
                        + bare
                        + "as sent:\n"
                        + asSent);
                assertThat(bare)
                    .as("planned from the statistics alone: every running job read")
                    .contains("Index Cond: ((state)::text = 'PROCESSING'::text)");
                assertThat(asSent)
                    .contains("Index Scan using " + prefix + "jobs_pkey on " + t.jobs() + " j ")
                    .contains("Index Cond: ((id)::text = (v.id)::text)")
                    .doesNotContain("Index Cond: ((state)")
                    .doesNotContain("Seq Scan")
                    .doesNotContain("Hash Join");
              } finally {
                c.rollback();
              }
            }

            // and the round trip as sent completes the batch
            List<Job> batch = running.subList(0, 50);
            Plans.completeAndCheck(storage, batch, NOW.plusSeconds(1));
            Job other = storage.jobs().find(running.get(60).id()).orElseThrow();
            assertThat(other.state()).as("a job not in the batch").isEqualTo(JobState.PROCESSING);
          } catch (SQLException e) {
            throw new AssertionError(e);
          }
        });
  }

  private static void submit(JdbcStorage storage, int n) {
    List<JobRequest> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(JobRequest.of("host.job", "{}"));
    }
    storage.jobs().submitAll(batch, NOW);
  }
}
