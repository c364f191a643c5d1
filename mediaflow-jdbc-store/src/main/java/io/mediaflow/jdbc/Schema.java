package io.mediaflow.jdbc;

import io.mediaflow.api.store.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versioned schema: one script per version and database in {@code
 * io/mediaflow/jdbc/schema/<database>/V<n>__<name>.sql}, and a {@code <prefix>schema_version} table
 * that records which have run.
 */
final class Schema {

  /** The schema version this library writes and reads. */
  static final int LATEST = 10;

  /**
   * The scripts in version order, each upgrading to the version its name starts with ({@code
   * V<n>__}); a database at version {@code v} runs those of a higher version.
   */
  private static final List<String> SCRIPTS =
      List.of(
          "V1__jobs.sql",
          "V2__jobs_parent.sql",
          "V3__durable.sql",
          "V4__workflows.sql",
          "V5__library.sql",
          "V6__rules.sql",
          "V7__files.sql",
          "V8__status.sql",
          "V9__webhooks.sql",
          "V10__api_keys.sql");

  private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

  /** Start-ups on one JVM take turns; across nodes the dialect's lock does it. */
  private static final Object JVM_LOCK = new Object();

  private Schema() {}

  static void prepare(Connection c, SchemaMode mode, Dialect dialect, Tables t)
      throws SQLException {
    switch (mode) {
      case NONE -> {}
      case VALIDATE -> validate(c, t);
      case AUTO -> {
        synchronized (JVM_LOCK) {
          migrate(c, dialect, t);
        }
      }
    }
  }

  private static void validate(Connection c, Tables t) throws SQLException {
    int found = installedVersion(c, t);
    if (found < 0) {
      throw mismatch(
          "no mediaflow schema: table " + t.schemaVersion() + " does not exist",
          "start once with SchemaMode.AUTO, or run the scripts in io/mediaflow/jdbc/schema/");
    }
    checkNotNewer(found);
    if (found < LATEST) {
      throw mismatch(
          "schema version " + found + " is older than this mediaflow (" + LATEST + ")",
          "start once with SchemaMode.AUTO to upgrade, or run the scripts after V" + found);
    }
    for (String table :
        List.of(
            t.jobs(),
            t.logs(),
            t.schedules(),
            t.webhooks(),
            t.webhookAttempts(),
            t.checkpoints(),
            t.jobStates(),
            t.signals(),
            t.workflows(),
            t.workflowWaiters(),
            t.libraryTags(),
            t.libraryMembers(),
            t.rules(),
            t.ruleChanges(),
            t.jobLimits(),
            t.watchedFiles(),
            t.jobPlans(),
            t.apiKeys())) {
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0").close();
      } catch (SQLException e) {
        throw mismatch(
            "schema version " + found + " is recorded but table " + table + " is missing",
            "restore the table, or drop the schema and start with SchemaMode.AUTO");
      }
    }
  }

  private static void migrate(Connection c, Dialect dialect, Tables t) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      dialect.lockSchema(c, t);
      try {
        try (Statement s = c.createStatement()) {
          s.execute(
              "CREATE TABLE IF NOT EXISTS "
                  + t.schemaVersion()
                  + " (version INTEGER NOT NULL PRIMARY KEY, description VARCHAR(255) NOT NULL,"
                  + " applied_at BIGINT NOT NULL)");
        }
        int found = Math.max(0, installedVersion(c, t));
        checkNotNewer(found);
        for (String script : SCRIPTS) {
          int v = version(script);
          if (v <= found) {
            continue;
          }
          LOG.info(
              "mediaflow: applying schema {} {} (prefix '{}')",
              dialect.database(),
              script,
              t.prefix());
          try (Statement s = c.createStatement()) {
            for (String sql : statements(load(dialect, script), t)) {
              s.execute(sql);
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO "
                      + t.schemaVersion()
                      + " (version, description, applied_at) VALUES (?, ?, ?)")) {
            ps.setInt(1, v);
            ps.setString(2, script);
            ps.setLong(3, System.currentTimeMillis() * 1000);
            ps.executeUpdate();
          }
        }
        c.commit();
      } finally {
        try {
          dialect.unlockSchema(c, t);
        } finally {
          if (!c.getAutoCommit()) {
            c.rollback();
          }
        }
      }
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /** The version a script upgrades to: the number after its {@code V}. */
  private static int version(String script) {
    return Integer.parseInt(script.substring(1, script.indexOf("__")));
  }

  /** The highest version recorded, 0 if none, -1 if the table is missing. */
  private static int installedVersion(Connection c, Tables t) throws SQLException {
    // a savepoint keeps a failed probe from aborting a PostgreSQL transaction
    java.sql.Savepoint sp = c.getAutoCommit() ? null : c.setSavepoint();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + t.schemaVersion())) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      if (sp != null) {
        c.rollback(sp);
      }
      if (tableMissing(e)) {
        return -1;
      }
      throw e;
    }
  }

  private static boolean tableMissing(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    // PostgreSQL 42P01, MariaDB 42S02, H2 42S02 / 42S04 (2.x: 42104)
    return state.equals("42P01")
        || state.startsWith("42S02")
        || state.equals("42S04")
        || e.getErrorCode() == 42102
        || e.getErrorCode() == 42104
        || e.getErrorCode() == 1146;
  }

  private static void checkNotNewer(int found) {
    if (found > LATEST) {
      throw mismatch(
          "schema version "
              + found
              + " is newer than this mediaflow ("
              + LATEST
              + "): upgrade mediaflow",
          "a newer mediaflow upgraded this database; run that version, or restore a backup");
    }
  }

  private static StorageException mismatch(String message, String suggestion) {
    return new StorageException(JdbcStorage.SCHEMA_MISMATCH, message, suggestion);
  }

  private static String load(Dialect dialect, String script) {
    String path = "/io/mediaflow/jdbc/schema/" + dialect.schemaFolder() + "/" + script;
    try (InputStream in = Schema.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing schema script " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read schema script " + path, e);
    }
  }

  /** Splits a script at semicolons that end a line; drops comment lines. */
  static List<String> statements(String script, Tables t) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.replace("${prefix}", t.prefix()).split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String sql = current.toString().strip();
        out.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }
}
