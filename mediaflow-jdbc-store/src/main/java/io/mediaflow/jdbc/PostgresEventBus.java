package io.mediaflow.jdbc;

import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.api.event.EventHandler;
import io.mediaflow.api.event.EventPatterns;
import io.mediaflow.api.event.Subscription;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * try (PostgresEventBus bus = PostgresEventBus.create(dataSource, "media_")) {
 *   bus.subscribe("job.*", e -> log.info("{} {}", e.type(), e.data()));
 *   bus.publish(Event.of("job.completed", clock.instant(), Map.of("jobId", id)));
 * }
 * }
 *
 * <p><b>Locally</b> it behaves like the core's in-process bus: each subscriber has a bounded queue
 * ({@link Builder#queueCapacity}) and its own delivery thread, so it sees events in publish order;
 * a full queue makes {@link #publish} wait (back-pressure); a handler that throws is logged and
 * nobody else notices.
 *
 * <p><b>Across nodes</b> {@link #publish} then runs {@code SELECT pg_notify('<prefix>events',
 * payload)} (the channel in lower case) with the compact JSON {@code {"origin":…, "type":…,
 * "time":<epoch micros>, "data":{…}}}. A payload over {@value #MAX_INLINE_BYTES} bytes (NOTIFY
 * takes under 8,000) goes by reference: it is inserted into the table {@code <prefix>events} and
 * {@code ref:<id>} is notified, in one statement; receivers read the row. Rows older than an hour
 * are deleted now and then by the publishing buses. Each bus {@code LISTEN}s on one extra
 * connection (reconnecting with backoff, see {@link PgListener}), skips what it published itself
 * (its origin) and hands the rest to its local subscribers. The data of a remote event comes back
 * as JSON gives it: whole numbers as {@link Integer} when they fit, else {@link Long}; decimals as
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

  /** Events each subscriber's queue holds before {@link #publish} waits. */
  public static final int DEFAULT_QUEUE_CAPACITY = 8_192;

  /** How long {@link #close()} lets subscribers work off their queues. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  /** The largest NOTIFY payload sent inline, in UTF-8 bytes; larger ones go by reference. */
  public static final int MAX_INLINE_BYTES = 7_900;

  /** How long rows of payloads sent by reference are kept. */
  public static final Duration RETENTION = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(PostgresEventBus.class);
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,29}");
  private static final String REF = "ref:";
  private static final long PURGE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(5);
  private static final long WAIT_SLICE_MILLIS = 10;
  private static final long HANDLER_PUBLISH_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final AtomicInteger BUS_IDS = new AtomicInteger();
  private static final ThreadLocal<Subscriber> DELIVERING = new ThreadLocal<>();

  private final DataSource dataSource;
  private final String channel;
  private final String table;
  private final int queueCapacity;
  private final Duration closeTimeout;
  private final String origin;
  private final String originPrefix;
  private final int busId = BUS_IDS.incrementAndGet();
  private final AtomicLong subscriberIds = new AtomicLong();
  private final Object lock = new Object();
  private final PgListener listener;
  private volatile Subscriber[] subscribers = new Subscriber[0];
  private volatile boolean closed;
  private volatile long lastPurge = System.nanoTime() - PURGE_EVERY_NANOS;
  private final AtomicLong failedNotifies = new AtomicLong();

  private PostgresEventBus(Builder b) {
    this.dataSource = b.dataSource;
    this.channel = PgListener.channel(b.channelPrefix + "events");
    this.table = b.channelPrefix + "events";
    this.queueCapacity = b.queueCapacity;
    this.closeTimeout = b.closeTimeout;
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
   * A bus on {@code dataSource} with default settings, notifying on {@code <channelPrefix>events}.
   *
   * @throws IllegalArgumentException for an invalid prefix (a letter, then up to 29 letters, digits
   *     or underscores)
   * @throws IllegalStateException when the database cannot be reached to create the table
   */
  public static PostgresEventBus create(DataSource dataSource, String channelPrefix) {
    return builder(dataSource).channelPrefix(channelPrefix).build();
  }

  /** Settings for a bus on {@code dataSource}. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
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
   * Queues the event for every matching local subscriber (waiting while a queue is full), then
   * notifies the other nodes.
   *
   * @throws IllegalStateException when the bus is closed, when a handler publishes onto its own
   *     full queue or waits more than 5 s for another one, or when interrupted while waiting
   */
  @Override
  public void publish(Event event) {
    Objects.requireNonNull(event, "event");
    if (closed) {
      throw new IllegalStateException(
          "the event bus is closed; " + event.type() + " was not published");
    }
    dispatch(event);
    notifyOthers(event);
  }

  private void dispatch(Event event) {
    for (Subscriber s : subscribers) {
      if (EventPatterns.matches(s.pattern, event.type())) {
        s.put(event);
      }
    }
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
    if (closed || payload == null || !channel.equals(name)) {
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
      dispatch(event);
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
   * Subscribes to an exact type or a pattern; the handler runs on the subscriber's own thread.
   *
   * @throws IllegalArgumentException for an invalid pattern
   * @throws IllegalStateException when the bus is closed
   */
  @Override
  public Subscription subscribe(String pattern, EventHandler handler) {
    EventPatterns.checkPattern(pattern);
    Objects.requireNonNull(handler, "handler");
    Subscriber s;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the event bus is closed; cannot subscribe to " + pattern);
      }
      s = new Subscriber(subscriberIds.incrementAndGet(), pattern, handler);
      Subscriber[] now = Arrays.copyOf(subscribers, subscribers.length + 1);
      now[now.length - 1] = s;
      subscribers = now;
    }
    s.thread.start();
    return s;
  }

  /**
   * Refuses new events, stops listening, lets subscribers deliver what they have queued (at most
   * the close timeout in all), then stops their threads. Calling it again does nothing.
   */
  @Override
  public void close() {
    Subscriber[] all;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      all = subscribers;
      subscribers = new Subscriber[0];
    }
    listener.close();
    for (Subscriber s : all) {
      if (s.state == Subscriber.RUNNING) {
        s.state = Subscriber.FINISHING;
      }
    }
    long deadline = System.nanoTime() + closeTimeout.toNanos();
    int left = 0;
    for (Subscriber s : all) {
      if (!s.awaitStop(deadline)) {
        left += s.queue.size();
        s.state = Subscriber.CANCELLED;
      }
    }
    if (left > 0) {
      LOG.warn(
          "mediaflow: event bus closed after {} with {} events still queued; they were dropped",
          closeTimeout,
          left);
    }
  }

  private void remove(Subscriber s) {
    synchronized (lock) {
      subscribers = Arrays.stream(subscribers).filter(x -> x != s).toArray(Subscriber[]::new);
    }
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
    private String channelPrefix = JdbcStorage.DEFAULT_TABLE_PREFIX;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
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

    /** Events each subscriber's queue holds before publishers wait; default 8,192. */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("queueCapacity must be at least 1 but was " + capacity);
      }
      this.queueCapacity = capacity;
      return this;
    }

    /** How long {@link PostgresEventBus#close()} waits for queues to empty; default 10 s. */
    public Builder closeTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "closeTimeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("closeTimeout must be positive but was " + timeout);
      }
      this.closeTimeout = timeout;
      return this;
    }

    /**
     * Creates the table {@code <prefix>events} if absent and starts listening.
     *
     * @throws IllegalStateException when the database cannot be reached
     */
    public PostgresEventBus build() {
      PostgresEventBus bus = new PostgresEventBus(this);
      LOG.info(
          "mediaflow: PostgreSQL event bus {} ready: channel={}, queueCapacity={} (per"
              + " subscriber), closeTimeout={}",
          bus.busId,
          bus.channel,
          queueCapacity,
          closeTimeout);
      return bus;
    }
  }

  /** One subscription: its bounded queue and its delivery thread. */
  private final class Subscriber implements Subscription, Runnable {
    static final int RUNNING = 0;
    static final int FINISHING = 1;
    static final int CANCELLED = 2;

    final String pattern;
    final String name;
    final EventHandler handler;
    final ArrayBlockingQueue<Event> queue = new ArrayBlockingQueue<>(queueCapacity);
    final Thread thread;
    volatile int state = RUNNING;

    Subscriber(long id, String pattern, EventHandler handler) {
      this.pattern = pattern;
      this.handler = handler;
      this.name = "#" + id + " " + pattern;
      this.thread = new Thread(this, "mediaflow-pg-events-" + busId + "-" + id + " " + pattern);
      thread.setDaemon(true);
    }

    void put(Event e) {
      if (state != RUNNING || queue.offer(e)) {
        return;
      }
      Subscriber delivering = DELIVERING.get();
      if (delivering == this) {
        throw new IllegalStateException(
            "the handler of subscriber "
                + name
                + " published "
                + e.type()
                + " onto its own full queue ("
                + queueCapacity
                + " events); waiting would wait for itself forever");
      }
      long deadline =
          delivering == null ? Long.MAX_VALUE : System.nanoTime() + HANDLER_PUBLISH_TIMEOUT_NANOS;
      try {
        while (!queue.offer(e, WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
          if (state == CANCELLED) {
            return;
          }
          if (System.nanoTime() - deadline > 0 && deadline != Long.MAX_VALUE) {
            throw new IllegalStateException(
                "the handler of subscriber "
                    + delivering.name
                    + " waited 5 s to publish "
                    + e.type()
                    + " to subscriber "
                    + name
                    + ", whose queue stayed full; giving up");
          }
        }
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while waiting for room in the queue of subscriber "
                + name
                + "; "
                + e.type()
                + " was not delivered to it",
            ie);
      }
    }

    @Override
    public void run() {
      DELIVERING.set(this);
      try {
        while (true) {
          int s = state;
          if (s == CANCELLED) {
            return;
          }
          Event e;
          try {
            e = queue.poll(100, TimeUnit.MILLISECONDS);
          } catch (InterruptedException ie) {
            return;
          }
          if (e == null) {
            if (s == FINISHING) {
              return;
            }
            continue;
          }
          if (state == CANCELLED) {
            return;
          }
          deliver(e);
        }
      } finally {
        state = CANCELLED;
        queue.clear();
      }
    }

    private void deliver(Event e) {
      try {
        handler.handle(e);
      } catch (Throwable t) {
        LOG.error(
            "mediaflow: event handler of subscriber {} failed on {}; it goes on with the next"
                + " event",
            name,
            e.type(),
            t);
        if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
          throw vme;
        }
      }
    }

    boolean awaitStop(long deadlineNanos) {
      long left = deadlineNanos - System.nanoTime();
      try {
        if (left > 0 && thread != Thread.currentThread()) {
          thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      return !thread.isAlive();
    }

    @Override
    public void close() {
      if (state == CANCELLED) {
        return;
      }
      remove(this);
      state = CANCELLED;
    }

    @Override
    public String toString() {
      return "subscription " + name;
    }
  }
}
