package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.store.Admission;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.LimitedRequest;
import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrading a schema of version 5 (before rules) that holds jobs, one of them running, to version
 * 6: the jobs stay as they were and finish as ordinary jobs (no limit key), and rules and limits
 * work at once.
 */
class RuleSchemaUpgradeTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void a_version_5_h2_file_upgrades_to_rules() {
    upgradesVersion5(
        new DriverDataSource("jdbc:h2:file:" + dir.resolve("v5") + ";WRITE_DELAY=0"), "mediaflow_");
  }

  @Test
  void a_version_5_postgresql_schema_upgrades_to_rules() {
    try (SimplePool pool = TestDatabases.postgres()) {
      String prefix = TestDatabases.uniquePrefix();
      try {
        upgradesVersion5(pool, prefix);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  @Test
  void a_version_5_mariadb_schema_upgrades_to_rules() {
    try (SimplePool pool = TestDatabases.mariadb()) {
      String prefix = TestDatabases.uniquePrefix();
      try {
        upgradesVersion5(pool, prefix);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  private static void upgradesVersion5(DataSource ds, String prefix) {
    SchemaUpgradeTest.install(ds, prefix, 5);
    Job waiting;
    Job running;
    // what mediaflow at schema version 5 wrote (submits and claims read no column V6 adds)
    try (JdbcStorage v5 =
        JdbcStorage.builder(ds).tablePrefix(prefix).schema(SchemaMode.NONE).build()) {
      running = SchemaUpgradeTest.insertOldJob(ds, prefix, JobRequest.of("old", "{\"run\":1}"));
      waiting = SchemaUpgradeTest.insertOldJob(ds, prefix, JobRequest.of("old", "{\"run\":2}"));
      running = claim(v5, 1).get(0);
      v5.workflows().save("archive", "Archive", "{}", 0, T0);
    }
    SchemaUpgradeTest.assertValidateRefuses(ds, prefix, 5);

    try (JdbcStorage s = JdbcStorage.builder(ds).tablePrefix(prefix).build()) {
      // the old jobs finish as ordinary ones
      Job done =
          s.jobs()
              .complete(running.id(), running.lease().orElseThrow().token(), Optional.empty(), T0);
      assertThat(done.state()).isEqualTo(JobState.COMPLETED);
      assertThat(s.jobs().cancel(waiting.id(), T0).state()).isEqualTo(JobState.CANCELLED);
      assertThat(s.workflows().find("archive")).isPresent();

      // rules and limits at once
      assertThat(s.rules().changeCount()).isZero();
      s.rules().save("nightly", "{}", true, 0, T0);
      assertThat(s.rules().changeCount()).isEqualTo(1);
      LimitedRequest r =
          new LimitedRequest(JobRequest.of("run", "{}"), "nightly", 1, OverlapPolicy.SKIP);
      assertThat(s.jobs().submitLimited(List.of(r, r), T0))
          .extracting(Admission::outcome)
          .containsExactly(Admission.Outcome.STARTED, Admission.Outcome.SKIPPED);
    }
    try (JdbcStorage s =
        JdbcStorage.builder(ds).tablePrefix(prefix).schema(SchemaMode.VALIDATE).build()) {
      assertThat(s.rules().find("nightly")).isPresent();
      assertThat(s.jobs().find(waiting.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    }
  }

  private static List<Job> claim(JdbcStorage s, int max) {
    List<Job> got =
        s.jobs().claim(new ClaimRequest("node", max, Duration.ofMinutes(5), T0, Set.of("old")));
    assertThat(got).hasSize(max);
    return got;
  }
}
