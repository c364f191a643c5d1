package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrading a schema of version 4 (workflows, before the media library) that holds jobs and
 * workflows to version 5: they stay as they were, and the library works at once.
 */
class LibrarySchemaUpgradeTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void a_version_4_h2_file_upgrades_to_the_library() {
    upgradesVersion4(
        new DriverDataSource("jdbc:h2:file:" + dir.resolve("v4") + ";WRITE_DELAY=0"), "mediaflow_");
  }

  @Test
  void a_version_4_postgresql_schema_upgrades_to_the_library() {
    try (SimplePool pool = TestDatabases.postgres()) {
      String prefix = TestDatabases.uniquePrefix();
      try {
        upgradesVersion4(pool, prefix);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  @Test
  void a_version_4_mariadb_schema_upgrades_to_the_library() {
    try (SimplePool pool = TestDatabases.mariadb()) {
      String prefix = TestDatabases.uniquePrefix();
      try {
        upgradesVersion4(pool, prefix);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  private static void upgradesVersion4(DataSource ds, String prefix) {
    SchemaUpgradeTest.install(ds, prefix, 4);
    Job job;
    try (JdbcStorage v4 =
        JdbcStorage.builder(ds).tablePrefix(prefix).schema(SchemaMode.NONE).build()) {
      job = SchemaUpgradeTest.insertOldJob(ds, prefix, JobRequest.of("workflow", "{\"run\":1}"));
      v4.workflows().save("archive", "Archive", "{}", 0, T0);
    }
    SchemaUpgradeTest.assertValidateRefuses(ds, prefix, 4);

    try (JdbcStorage s = JdbcStorage.builder(ds).tablePrefix(prefix).build()) {
      assertThat(s.jobs().find(job.id()).orElseThrow().payload()).isEqualTo("{\"run\":1}");
      assertThat(s.workflows().find("archive")).isPresent();
      assertThat(s.library().tag("/media/a.mp4", List.of("podcast"), List.of()))
          .containsExactly("podcast");
      assertThat(s.library().addToCollection("Archive", "/media/a.mp4", T0)).isTrue();
    }
    try (JdbcStorage s =
        JdbcStorage.builder(ds).tablePrefix(prefix).schema(SchemaMode.VALIDATE).build()) {
      assertThat(s.library().filesTagged("podcast", 0, 10)).containsExactly("/media/a.mp4");
      assertThat(s.library().collection("Archive", 0, 10)).containsExactly("/media/a.mp4");
    }
  }
}
