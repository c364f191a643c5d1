package io.mediaflow.samples.chaos;

import static org.junit.jupiter.api.Assertions.fail;

import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases of the chaos test (a copy of mediaflow-jdbc-store's test {@code TestDatabases},
 * whose package-private helpers this module cannot use). With {@code CI} set, a PostgreSQL that
 * cannot be reached fails the test; without it, the test is skipped with a message saying what to
 * start.
 */
final class ChaosDatabases {

  static final String PG_URL =
      env("MEDIAFLOW_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  /** The settings of {@code JdbcStorage.h2(Path)} (its {@code H2Files.url}), so both agree. */
  private static final String H2_SETTINGS = ";WRITE_DELAY=0;LOCK_TIMEOUT=10000";

  private ChaosDatabases() {}

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** A pooled DataSource on the local PostgreSQL, or a skip (a failure under CI). */
  static SimplePool postgres() {
    SimplePool pool = new SimplePool(new DriverDataSource(PG_URL), 24);
    try (Connection c = pool.getConnection()) {
      c.isValid(5);
      return pool;
    } catch (SQLException e) {
      pool.close();
      String message =
          "PostgreSQL is not reachable at " + redact(PG_URL) + " (" + e.getMessage() + ")";
      if (System.getenv("CI") != null) {
        fail(message + "; CI is set, so this is a failure, not a skip");
      }
      Assumptions.abort(message + "; start it, or set CI to make this a failure");
      return null;
    }
  }

  /** The URL {@code JdbcStorage.h2(file)} opens. */
  static String h2Url(Path file) {
    String base = file.toAbsolutePath().normalize().toString();
    if (base.endsWith(".mv.db")) {
      base = base.substring(0, base.length() - ".mv.db".length());
    }
    return "jdbc:h2:file:" + base + H2_SETTINGS;
  }

  /** The H2 file database as user {@code sa}, as {@code JdbcStorage.h2(file)} created it. */
  static DataSource h2(Path file) {
    return new DriverDataSource(h2Url(file), "sa", "");
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  /** A table prefix no other run uses. */
  static String uniquePrefix() {
    return "t"
        + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
            .toLowerCase(Locale.ROOT)
        + "_";
  }

  /**
   * Drops every table whose name starts with {@code prefix} (PostgreSQL, with {@code CASCADE}): the
   * store's tables of any schema version, and the test's own, without naming them.
   */
  static void dropAll(DataSource ds, String prefix) {
    if (ds == null) {
      return;
    }
    List<String> tables = new ArrayList<>();
    try (Connection c = ds.getConnection();
        ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME");
        if (name.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT))) {
          tables.add(name);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    List<String> drops = new ArrayList<>();
    for (String t : tables) {
      drops.add("DROP TABLE IF EXISTS " + t + " CASCADE");
    }
    run(ds, drops);
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
