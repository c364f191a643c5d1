package io.mediaflow.jdbc;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes idle workers when another node submits work, where the dialect can ({@link
 * Dialect#notifiesWork()}: PostgreSQL {@code LISTEN}s on the channel {@code <tablePrefix>work},
 * over one connection of its own taken from the DataSource and held until {@link #close()}). Every
 * submit on any node notifies in its transaction, so a listener runs when that transaction commits.
 * A lost connection is replaced with a backoff, and the listeners run once after a reconnect
 * (notifications sent meanwhile are lost). The connection is held while there are listeners: the
 * last one removed (an engine closing) or {@link #close()} gives it back. Elsewhere nothing
 * happens: polling remains.
 *
 * <p>The rule store uses a second one on the channel {@code <tablePrefix>rules}, which every change
 * of a rule notifies ({@link JdbcRuleStore}).
 */
final class WorkSignals implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcStorage.class);

  private final DataSource dataSource;
  private final Dialect dialect;
  private final String channel;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private PgListener listener; // guarded by listeners
  private boolean closed; // guarded by listeners

  WorkSignals(DataSource dataSource, Dialect dialect, Tables tables) {
    this(dataSource, dialect, channel(tables));
  }

  /** Listens on {@code channel} (as {@link #channel} or {@link #rulesChannel} name it). */
  WorkSignals(DataSource dataSource, Dialect dialect, String channel) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.channel = channel;
  }

  /** The NOTIFY channel that a submit wakes other nodes on. */
  static String channel(Tables t) {
    return PgListener.channel(t.prefix() + "work");
  }

  /** The NOTIFY channel that a change of a rule tells other nodes on. */
  static String rulesChannel(Tables t) {
    return PgListener.channel(t.prefix() + "rules");
  }

  void add(Runnable work) {
    Objects.requireNonNull(work, "listener");
    if (!dialect.notifiesWork()) {
      return;
    }
    synchronized (listeners) {
      if (closed) {
        throw new IllegalStateException("this JdbcStorage is closed");
      }
      listeners.add(work);
      if (listener == null) {
        // one wake-up per batch of notifications: several submits arriving together need one
        listener =
            new PgListener(dataSource, channel, (ch, payload) -> {}, this::fire, this::fire)
                .start();
      }
    }
  }

  /**
   * Forgets {@code work}; the last listener to go stops the LISTEN connection, before the host
   * closes its pool under it, and a later {@link #add} starts a new one.
   */
  void remove(Runnable work) {
    PgListener stopped = null;
    synchronized (listeners) {
      listeners.remove(work);
      if (listeners.isEmpty()) {
        stopped = listener;
        listener = null;
      }
    }
    if (stopped != null) {
      stopped.close();
    }
  }

  /** Whether the LISTEN connection is up (false when none was asked for). */
  boolean listening() {
    synchronized (listeners) {
      return listener != null && listener.listening();
    }
  }

  private void fire() {
    for (Runnable r : listeners) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warn("mediaflow: a listener on channel {} failed", channel, e);
      }
    }
  }

  /** Stops the LISTEN connection, if any; later listeners are refused. */
  @Override
  public void close() {
    PgListener l;
    synchronized (listeners) {
      closed = true;
      l = listener;
      listener = null;
      listeners.clear();
    }
    if (l != null) {
      l.close();
    }
  }
}
