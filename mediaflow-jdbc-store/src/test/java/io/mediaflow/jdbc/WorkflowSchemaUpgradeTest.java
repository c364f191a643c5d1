package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.Checkpoint;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.StoredWorkflow;
import io.mediaflow.api.store.Wait;
import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrading a schema of version 3 (durable execution, before workflows) that has jobs in it to
 * version 4: the jobs, their checkpoints and signals survive as they were, and workflows and
 * waiters work on them, a waiting job from before included.
 */
class WorkflowSchemaUpgradeTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void a_version_3_h2_file_with_jobs_upgrades_to_workflows() {
    upgradesVersion3(
        new DriverDataSource("jdbc:h2:file:" + dir.resolve("v3") + ";WRITE_DELAY=0"), "mediaflow_");
  }

  @Test
  void a_version_3_postgresql_schema_with_jobs_upgrades_to_workflows() {
    try (SimplePool pool = TestDatabases.postgres()) {
      String prefix = TestDatabases.uniquePrefix();
      try {
        upgradesVersion3(pool, prefix);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  @Test
  void a_version_3_mariadb_schema_with_jobs_upgrades_to_workflows() {
    try (SimplePool pool = TestDatabases.mariadb()) {
      String prefix = TestDatabases.uniquePrefix();
      try {
        upgradesVersion3(pool, prefix);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  private static void upgradesVersion3(DataSource ds, String prefix) {
    SchemaUpgradeTest.install(ds, prefix, 3);
    Job waiting;
    Job done;
    // what mediaflow at schema version 3 wrote: a job waiting for a signal with a checkpoint, and
    // a finished one with a signal it never took
    try (JdbcStorage v3 =
        JdbcStorage.builder(ds).tablePrefix(prefix).schema(SchemaMode.NONE).build()) {
      waiting =
          SchemaUpgradeTest.insertOldJob(ds, prefix, JobRequest.of("workflow", "{\"run\":1}"));
      done = SchemaUpgradeTest.insertOldJob(ds, prefix, JobRequest.of("other", "{}"));
      Job running = claim(v3, "workflow");
      v3.checkpoints()
          .saveAll(List.of(new Checkpoint(waiting.id(), 0, Checkpoint.Kind.STEP, "a", "\"x\"")));
      v3.jobs()
          .yieldUntil(
              waiting.id(), token(running), Wait.signal("approved", T0.plusSeconds(3600)), T0);
      Job other = claim(v3, "other");
      v3.jobs().signal(other.id(), "late", "{}", T0);
      // completed as version 3 did (this version's completion reads the column V6 adds)
      TestDatabases.run(
          ds,
          List.of(
              "UPDATE "
                  + prefix
                  + "jobs SET state = 'COMPLETED', lease_owner = NULL, lease_token = NULL,"
                  + " lease_expires_at = NULL, version = version + 1 WHERE id = '"
                  + other.id()
                  + "'"));
    }
    SchemaUpgradeTest.assertValidateRefuses(ds, prefix, 3);

    try (JdbcStorage s = JdbcStorage.builder(ds).tablePrefix(prefix).build()) {
      Job kept = s.jobs().find(waiting.id()).orElseThrow();
      assertThat(kept.payload()).isEqualTo("{\"run\":1}");
      assertThat(kept.state()).isEqualTo(JobState.SCHEDULED);
      assertThat(kept.waitReason()).isPresent();
      assertThat(s.checkpoints().history(waiting.id(), 0)).hasSize(1);
      assertThat(s.jobs().find(done.id()).orElseThrow().state()).isEqualTo(JobState.COMPLETED);

      // workflows and the correlation index, on a job from before
      StoredWorkflow saved = s.workflows().save("archive", "Archive", "{}", 0, T0);
      assertThat(s.workflows().save("archive", "Archive", "{\"v\":2}", 1, T0).revision())
          .isEqualTo(2);
      assertThat(s.workflows().list(0, 10))
          .extracting(StoredWorkflow::id)
          .containsExactly("archive");
      assertThat(saved.revision()).isEqualTo(1);
      s.workflows().addWaiter("/in/a.mkv", "approved", waiting.id());
      assertThat(s.workflows().waiters("/in/a.mkv", "approved")).containsExactly(waiting.id());
      s.jobs().signal(waiting.id(), "approved", "{}", T0);
      assertThat(s.jobs().find(waiting.id()).orElseThrow().state()).isEqualTo(JobState.PENDING);

      // an old job's deletion takes its waiters with it
      s.workflows().addWaiter("/in/b.mkv", "approved", done.id());
      assertThat(s.jobs().delete(done.id())).isTrue();
      assertThat(s.workflows().removeWaiter("/in/b.mkv", "approved", done.id())).isFalse();
    }
    try (JdbcStorage s =
        JdbcStorage.builder(ds).tablePrefix(prefix).schema(SchemaMode.VALIDATE).build()) {
      assertThat(s.workflows().find("archive").orElseThrow().revision()).isEqualTo(2);
      assertThat(s.jobs().find(waiting.id())).isPresent();
    }
  }

  private static Job claim(JdbcStorage s, String type) {
    List<Job> got =
        s.jobs().claim(new ClaimRequest("node", 1, Duration.ofMinutes(5), T0, Set.of(type)));
    assertThat(got).as("claimed a " + type).hasSize(1);
    return got.get(0);
  }

  private static String token(Job job) {
    return job.lease().orElseThrow().token();
  }
}
