package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.store.SeenFile;
import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrading a schema of version 6 (rules, before watched files) that holds a rule to version 7: the
 * rule stays, VALIDATE refuses the old schema, and the handled-file state works at once and is
 * there after a restart.
 */
class FileSchemaUpgradeTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void a_version_6_h2_file_upgrades_to_watched_files() {
    upgradesVersion6(
        new DriverDataSource("jdbc:h2:file:" + dir.resolve("v6") + ";WRITE_DELAY=0"), "mediaflow_");
  }

  @Test
  void a_version_6_postgresql_schema_upgrades_to_watched_files() {
    try (SimplePool pool = TestDatabases.postgres()) {
      String prefix = TestDatabases.uniquePrefix();
      try {
        upgradesVersion6(pool, prefix);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  @Test
  void a_version_6_mariadb_schema_upgrades_to_watched_files() {
    try (SimplePool pool = TestDatabases.mariadb()) {
      String prefix = TestDatabases.uniquePrefix();
      try {
        upgradesVersion6(pool, prefix);
      } finally {
        TestDatabases.drop(pool, prefix);
      }
    }
  }

  private static void upgradesVersion6(DataSource ds, String prefix) {
    SchemaUpgradeTest.install(ds, prefix, 6);
    try (JdbcStorage v6 =
        JdbcStorage.builder(ds).tablePrefix(prefix).schema(SchemaMode.NONE).build()) {
      v6.rules().save("incoming", "{}", true, 0, T0);
    }
    SchemaUpgradeTest.assertValidateRefuses(ds, prefix, 6);

    SeenFile movie = new SeenFile("/in/movie.mkv", 42, T0.plusNanos(7));
    try (JdbcStorage s = JdbcStorage.builder(ds).tablePrefix(prefix).build()) {
      assertThat(s.rules().find("incoming")).isPresent();
      assertThat(s.files().claim("incoming", List.of(movie), T0)).containsExactly(movie);
    }
    try (JdbcStorage s =
        JdbcStorage.builder(ds).tablePrefix(prefix).schema(SchemaMode.VALIDATE).build()) {
      assertThat(s.files().claim("incoming", List.of(movie), T0)).as("after a restart").isEmpty();
      assertThat(s.files().claimed("incoming", 0, 10)).containsExactly(movie);
    }
  }
}
