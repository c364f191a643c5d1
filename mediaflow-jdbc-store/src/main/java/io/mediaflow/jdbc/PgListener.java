package io.mediaflow.jdbc;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.SocketTimeoutException;
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
 *
 * <p><b>Arrival before parsing.</b> pgjdbc's {@code getNotifications(timeout)} hands a notification
 * over only after waiting one more millisecond for further messages ({@code
 * PGStream.hasMessagePending} reads with a 1 ms socket timeout, and does so on every call), so each
 * notification reaches its listener at least 1 ms late — a fifth of a wake-up's budget. So the
 * thread waits on the driver's own stream ({@code PGStream.peekChar()}, reached by reflection, with
 * a 500 ms read timeout set on that stream and restored before the connection goes back to its
 * pool) and runs {@code onArrival} the moment the first byte arrives; {@code getNotifications}
 * parses it afterwards. Where the stream cannot be reached (another driver version, a security
 * manager), the plain {@code getNotifications(timeout)} loop is used and {@code onArrival} runs
 * once per batch of notifications.
 */
final class PgListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PgListener.class);
  private static final int POLL_MILLIS = 500;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final DataSource dataSource;
  private final String channel;
  private final BiConsumer<String, String> onNotify;
  private final Runnable onReconnect;
  private final Runnable onArrival;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Connection current;
  private volatile boolean listening;
  private volatile boolean early;

  PgListener(
      DataSource dataSource,
      String channel,
      BiConsumer<String, String> onNotify,
      Runnable onReconnect) {
    this(dataSource, channel, onNotify, onReconnect, null);
  }

  /**
   * A listener that also runs {@code onArrival} as soon as data arrives on the listening
   * connection, before it is parsed into notifications (see the class comment); it may run for a
   * message that is no notification (a notice, an error), so it must be cheap and harmless when
   * spurious.
   */
  PgListener(
      DataSource dataSource,
      String channel,
      BiConsumer<String, String> onNotify,
      Runnable onReconnect,
      Runnable onArrival) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.channel = channel(channel);
    this.onNotify = Objects.requireNonNull(onNotify, "onNotify");
    this.onReconnect = Objects.requireNonNull(onReconnect, "onReconnect");
    this.onArrival = onArrival;
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

  /** Whether arrivals are seen on the driver's stream, before parsing (for tests). */
  boolean early() {
    return early;
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
        Method pending = pgType.getMethod("getNotifications");
        Method getName = noteType.getMethod("getName");
        Method getParameter = noteType.getMethod("getParameter");
        Peek peek = Peek.of(c);
        early = peek != null;
        current = c;
        listening = true;
        if (!first) {
          LOG.info("mediaflow: listening on PostgreSQL channel {} again", channel);
          safely(onReconnect);
        }
        first = false;
        backoff = 100;
        if (peek == null) {
          while (!closed) {
            deliver((Object[]) invoke(poll, pg, POLL_MILLIS), false, getName, getParameter);
          }
        } else {
          // on the driver's stream, not Connection.setNetworkTimeout: a pool would track that and
          // reset it when the connection comes back, which fails on one aborted as broken
          int networkTimeout = peek.timeout();
          peek.timeout(POLL_MILLIS);
          try {
            // anything that came with the LISTEN itself
            deliver((Object[]) invoke(pending, pg), false, getName, getParameter);
            while (!closed) {
              if (!peek.await()) {
                continue; // the network timeout passed: look at closed again
              }
              if (onArrival != null) {
                safely(onArrival);
              }
              // parses what arrived (pgjdbc then waits its 1 ms; the wake-up has gone out already)
              deliver((Object[]) invoke(poll, pg, POLL_MILLIS), true, getName, getParameter);
            }
          } finally {
            if (closed) {
              peek.restore(networkTimeout); // the connection goes back to its pool
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
   * Hands notifications to {@code onNotify}, after {@code onArrival} unless it ran for them already
   * ({@code announced}).
   */
  private void deliver(Object[] got, boolean announced, Method getName, Method getParameter)
      throws Exception {
    if (got == null || got.length == 0) {
      return;
    }
    if (onArrival != null && !announced) {
      safely(onArrival);
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

  /**
   * Waits for the first byte of the next message on a pgjdbc connection's stream, without taking
   * it: {@code PGStream.peekChar()}, under the connection's network timeout.
   */
  private static final class Peek {
    private final Object stream;
    private final Method peekChar;
    private final Method getTimeout;
    private final Method setTimeout;

    private Peek(Object stream) throws NoSuchMethodException {
      this.stream = stream;
      this.peekChar = stream.getClass().getMethod("peekChar");
      this.getTimeout = stream.getClass().getMethod("getNetworkTimeout");
      this.setTimeout = stream.getClass().getMethod("setNetworkTimeout", int.class);
    }

    /** The connection's stream, or null when it cannot be reached (then polling is used). */
    static Peek of(Connection c) {
      try {
        Class<?> base = driverClass(c, "org.postgresql.core.BaseConnection");
        Object executor = base.getMethod("getQueryExecutor").invoke(c.unwrap(base));
        Field field = null;
        for (Class<?> k = executor.getClass(); k != null && field == null; k = k.getSuperclass()) {
          for (Field f : k.getDeclaredFields()) {
            if (f.getName().equals("pgStream")) {
              field = f;
            }
          }
        }
        if (field == null) {
          throw new NoSuchFieldException("pgStream");
        }
        field.setAccessible(true);
        Object stream = field.get(executor);
        return new Peek(stream);
      } catch (Exception | LinkageError e) {
        LOG.debug(
            "mediaflow: pgjdbc's stream is out of reach ({}); notifications arrive by polling"
                + " getNotifications, 1 ms later each",
            e.toString());
        return null;
      }
    }

    /** The stream's read timeout in milliseconds (0: none). */
    int timeout() throws Exception {
      return (Integer) invoke(getTimeout, stream);
    }

    void timeout(int millis) throws Exception {
      invoke(setTimeout, stream, millis);
    }

    void restore(int millis) {
      try {
        timeout(millis);
      } catch (Exception e) {
        // broken: it is closed next anyway
      }
    }

    /** True when data arrived; false when the network timeout passed first. */
    boolean await() throws Exception {
      try {
        invoke(peekChar, stream);
        return true;
      } catch (SocketTimeoutException e) {
        return false;
      }
    }
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
      LOG.warn("mediaflow: a listener on {} failed", channel, e);
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
    } catch (SQLException | RuntimeException ignored) {
      // already broken (a pool may fail resetting an aborted connection's state)
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
