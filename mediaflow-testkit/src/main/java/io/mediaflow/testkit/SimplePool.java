package io.mediaflow.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A minimal connection pool for tests, as a host's HikariCP would be: {@code close()} on a borrowed
 * connection gives it back; a broken one is thrown away.
 */
public final class SimplePool extends PlainDataSource implements AutoCloseable {

  private final DataSource target;
  private final BlockingQueue<Connection> idle;
  private final Semaphore permits;

  public SimplePool(DataSource target, int max) {
    this.target = target;
    this.idle = new ArrayBlockingQueue<>(max);
    this.permits = new Semaphore(max);
  }

  /** The target's URL, for JdbcStorage's messages. */
  public String getUrl() {
    return target instanceof DriverDataSource d ? d.getUrl() : null;
  }

  @Override
  public Connection getConnection() throws SQLException {
    try {
      if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
        throw new SQLException("pool exhausted", "08001");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted", "08001");
    }
    Connection raw = idle.poll();
    try {
      if (raw == null || raw.isClosed()) {
        raw = target.getConnection();
      }
    } catch (SQLException | RuntimeException e) {
      permits.release();
      throw e;
    }
    Connection real = raw;
    boolean[] returned = {false};
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close")) {
                if (!returned[0]) {
                  returned[0] = true;
                  giveBack(real);
                }
                return null;
              }
              if (method.getName().equals("isClosed") && returned[0]) {
                return true;
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private void giveBack(Connection real) {
    try {
      if (!real.isClosed() && real.getAutoCommit() && idle.offer(real)) {
        return;
      }
      real.close();
    } catch (SQLException e) {
      // broken: dropped
    } finally {
      permits.release();
    }
  }

  @Override
  public void close() {
    Connection c;
    while ((c = idle.poll()) != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return getConnection();
  }
}
