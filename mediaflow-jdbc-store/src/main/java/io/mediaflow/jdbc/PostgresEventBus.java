package io.mediaflow.jdbc;

import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.api.event.EventHandler;
import io.mediaflow.api.event.Subscription;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventBus} for several JVMs on one PostgreSQL: every event reaches the matching
 * subscribers of this bus directly and, through {@code pg_notify}, those of every other bus on the
 * same channel.
 *
 * {@snippet :
 * try (PostgresEventBus bus =
 *     PostgresEventBus.create(dataSource, "media_", InProcessEventBus.ofDefaults())) {
 *   bus.subscribe("job.*", e -> log.info("{} {}", e.type(), e.data()));
 *   bus.publish(Event.of("job.completed", clock.instant(), Map.of("jobId", id)));
 * }
 * }
 *
 * <p><b>Locally</b> it delivers through the bus it is given (mediaflow-core's {@code
 * InProcessEventBus}, or any {@link EventBus} that delivers within this JVM), which it owns and
 * closes: subscriptions are that bus's, and so are its guarantees — each subscriber sees events in
 * publish order, a full queue makes {@link #publish} wait (back-pressure), a handler that throws is
 * logged and nobody else notices. This class adds only what crosses nodes.
 *
 * <p><b>Across nodes</b> {@link #publish} then runs {@code SELECT pg_notify('<prefix>events',
 * payload)} (the channel in lower case) with the compact JSON {@code {"origin":…, "type":…,
 * "time":<epoch micros>, "data":{…}}}. A payload over {@value #MAX_INLINE_BYTES} bytes (NOTIFY
 * takes under 8,000) goes by reference: it is inserted into the table {@code <prefix>events} and
 * {@code ref:<id>} is notified, in one statement; receivers read the row. Rows older than an hour
 * are deleted now and then by the publishing buses. Each bus {@code LISTEN}s on one extra
 * connection (reconnecting with backoff, see {@link PgListener}), skips what it published itself
 * (its origin) and publishes the rest to its local bus. The data of a remote event comes back as
 * JSON gives it: whole numbers as {@link Integer} when they fit, else {@link Long}; decimals as
 * {@link Double}; values other than strings, numbers, booleans, lists and maps as their {@code
 * toString()}; the time to the microsecond.
 *
 * <p>NOTIFY is not durable: a node that is not listening (down, reconnecting) misses what is sent
 * meanwhile, and a failed {@code pg_notify} is logged, not thrown — local subscribers already have
 * the event; a bus just started may get a few events sent shortly before it listened. Use the event
 * bus for signals, and the store for what must not be lost. {@link #hasSubscribers} answers true
 * (the default): other nodes may subscribe.
 */
public final class PostgresEventBus implements EventBus {

  /** The largest NOTIFY payload sent inline, in UTF-8 bytes; larger ones go by reference. */
  public static final int MAX_INLINE_BYTES = 7_900;

  /** How long rows of payloads sent by reference are kept. */
  public static final Duration RETENTION = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(PostgresEventBus.class);
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,29}");
  private static final String REF = "ref:";
  private static final long PURGE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(5);
  private static final AtomicInteger BUS_IDS = new AtomicInteger();

  private final DataSource dataSource;
  private final String channel;
  private final String table;
  private final EventBus local;
  private final String origin;
  private final String originPrefix;
  private final int busId = BUS_IDS.incrementAndGet();
  private final PgListener listener;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile long lastPurge = System.nanoTime() - PURGE_EVERY_NANOS;
  private final AtomicLong failedNotifies = new AtomicLong();

  private PostgresEventBus(Builder b) {
    this.dataSource = b.dataSource;
    this.channel = PgListener.channel(b.channelPrefix + "events");
    this.table = b.channelPrefix + "events";
    this.local = b.local;
    this.origin =
        Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
            + "-"
            + Long.toString(System.nanoTime() & Long.MAX_VALUE, 36);
    this.originPrefix = EventJson.originPrefix(origin);
    createTable();
    this.listener = new PgListener(dataSource, channel, this::onNotify, () -> {});
    listener.start();
  }

  /**
   * A bus on {@code dataSource} notifying on {@code <channelPrefix>events}, delivering on this node
   * through {@code local} (which it closes when it is closed).
   *
   * @throws IllegalArgumentException for an invalid prefix (a letter, then up to 29 letters, digits
   *     or underscores), or a local bus that is itself a {@code PostgresEventBus}
   * @throws IllegalStateException when the database cannot be reached to create the table
   */
  public static PostgresEventBus create(
      DataSource dataSource, String channelPrefix, EventBus local) {
    return builder(dataSource, local).channelPrefix(channelPrefix).build();
  }

  /**
   * Settings for a bus on {@code dataSource} that delivers on this node through {@code local}: a
   * bus of this JVM only, such as mediaflow-core's {@code InProcessEventBus.ofDefaults()}, whose
   * settings (queue capacity, close timeout) then apply. The new bus owns it and closes it.
   *
   * @throws IllegalArgumentException when {@code local} is itself a {@code PostgresEventBus} (every
   *     event would be notified twice)
   */
  public static Builder builder(DataSource dataSource, EventBus local) {
    return new Builder(dataSource, local);
  }

  /** The NOTIFY channel (and table) name: {@code <prefix>events} in lower case. */
  public String channel() {
    return channel;
  }

  /** Whether the LISTEN connection is up (for health and tests). */
  public boolean listening() {
    return listener.listening();
  }

  // ---- publish

  /**
   * Publishes the event to the local bus (which may wait while a queue is full), then notifies the
   * other nodes.
   *
   * @throws IllegalStateException when the bus is closed, or when the local bus refuses the event
   *     (see its {@code publish}: a handler publishing onto a full queue, an interrupt)
   */
  @Override
  public void publish(Event event) {
    Objects.requireNonNull(event, "event");
    if (closed.get()) {
      throw new IllegalStateException(
          "the event bus is closed; " + event.type() + " was not published");
    }
    local.publish(event);
    notifyOthers(event);
  }

  private void notifyOthers(Event event) {
    String payload = EventJson.encode(origin, event);
    try (Connection c = dataSource.getConnection()) {
      if (payload.length() * 3 <= MAX_INLINE_BYTES
          || payload.getBytes(StandardCharsets.UTF_8).length <= MAX_INLINE_BYTES) {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
          ps.setString(1, channel);
          ps.setString(2, payload);
          ps.execute();
        }
      } else {
        try (PreparedStatement ps =
            c.prepareStatement(
                "WITH r AS (INSERT INTO "
                    + table
                    + " (payload) VALUES (?) RETURNING id)"
                    + " SELECT pg_notify(?, '"
                    + REF
                    + "' || r.id) FROM r")) {
          ps.setString(1, payload);
          ps.setString(2, channel);
          ps.execute();
        }
        purgeNowAndThen(c);
      }
    } catch (SQLException e) {
      long n = failedNotifies.incrementAndGet();
      if (n == 1 || Long.bitCount(n) == 1) {
        LOG.warn(
            "mediaflow: could not notify other nodes of {} on channel {} ({}); local subscribers"
                + " have it. {} failed so far",
            event.type(),
            channel,
            e.getMessage(),
            n);
      }
    }
  }

  private void purgeNowAndThen(Connection c) throws SQLException {
    long now = System.nanoTime();
    if (now - lastPurge < PURGE_EVERY_NANOS) {
      return;
    }
    lastPurge = now;
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM "
                + table
                + " WHERE created_at < now() - make_interval(secs => "
                + RETENTION.toSeconds()
                + ")")) {
      int n = ps.executeUpdate();
      if (n > 0) {
        LOG.debug("mediaflow: purged {} event payloads older than {}", n, RETENTION);
      }
    }
  }

  // ---- receive

  private void onNotify(String name, String payload) {
    // a pooled connection may still hold notifications of the channel its last user listened on
    if (closed.get() || payload == null || !channel.equals(name)) {
      return;
    }
    String text = payload;
    if (payload.startsWith(REF)) {
      text = readReference(payload.substring(REF.length()));
      if (text == null) {
        return;
      }
    }
    if (text.startsWith(originPrefix)) {
      return; // our own
    }
    Event event;
    try {
      event = EventJson.decode(text);
    } catch (RuntimeException e) {
      LOG.warn(
          "mediaflow: ignored a malformed event on channel {} ({}): {}",
          channel,
          e.getMessage(),
          text.length() > 200 ? text.substring(0, 200) + "…" : text);
      return;
    }
    try {
      local.publish(event);
    } catch (IllegalStateException e) {
      LOG.warn(
          "mediaflow: could not deliver {} from another node: {}", event.type(), e.getMessage());
    }
  }

  private String readReference(String id) {
    long key;
    try {
      key = Long.parseLong(id);
    } catch (NumberFormatException e) {
      LOG.warn("mediaflow: ignored a malformed event reference on channel {}: {}", channel, id);
      return null;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT payload FROM " + table + " WHERE id = ?")) {
      ps.setLong(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return rs.getString(1);
        }
      }
      LOG.warn("mediaflow: the event payload {} in {} is gone (purged?); skipped", key, table);
    } catch (SQLException e) {
      LOG.warn(
          "mediaflow: could not read the event payload {} from {} ({}); skipped",
          key,
          table,
          e.getMessage());
    }
    return null;
  }

  // ---- subscribe and close

  /**
   * Subscribes to an exact type or a pattern on the local bus; events from other nodes reach the
   * subscription too.
   *
   * @throws IllegalArgumentException for an invalid pattern
   * @throws IllegalStateException when the bus is closed
   */
  @Override
  public Subscription subscribe(String pattern, EventHandler handler) {
    if (closed.get()) {
      throw new IllegalStateException("the event bus is closed; cannot subscribe to " + pattern);
    }
    return local.subscribe(pattern, handler);
  }

  /**
   * Refuses new events, stops listening, then closes the local bus (which delivers what it has
   * queued, within its own close timeout). Calling it again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    listener.close();
    local.close();
  }

  private void createTable() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      try {
        s.execute(
            "CREATE TABLE IF NOT EXISTS "
                + table
                + " (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL,"
                + " created_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        s.execute(
            "CREATE INDEX IF NOT EXISTS " + table + "_created_at ON " + table + " (created_at)");
      } catch (SQLException e) {
        // two nodes creating it at once: one loses the race, which is fine if the table is there
        try (ResultSet rs = s.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
          if (!rs.next() || !rs.getBoolean(1)) {
            throw e;
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "mediaflow: the PostgreSQL event bus could not create its table "
              + table
              + " ("
              + e.getMessage()
              + "); is the database reachable and PostgreSQL?",
          e);
    }
  }

  @Override
  public String toString() {
    return "PostgresEventBus[" + channel + ", origin " + origin + "]";
  }

  /** Settings of a {@link PostgresEventBus}. */
  public static final class Builder {
    private final DataSource dataSource;
    private final EventBus local;
    private String channelPrefix = JdbcStorage.DEFAULT_TABLE_PREFIX;

    private Builder(DataSource dataSource, EventBus local) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      this.local = Objects.requireNonNull(local, "local");
      if (local instanceof PostgresEventBus) {
        throw new IllegalArgumentException(
            "the local bus of a PostgresEventBus must deliver within this JVM only, but was "
                + local
                + "; every event would be notified twice. Give it InProcessEventBus.ofDefaults()");
      }
    }

    /**
     * The prefix of the channel and table {@code <prefix>events}; default {@value
     * JdbcStorage#DEFAULT_TABLE_PREFIX}. Buses that should hear each other use the same one.
     */
    public Builder channelPrefix(String prefix) {
      Objects.requireNonNull(prefix, "channelPrefix");
      if (!PREFIX.matcher(prefix).matches()) {
        throw new IllegalArgumentException(
            "channelPrefix must be a letter then up to 29 letters, digits or underscores but was '"
                + prefix
                + "'");
      }
      this.channelPrefix = prefix.toLowerCase(Locale.ROOT);
      return this;
    }

    /**
     * Creates the table {@code <prefix>events} if absent and starts listening.
     *
     * @throws IllegalStateException when the database cannot be reached (the local bus is closed
     *     then, as the bus that owned it would have)
     */
    public PostgresEventBus build() {
      PostgresEventBus bus;
      try {
        bus = new PostgresEventBus(this);
      } catch (RuntimeException e) {
        local.close(); // it was handed over to a bus that now never comes to be
        throw e;
      }
      LOG.info(
          "mediaflow: PostgreSQL event bus {} ready: channel={}, local delivery by {}",
          bus.busId,
          bus.channel,
          local);
      return bus;
    }
  }
}
