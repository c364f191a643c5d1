package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.testkit.DriverDataSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrading a schema of version 7 (before rule names and plans) that holds a job to version 8: the
 * job stays, with an empty rule name; VALIDATE refuses the old schema; after the upgrade a plan is
 * kept and read back, also after a restart, and the text filter finds jobs by rule name.
 */
class StatusSchemaUpgradeTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void a_version_7_h2_file_upgrades_to_plans_and_rule_names() {
    upgradesVersion7(
        new DriverDataSource("jdbc:h2:file:" + dir.resolve("v7") + ";WRITE_DELAY=0"), "mediaflow_");
  }

  @Test
  void a_version_7_postgresql_schema_upgrades_to_plans_and_rule_names() {
    TestDatabases.inFreshTables(
        TestDatabases.postgres(), StatusSchemaUpgradeTest::upgradesVersion7);
  }

  @Test
  void a_version_7_mariadb_schema_upgrades_to_plans_and_rule_names() {
    TestDatabases.inFreshTables(TestDatabases.mariadb(), StatusSchemaUpgradeTest::upgradesVersion7);
  }

  private static void upgradesVersion7(DataSource ds, String prefix) {
    SchemaUpgradeTest.install(ds, prefix, 7);
    // a job as version 7 wrote it: no rule_name column yet
    TestDatabases.run(
        ds,
        List.of(
            "INSERT INTO "
                + prefix
                + "jobs (id, type, payload, priority, state, attempts, max_attempts, created_at,"
                + " scheduled_at, updated_at, progress_percent, progress_step, correlation_id,"
                + " rule_id, version) VALUES ('old-1', 'media', '{}', 0, 'PENDING', 0, 3, 1, 1, 1,"
                + " 0, '', '', 'archive', 1)"));
    SchemaUpgradeTest.assertValidateRefuses(ds, prefix, 7);

    try (JdbcStorage s = JdbcStorage.builder(ds).tablePrefix(prefix).build()) {
      Job old = s.jobs().find("old-1").orElseThrow();
      assertThat(old.ruleName()).isEmpty();
      assertThat(s.jobs().plan("old-1")).isEmpty();
      s.jobs().savePlan("old-1", "{\"version\":1}");
      Job named =
          s.jobs()
              .submit(
                  JobRequest.of("workflow", "{}").withRuleId("nightly").withRuleName("Nightly"),
                  T0);
      assertThat(s.jobs().query(JobQuery.all().withText("NIGHT")).items())
          .extracting(Job::id)
          .containsExactly(named.id());
    }
    try (JdbcStorage s =
        JdbcStorage.builder(ds).tablePrefix(prefix).schema(SchemaMode.VALIDATE).build()) {
      assertThat(s.jobs().plan("old-1")).as("after a restart").contains("{\"version\":1}");
    }
  }
}
