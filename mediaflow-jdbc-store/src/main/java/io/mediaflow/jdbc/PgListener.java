package io.mediaflow.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL connection that {@code LISTEN}s on one channel, and the daemon thread that polls
 * it: {@code PGConnection.getNotifications(timeout)} of pgjdbc, called by reflection so that the
 * driver stays the host's choice (this module does not depend on it). Each notification goes to
 * {@code onNotify(channel, payload)}. A lost connection is replaced with a growing backoff (100 ms
 * up to 5 s); after a reconnect {@code onReconnect} runs, since notifications sent while nobody
 * listened are gone.
 */
final class PgListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PgListener.class);
  private static final int POLL_MILLIS = 500;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final DataSource dataSource;
  private final String channel;
  private final BiConsumer<String, String> onNotify;
  private final Runnable onReconnect;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Connection current;
  private volatile boolean listening;

  PgListener(
      DataSource dataSource,
      String channel,
      BiConsumer<String, String> onNotify,
      Runnable onReconnect) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.channel = channel(channel);
    this.onNotify = Objects.requireNonNull(onNotify, "onNotify");
    this.onReconnect = Objects.requireNonNull(onReconnect, "onReconnect");
    this.thread = new Thread(this::run, "mediaflow-pg-listen-" + this.channel);
    this.thread.setDaemon(true);
  }

  /**
   * A channel name as both {@code LISTEN "…"} and {@code pg_notify('…')} see it: lower case, since
   * table prefixes may hold capitals and an unquoted identifier would be folded.
   */
  static String channel(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  PgListener start() {
    thread.start();
    return this;
  }

  /** Whether a connection is currently listening (for tests and health). */
  boolean listening() {
    return listening;
  }

  private void run() {
    long backoff = 100;
    boolean first = true;
    while (!closed) {
      Connection c = null;
      try {
        c = dataSource.getConnection();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN \"" + channel + "\"");
        }
        Class<?> pgType = driverClass(c, "org.postgresql.PGConnection");
        Class<?> noteType =
            Class.forName("org.postgresql.PGNotification", true, pgType.getClassLoader());
        Object pg = c.unwrap(pgType);
        Method poll = pgType.getMethod("getNotifications", int.class);
        Method getName = noteType.getMethod("getName");
        Method getParameter = noteType.getMethod("getParameter");
        current = c;
        listening = true;
        if (!first) {
          LOG.info("mediaflow: listening on PostgreSQL channel {} again", channel);
          safely(onReconnect);
        }
        first = false;
        backoff = 100;
        while (!closed) {
          Object[] got = (Object[]) invoke(poll, pg, POLL_MILLIS);
          if (got == null) {
            continue;
          }
          for (Object n : got) {
            String name = (String) getName.invoke(n);
            String payload = (String) getParameter.invoke(n);
            try {
              onNotify.accept(name, payload);
            } catch (RuntimeException e) {
              LOG.warn("mediaflow: a notification listener on {} failed", channel, e);
            }
          }
        }
      } catch (Exception e) {
        listening = false;
        if (closed) {
          break;
        }
        LOG.warn(
            "mediaflow: lost the PostgreSQL LISTEN connection on {} ({}); reconnecting in {} ms",
            channel,
            e.getMessage(),
            backoff);
        first = false;
        discard(c);
        c = null;
        current = null;
        sleep(backoff);
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      } finally {
        if (c != null && closed) {
          try (Statement s = c.createStatement()) {
            s.execute("UNLISTEN \"" + channel + "\"");
          } catch (SQLException ignored) {
            // closing anyway
          }
          quietlyClose(c);
        }
      }
    }
    listening = false;
  }

  /**
   * A pgjdbc class, looked up where the driver may live: beside the connection's class (a pool's
   * proxy may sit in another loader), the thread's context loader, or this module's.
   */
  private static Class<?> driverClass(Connection c, String name) throws SQLException {
    for (ClassLoader l :
        new ClassLoader[] {
          c.getClass().getClassLoader(),
          Thread.currentThread().getContextClassLoader(),
          PgListener.class.getClassLoader()
        }) {
      if (l == null) {
        continue;
      }
      try {
        Class<?> type = Class.forName(name, true, l);
        if (c.isWrapperFor(type)) {
          return type;
        }
      } catch (ClassNotFoundException e) {
        // try the next loader
      }
    }
    throw new SQLException(
        "the connection is not a PostgreSQL (pgjdbc) connection, or " + name + " is not visible");
  }

  private static Object invoke(Method m, Object target, Object... args) throws Exception {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
  }

  private void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("mediaflow: a reconnect listener on {} failed", channel, e);
    }
  }

  /** Waits out a reconnect backoff; {@link #close()} ends the wait at once. */
  private void sleep(long millis) {
    java.util.concurrent.locks.LockSupport.parkNanos(
        this, java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis));
  }

  private static void quietlyClose(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // already broken
    }
  }

  /**
   * Gives a broken connection back so that no pool hands it out again: aborted first (a pool sees
   * it closed), then closed.
   */
  private static void discard(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.abort(Runnable::run);
    } catch (SQLException | RuntimeException ignored) {
      // closing anyway
    }
    quietlyClose(c);
  }

  /** Stops the thread (within one poll interval) and gives the connection back. */
  @Override
  public void close() {
    closed = true;
    java.util.concurrent.locks.LockSupport.unpark(thread);
    try {
      thread.join(POLL_MILLIS * 4L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
