package io.mediaflow.jdbc;

import java.nio.file.Path;
import org.h2.jdbcx.JdbcConnectionPool;

/** Opens the H2 file database behind {@link JdbcStorage#h2(Path)}. */
final class H2Files {

  /**
   * The settings, and why:
   *
   * <ul>
   *   <li>{@code WRITE_DELAY=0}: H2 writes a commit to the file before the commit returns, instead
   *       of up to 500 ms later from a background thread, so a process killed with {@code kill -9}
   *       loses nothing it reported committed. (H2 does not fsync each commit: an operating system
   *       crash or power loss may still lose the last commits.)
   *   <li>{@code LOCK_TIMEOUT=10000}: a writer waits up to 10 s for a row another transaction holds
   *       rather than failing at once.
   *   <li>no {@code DB_CLOSE_DELAY}: the pool keeps the database open while the store is open, and
   *       closing the store closes the file cleanly.
   * </ul>
   */
  static final String SETTINGS = ";WRITE_DELAY=0;LOCK_TIMEOUT=10000";

  /** Connections the pool keeps; claims are serialized anyway, so few are needed. */
  static final int MAX_CONNECTIONS = 16;

  private H2Files() {}

  static String url(Path file) {
    String base = file.toAbsolutePath().normalize().toString();
    if (base.endsWith(".mv.db")) {
      base = base.substring(0, base.length() - ".mv.db".length());
    }
    return "jdbc:h2:file:" + base + SETTINGS;
  }

  static void dispose(javax.sql.DataSource pool) {
    ((JdbcConnectionPool) pool).dispose();
  }

  static JdbcConnectionPool pool(Path file) {
    JdbcConnectionPool pool = JdbcConnectionPool.create(url(file), "sa", "");
    pool.setMaxConnections(MAX_CONNECTIONS);
    return pool;
  }
}
