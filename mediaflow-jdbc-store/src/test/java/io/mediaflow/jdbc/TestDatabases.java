package io.mediaflow.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;

/**
 * The local test databases. With {@code CI} set, one that cannot be reached fails the test; without
 * it, the test is skipped with a message saying what to start.
 */
final class TestDatabases {

  static final String PG_URL =
      env("MEDIAFLOW_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  static final String MARIADB_URL =
      env("MEDIAFLOW_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=");

  private TestDatabases() {}

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** A pooled DataSource on the local PostgreSQL, or a skip (a failure under CI). */
  static SimplePool postgres() {
    return reachable(new SimplePool(new DriverDataSource(PG_URL), 24), "PostgreSQL", PG_URL);
  }

  /** A pooled DataSource on the local MariaDB, or a skip (a failure under CI). */
  static SimplePool mariadb() {
    return reachable(new SimplePool(new DriverDataSource(MARIADB_URL), 24), "MariaDB", MARIADB_URL);
  }

  private static SimplePool reachable(SimplePool pool, String name, String url) {
    try (Connection c = pool.getConnection()) {
      c.isValid(5);
      return pool;
    } catch (SQLException e) {
      pool.close();
      String message =
          name + " is not reachable at " + Urls.redact(url) + " (" + e.getMessage() + ")";
      if (System.getenv("CI") != null) {
        fail(message + "; CI is set, so this is a failure, not a skip");
      }
      Assumptions.abort(message + "; start it, or set CI to make this a failure");
      return null;
    }
  }

  /** Runs {@code body} on {@code pool} with a table prefix of its own, dropped afterwards. */
  static void inFreshTables(
      SimplePool pool, java.util.function.BiConsumer<DataSource, String> body) {
    try (pool) {
      String prefix = uniquePrefix();
      try {
        body.accept(pool, prefix);
      } finally {
        drop(pool, prefix);
      }
    }
  }

  /** Prints a probe's line and appends it to {@code target/<file>}. */
  static void report(String file, String line) {
    System.out.print(line);
    try {
      java.nio.file.Files.writeString(
          java.nio.file.Path.of("target", file),
          line,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A table prefix no other run uses. */
  static String uniquePrefix() {
    return "t"
        + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
            .toLowerCase(Locale.ROOT)
        + "_";
  }

  static void truncate(DataSource ds, String prefix) {
    Tables t = new Tables(prefix);
    run(
        ds,
        List.of(
            "DELETE FROM " + t.apiKeys(),
            "DELETE FROM " + t.watchedFiles(),
            "DELETE FROM " + t.rules(),
            "DELETE FROM " + t.jobLimits(),
            "DELETE FROM " + t.libraryTags(),
            "DELETE FROM " + t.libraryMembers(),
            "DELETE FROM " + t.workflowWaiters(),
            "DELETE FROM " + t.workflows(),
            "DELETE FROM " + t.logs(),
            "DELETE FROM " + t.jobPlans(),
            "DELETE FROM " + t.signals(),
            "DELETE FROM " + t.checkpoints(),
            "DELETE FROM " + t.jobStates(),
            "DELETE FROM " + t.jobs(),
            "DELETE FROM " + t.schedules(),
            "DELETE FROM " + t.webhookAttempts(),
            "DELETE FROM " + t.webhooks()));
  }

  static void drop(DataSource ds, String prefix) {
    if (ds == null) {
      return;
    }
    Tables t = new Tables(prefix);
    run(
        ds,
        List.of(
            "DROP TABLE IF EXISTS " + t.apiKeys(),
            "DROP TABLE IF EXISTS " + t.watchedFiles(),
            "DROP TABLE IF EXISTS " + t.rules(),
            "DROP TABLE IF EXISTS " + t.ruleChanges(),
            "DROP TABLE IF EXISTS " + t.jobLimits(),
            "DROP TABLE IF EXISTS " + t.libraryTags(),
            "DROP TABLE IF EXISTS " + t.libraryMembers(),
            "DROP TABLE IF EXISTS " + t.workflowWaiters(),
            "DROP TABLE IF EXISTS " + t.workflows(),
            "DROP TABLE IF EXISTS " + t.logs(),
            "DROP TABLE IF EXISTS " + t.jobPlans(),
            "DROP TABLE IF EXISTS " + t.signals(),
            "DROP TABLE IF EXISTS " + t.checkpoints(),
            "DROP TABLE IF EXISTS " + t.jobStates(),
            "DROP TABLE IF EXISTS " + t.jobs(),
            "DROP TABLE IF EXISTS " + t.schedules(),
            "DROP TABLE IF EXISTS " + t.webhookAttempts(),
            "DROP TABLE IF EXISTS " + t.webhooks(),
            "DROP TABLE IF EXISTS " + t.schemaVersion()));
  }

  static void run(DataSource ds, List<String> sql) {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
