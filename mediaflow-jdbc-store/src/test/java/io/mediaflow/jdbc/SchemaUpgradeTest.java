package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.Checkpoint;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.Wait;
import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrading a schema of version 2 (mediaflow before durable execution) that has jobs in it to
 * version 3: the jobs survive as they were, parents count the children that finished before, and
 * waits, signals and checkpoints work on them.
 */
class SchemaUpgradeTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void a_version_2_h2_file_with_jobs_upgrades_to_durable_execution() {
    upgradesVersion2(
        new DriverDataSource("jdbc:h2:file:" + dir.resolve("v2") + ";WRITE_DELAY=0"), "mediaflow_");
  }

  @Test
  void a_version_2_postgresql_schema_with_jobs_upgrades_to_durable_execution() {
    try (SimplePool pool = TestDatabases.postgres()) {
      String prefix = TestDatabases.uniquePrefix();
      try {
        upgradesVersion2(pool, prefix);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  @Test
  void a_version_2_mariadb_schema_with_jobs_upgrades_to_durable_execution() {
    try (SimplePool pool = TestDatabases.mariadb()) {
      String prefix = TestDatabases.uniquePrefix();
      try {
        upgradesVersion2(pool, prefix);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  private static void upgradesVersion2(DataSource ds, String prefix) {
    install(ds, prefix, 2);
    // what mediaflow at schema version 2 wrote: a parent, three children, a job of its own
    Job parent = insertOldJob(ds, prefix, JobRequest.of("parent", "{}"));
    List<Job> kids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      kids.add(insertOldJob(ds, prefix, JobRequest.of("kid" + i, "{}").withParent(parent.id())));
    }
    Job plain = insertOldJob(ds, prefix, JobRequest.of("plain", "{\"kept\":true}"));
    Tables t = new Tables(prefix);
    TestDatabases.run(
        ds,
        List.of(
            "UPDATE " + t.jobs() + " SET state = 'COMPLETED' WHERE id = '" + kids.get(0).id() + "'",
            "UPDATE " + t.jobs() + " SET state = 'DEAD' WHERE id = '" + kids.get(1).id() + "'"));
    assertValidateRefuses(ds, prefix, 2);

    try (JdbcStorage s = JdbcStorage.builder(ds).tablePrefix(prefix).build()) {
      Job kept = s.jobs().find(plain.id()).orElseThrow();
      assertThat(kept.payload()).isEqualTo("{\"kept\":true}");
      assertThat(kept.state()).isEqualTo(JobState.PENDING);
      assertThat(kept.waitReason()).isEmpty();
      assertThat(s.jobs().find(kids.get(1).id()).orElseThrow().state()).isEqualTo(JobState.DEAD);

      // the two children finished before the upgrade count
      Job running = claim(s, "parent");
      Job waiting = s.jobs().yieldUntil(parent.id(), token(running), Wait.children(2), T0);
      assertThat(waiting.scheduledAt()).as("two finished already: due at once").isEqualTo(T0);
      running = claim(s, "parent");
      waiting = s.jobs().yieldUntil(parent.id(), token(running), Wait.children(3), T0);
      assertThat(waiting.scheduledAt()).isEqualTo(Wait.FOREVER);
      Job last = claim(s, "kid2");
      s.jobs().complete(last.id(), token(last), Optional.empty(), T0);
      assertThat(s.jobs().find(parent.id()).orElseThrow().state()).isEqualTo(JobState.PENDING);

      // signals, checkpoints and states on a job from before
      s.jobs().signal(plain.id(), "go", "yes", T0);
      assertThat(s.checkpoints().takeSignal(plain.id(), "go", 0)).contains("yes");
      s.checkpoints()
          .saveAll(List.of(new Checkpoint(plain.id(), 0, Checkpoint.Kind.STEP, "a", "1")));
      assertThat(s.checkpoints().history(plain.id(), 0)).hasSize(1);
    }
    try (JdbcStorage s =
        JdbcStorage.builder(ds).tablePrefix(prefix).schema(SchemaMode.VALIDATE).build()) {
      assertThat(s.jobs().find(parent.id())).isPresent();
    }
  }

  /**
   * A job as mediaflow before schema version 8 inserted it (the columns of V1 and its parent), for
   * the upgrade tests: this version's submit writes a column the old schemas lack.
   */
  static Job insertOldJob(DataSource ds, String prefix, JobRequest request) {
    Job job = Job.submitted(request, T0, T0);
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO "
                    + prefix
                    + "jobs (id, type, payload, priority, state, attempts, max_attempts,"
                    + " created_at, scheduled_at, updated_at, progress_percent, progress_step,"
                    + " parent_id, correlation_id, rule_id, version)"
                    + " VALUES (?, ?, ?, 0, 'PENDING', 0, 3, ?, ?, ?, 0, '', ?, '', '', 1)")) {
      long t0 = Rows.micros(T0);
      ps.setString(1, job.id());
      ps.setString(2, job.type());
      ps.setString(3, job.payload());
      ps.setLong(4, t0);
      ps.setLong(5, t0);
      ps.setLong(6, t0);
      ps.setString(7, job.parentId().orElse(null));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return job;
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

  /** VALIDATE refuses a schema of {@code version}, older than this mediaflow's. */
  static void assertValidateRefuses(DataSource ds, String prefix, int version) {
    assertThatThrownBy(
            () -> JdbcStorage.builder(ds).tablePrefix(prefix).schema(SchemaMode.VALIDATE).build())
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(JdbcStorage.SCHEMA_MISMATCH);
              assertThat(e.getMessage())
                  .contains(
                      "schema version "
                          + version
                          + " is older than this mediaflow ("
                          + Schema.LATEST
                          + ")");
            });
  }

  /** What an older mediaflow left behind: its scripts up to {@code version}, and their record. */
  static void install(DataSource ds, String prefix, int version) {
    Database database;
    try (Connection c = ds.getConnection()) {
      database = Dialect.detect(c.getMetaData().getDatabaseProductName()).orElseThrow();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    String folder = Dialect.of(database).schemaFolder();
    List<String> sql = new ArrayList<>();
    sql.add(
        "CREATE TABLE "
            + prefix
            + "schema_version (version INTEGER NOT NULL PRIMARY KEY, description VARCHAR(255)"
            + " NOT NULL, applied_at BIGINT NOT NULL)");
    List<String> scripts =
        List.of(
            "V1__jobs.sql",
            "V2__jobs_parent.sql",
            "V3__durable.sql",
            "V4__workflows.sql",
            "V5__library.sql",
            "V6__rules.sql",
            "V7__files.sql",
            "V8__status.sql",
            "V9__webhooks.sql");
    for (int v = 1; v <= version; v++) {
      String name = scripts.get(v - 1);
      String path = "/io/mediaflow/jdbc/schema/" + folder + "/" + name;
      try (InputStream in = Schema.class.getResourceAsStream(path)) {
        sql.addAll(
            Schema.statements(
                new String(in.readAllBytes(), StandardCharsets.UTF_8), new Tables(prefix)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      sql.add(
          "INSERT INTO "
              + prefix
              + "schema_version (version, description, applied_at) VALUES ("
              + v
              + ", '"
              + name
              + "', 0)");
    }
    TestDatabases.run(ds, sql);
  }
}
