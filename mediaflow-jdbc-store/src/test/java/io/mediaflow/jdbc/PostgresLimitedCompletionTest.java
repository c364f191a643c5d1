package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.store.LimitedRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Jobs under concurrency limits complete in one round trip whose plans do not depend on the
 * planner's statistics ({@link PostgresDialect#completeLimitedInOneStatement}): statistics taken
 * while no job ran (limited jobs that had all finished), or over a history of free jobs only (no
 * job had a key), then a burst of 3,000 running rule runs, each under its own key. As sent, the
 * statements reach jobs and counters by their primary keys only.
 */
class PostgresLimitedCompletionTest {

  private static final Instant NOW = Instant.parse("2026-12-04T16:00:00Z");

  /** What the jobs table held when its statistics were taken. */
  enum History {
    /** 2,000 rule runs, all finished: one row with a key and nothing running. */
    FINISHED_RUNS,
    /** 3,000 finished host jobs, none with a key: the partial index on keys looks empty. */
    FREE_JOBS
  }

  @ParameterizedTest
  @EnumSource(History.class)
  void limited_completions_reach_jobs_and_counters_by_primary_key_whatever_the_statistics_say(
      History history) {
    TestDatabases.inFreshTables(
        TestDatabases.postgres(),
        (pool, prefix) -> {
          try (JdbcStorage storage = JdbcStorage.builder(pool).tablePrefix(prefix).build()) {
            Tables t = new Tables(prefix);
            TestDatabases.run(
                pool,
                List.of(
                    "ALTER TABLE " + t.jobs() + " SET (autovacuum_enabled = false)",
                    "ALTER TABLE " + t.jobLimits() + " SET (autovacuum_enabled = false)"));
            if (history == History.FINISHED_RUNS) {
              submitLimited(storage, "old", 2_000);
            } else {
              List<JobRequest> free = new ArrayList<>();
              for (int i = 0; i < 3_000; i++) {
                free.add(JobRequest.of("host.job", "{}"));
              }
              storage.jobs().submitAll(free, NOW);
            }
            TestDatabases.run(
                pool,
                List.of(
                    "UPDATE " + t.jobs() + " SET state = 'COMPLETED'", // nothing ran
                    "UPDATE " + t.jobLimits() + " SET running = 0",
                    "ANALYZE " + t.jobs(),
                    "ANALYZE " + t.jobLimits()));
            submitLimited(storage, "burst", 3_000); // then a burst
            List<Job> running = Plans.claim(storage, 3_000, "rule.run", NOW);

            JobSql sql = new JobSql(new PostgresDialect(), t);
            String[] sent = sql.completeLimitedInOne.split("; ");
            assertThat(sent).hasSize(3);
            try (Connection c = pool.getConnection()) {
              c.setAutoCommit(false);
              try {
                // the state compared as a column, as every other statement does
                String bare =
                    explain(
                        c,
                        sent[2].replace("COALESCE(j.state, '') =", "j.state ="),
                        running.subList(0, 20));
                String bareLock = explain(c, sent[1], running.subList(0, 20));
                try (PreparedStatement ps = c.prepareStatement(sent[0])) {
                  ps.execute();
                }
                // the keys joined as columns, as the statements did before: proven not null
                String keysJoined =
                    explain(
                        c,
                        "SELECT l.limit_key FROM "
                            + t.jobLimits()
                            + " l WHERE l.limit_key IN (SELECT k.limit_key FROM "
                            + t.jobs()
                            + " k WHERE k.id = ANY(CAST(? AS VARCHAR[]))) ORDER BY l.limit_key"
                            + " FOR UPDATE",
                        running.subList(0, 20));
                String lock = explain(c, sent[1], running.subList(0, 20));
                String completion = explain(c, sent[2], running.subList(0, 20));
                TestDatabases.report(
                    "limited-completion-plans-" + history + ".txt",
                    "planned from the statistics alone (state as a column):\n"
                        + bareLock
                        + bare
                        + "the keys joined as columns, with the settings:\n"
                        + keysJoined
                        + "as sent:\n"
                        + lock
                        + completion);
                if (history == History.FINISHED_RUNS) {
                  assertThat(bare)
                      .as("planned from the statistics alone, the state as a column")
                      .contains("Index Cond: ((state)::text = 'PROCESSING'::text)");
                  assertThat(bareLock)
                      .as("the counters locked, planned from the statistics alone")
                      .contains("Seq Scan on " + t.jobLimits());
                } else {
                  assertThat(keysJoined)
                      .as("the keys joined as columns: the whole partial index on keys walked")
                      .contains("Index Scan using " + prefix + "jobs_limit");
                }
                assertThat(lock)
                    .contains("Index Scan using " + prefix + "jobs_pkey")
                    .contains("Index Scan using " + prefix + "job_limits_pkey")
                    .contains("LockRows")
                    .doesNotContain(prefix + "jobs_limit")
                    .doesNotContain("Seq Scan");
                assertThat(completion)
                    .as("as sent")
                    .contains("Index Scan using " + prefix + "jobs_pkey on " + t.jobs() + " j ")
                    .contains("Index Cond: ((id)::text = (v.id)::text)")
                    .contains("Index Scan using " + prefix + "job_limits_pkey")
                    .doesNotContain(prefix + "jobs_limit")
                    .doesNotContain("Index Cond: ((state)")
                    .doesNotContain("Seq Scan")
                    .doesNotContain("Hash Join");
              } finally {
                c.rollback();
              }
            }

            // and the completion as sent completes the batch and gives every place back
            List<Job> batch = running.subList(0, 50);
            Plans.completeAndCheck(storage, batch, NOW.plusSeconds(1));
            try (Connection c = pool.getConnection();
                PreparedStatement ps =
                    c.prepareStatement(
                        "SELECT COUNT(*) FROM "
                            + t.jobLimits()
                            + " WHERE limit_key LIKE 'burst-%' AND running = 0");
                ResultSet rs = ps.executeQuery()) {
              rs.next();
              assertThat(rs.getInt(1)).as("places given back").isEqualTo(50);
            }
          } catch (SQLException e) {
            throw new AssertionError(e);
          }
        });
  }

  private static void submitLimited(JdbcStorage storage, String keys, int n) {
    List<LimitedRequest> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(
          new LimitedRequest(
              JobRequest.of("rule.run", "{}"), keys + "-" + i, 1, OverlapPolicy.SKIP));
      if (batch.size() == 500) {
        storage.jobs().submitLimited(batch, NOW);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      storage.jobs().submitLimited(batch, NOW);
    }
  }

  /** The plan of a statement of the round trip for the first 20 running jobs. */
  private static String explain(Connection c, String statement, List<Job> jobs)
      throws SQLException {
    List<Object> args =
        statement.contains("SELECT l.limit_key")
            ? List.of(c.createArrayOf("varchar", jobs.stream().map(Job::id).toArray(String[]::new)))
            : Plans.completionArgs(c, jobs, NOW);
    return Plans.explain(c, statement, args);
  }
}
