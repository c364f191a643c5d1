package io.mediaflow.jdbc;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Opens the H2 file database behind {@link JdbcStorage#h2(Path)}.
 *
 * <p>H2 is an optional dependency of this module ({@code requires static}, {@code <optional>} in
 * Maven), so a host on PostgreSQL or MariaDB does not get it. This class therefore checks that H2
 * is there before it touches any H2 class, and says what to add when it is not, instead of a bare
 * {@link NoClassDefFoundError}.
 */
final class H2Files {

  static final String H2_POOL = "org.h2.jdbcx.JdbcConnectionPool";

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

  static void dispose(DataSource pool) {
    ((JdbcConnectionPool) pool).dispose();
  }

  /**
   * @throws IllegalStateException when H2 is neither on the class path nor (on the module path) in
   *     the module graph
   */
  static DataSource pool(Path file) {
    requireH2(H2Files.class.getClassLoader());
    JdbcConnectionPool pool = JdbcConnectionPool.create(url(file), "sa", "");
    pool.setMaxConnections(MAX_CONNECTIONS);
    return pool;
  }

  /**
   * @param loader where H2 is looked for (this module's own class loader)
   * @throws IllegalStateException when H2 is absent
   */
  static void requireH2(ClassLoader loader) {
    try {
      Class.forName(H2_POOL, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(
          "JdbcStorage.h2(...) needs the H2 database, which is not on the class path: add"
              + " com.h2database:h2 (2.3 or later) to the application (on the module path, also"
              + " --add-modules com.h2database), or use JdbcStorage.postgres(...) or"
              + " JdbcStorage.builder(dataSource) with another database",
          e);
    }
  }
}
