package io.mediaflow.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL connection that {@code LISTEN}s on one channel, and the daemon thread that waits
 * on it with pgjdbc's public {@link PGConnection#getNotifications(int)}. Each notification goes to
 * {@code onNotify(channel, payload)}. A lost connection is replaced with a growing backoff (100 ms
 * up to 5 s); once each LISTEN has taken effect, the first included, {@code onReconnect} runs,
 * since notifications sent while nobody listened are gone.
 *
 * <p>pgjdbc is an optional dependency of this module ({@code requires static}): only a host on
 * PostgreSQL reaches this class, and it brings its own driver. The connection must unwrap to the
 * {@code PGConnection} this module sees (true of pgjdbc behind any pool that supports {@link
 * Connection#unwrap}); otherwise the listener logs why and retries, and polling stays the
 * mechanism.
 *
 * <p><b>Latency.</b> {@code getNotifications(timeout)} returns a notification about 1 ms after it
 * arrived: having read one, pgjdbc looks for more with a 1 ms socket timeout. This class used to
 * wake on the first byte by reaching into the driver's private stream; measured in one run, that
 * saved 1.1 ms of a cross-node wake-up (see {@code docs/decisions.md}), which is not worth
 * depending on a driver's private fields. Notifications that arrive together come back as one
 * batch, and {@code onBatch} runs once per batch before they are handed on.
 */
final class PgListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PgListener.class);

  /** How long one wait for notifications lasts; bounds how long {@link #close()} takes. */
  private static final int POLL_MILLIS = 500;

  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final DataSource dataSource;
  private final String channel;
  private final BiConsumer<String, String> onNotify;
  private final Runnable onReconnect;
  private final Runnable onBatch;
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean listening;

  PgListener(
      DataSource dataSource,
      String channel,
      BiConsumer<String, String> onNotify,
      Runnable onReconnect) {
    this(dataSource, channel, onNotify, onReconnect, () -> {});
  }

  /**
   * A listener that also runs {@code onBatch} once for every batch of notifications that arrive
   * together, before {@code onNotify} sees them: a wake-up needs one signal, not one per
   * notification.
   */
  PgListener(
      DataSource dataSource,
      String channel,
      BiConsumer<String, String> onNotify,
      Runnable onReconnect,
      Runnable onBatch) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.channel = channel(channel);
    this.onNotify = Objects.requireNonNull(onNotify, "onNotify");
    this.onReconnect = Objects.requireNonNull(onReconnect, "onReconnect");
    this.onBatch = Objects.requireNonNull(onBatch, "onBatch");
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

  /** Whether the thread is still at work: false once closed, or given up on a foreign driver. */
  boolean running() {
    return thread.isAlive();
  }

  private void run() {
    long backoff = FIRST_BACKOFF_MILLIS;
    boolean first = true;
    while (!closed) {
      Connection c = null;
      try {
        c = dataSource.getConnection();
        PGConnection pg = pgConnection(c);
        c.setAutoCommit(true); // pgjdbc hands out notifications only outside a transaction
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN \"" + channel + "\"");
        }
        listening = true;
        if (!first) {
          LOG.info("mediaflow: listening on PostgreSQL channel {} again", channel);
        }
        // the first LISTEN too: a change committed between the caller's start (its first read)
        // and this LISTEN notified nobody, and would otherwise wait for the next poll
        safely(onReconnect);
        first = false;
        backoff = FIRST_BACKOFF_MILLIS;
        while (!closed) {
          deliver(pg.getNotifications(POLL_MILLIS));
        }
      } catch (NotPgjdbc e) {
        listening = false;
        quietlyClose(c);
        c = null;
        if (closed) {
          return;
        }
        LOG.warn(
            "mediaflow: cannot LISTEN on PostgreSQL channel {}: {}. Notifications from other nodes"
                + " will not arrive; polling stays the mechanism",
            channel,
            e.getMessage());
        return;
      } catch (SQLException | RuntimeException e) {
        listening = false;
        if (closed) {
          break; // close() under way: a connection closed under us is expected, nothing to say
        }
        LOG.warn(
            "mediaflow: lost the PostgreSQL LISTEN connection on {} ({}); reconnecting in {} ms",
            channel,
            e.getMessage(),
            backoff);
        first = false;
        discard(c);
        c = null;
        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(backoff)); // close() unparks
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

  /** The driver's side of the connection; a connection of another driver can never listen. */
  private static PGConnection pgConnection(Connection c) throws SQLException {
    try {
      if (c.isWrapperFor(PGConnection.class)) {
        return c.unwrap(PGConnection.class);
      }
    } catch (LinkageError e) {
      throw new NotPgjdbc("pgjdbc (org.postgresql) is not on the class path (" + e + ")");
    }
    throw new NotPgjdbc(
        "the connection ("
            + c.getClass().getName()
            + ") does not unwrap to pgjdbc's PGConnection: another driver, or pgjdbc loaded by"
            + " another class loader than mediaflow's");
  }

  /** Why this listener can never work on the DataSource it was given. */
  private static final class NotPgjdbc extends SQLException {
    private static final long serialVersionUID = 1L;

    NotPgjdbc(String message) {
      super(message);
    }
  }

  private void deliver(PGNotification[] got) {
    if (got == null || got.length == 0) {
      return;
    }
    safely(onBatch);
    for (PGNotification n : got) {
      try {
        onNotify.accept(n.getName(), n.getParameter());
      } catch (RuntimeException e) {
        LOG.warn("mediaflow: a notification listener on {} failed", channel, e);
      }
    }
  }

  private void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("mediaflow: a listener on {} failed", channel, e);
    }
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

  /**
   * Stops the thread (within one poll interval) and gives the connection back, quietly: whatever
   * happens to the connection from here on is expected. Call it before the pool closes (an engine's
   * close does, through {@link io.mediaflow.api.store.JobStore#removeWorkAvailableListener}); a
   * pool that closes under a live listener aborts its connection, which is reported as lost.
   */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    try {
      thread.join(POLL_MILLIS * 4L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
