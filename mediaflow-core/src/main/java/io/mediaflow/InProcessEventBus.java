package io.mediaflow;

import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.api.event.EventHandler;
import io.mediaflow.api.event.EventPatterns;
import io.mediaflow.api.event.Subscription;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event bus of one JVM: asynchronous, in publish order per subscriber, bounded, with
 * back-pressure.
 *
 * {@snippet :
 * try (InProcessEventBus bus = InProcessEventBus.ofDefaults()) {
 *   Subscription s = bus.subscribe("job.*", e -> log.info("{} {}", e.type(), e.data()));
 *   bus.publish(Event.of("job.completed", clock.instant(), Map.of("jobId", id)));
 * }
 * }
 *
 * <p><b>Threads.</b> Every subscriber has its own bounded queue and its own delivery thread, which
 * hands it events one at a time in the order they were queued. A thread per subscriber is the
 * simplest way to keep order per subscriber and to keep a slow handler from delaying any other one,
 * and it lets the hot path be a lock-free hand-off with no executor in between. A parked thread
 * costs memory only; subscribers are few and long-lived (rules, webhooks, the engine), so this is
 * cheap. A host with thousands of subscribers should subscribe once and fan out itself.
 *
 * <p><b>Matching.</b> An exact subscription is found by a map look-up; the wildcard subscriptions
 * that match a type are worked out once per type and cached until the next subscribe or
 * unsubscribe, so {@link #publish} costs one look-up plus one hand-off per matching subscriber.
 *
 * <p><b>Back-pressure.</b> A subscriber's queue holds {@link Builder#queueCapacity} events (rounded
 * up to a power of two). When it is full, {@link #publish} waits until the subscriber has taken
 * some: an event is never dropped and no queue grows without limit. A handler that publishes (from
 * its delivery thread) does not wait forever: onto its own full queue it would wait for itself, so
 * {@code publish} fails at once with an {@link IllegalStateException}; onto another subscriber's
 * full queue it waits at most {@link Builder#handlerPublishTimeout} and then fails the same way
 * (two handlers publishing to each other could otherwise wait for each other). Subscribers earlier
 * in the list may already have the event when {@code publish} fails.
 *
 * <p><b>Failures.</b> A handler that throws is logged (event type and subscriber) and the
 * subscriber goes on with its next event; nobody else notices.
 *
 * <p>The parts: {@code EventSubscriber} (one queue and delivery thread) and {@code
 * SubscriberRegistry} (who gets which type); this class is the entry point and its settings.
 *
 * <p><b>Closing.</b> {@link Subscription#close()} stops delivery to that subscriber (what it had
 * queued is dropped). {@link #close()} refuses new events, lets every subscriber finish what it has
 * queued, waiting at most {@link Builder#closeTimeout} in all, then stops the threads.
 */
public final class InProcessEventBus implements EventBus {

  /** Events a subscriber's queue holds before {@link #publish} waits. */
  public static final int DEFAULT_QUEUE_CAPACITY = 8_192;

  /** How long {@link #close()} lets subscribers work off their queues. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  /** How long a handler that publishes waits for room in another subscriber's full queue. */
  public static final Duration DEFAULT_HANDLER_PUBLISH_TIMEOUT = Duration.ofSeconds(5);

  /** The largest queue a subscriber may have. */
  public static final int MAX_QUEUE_CAPACITY = 1 << 28;

  private static final Logger LOG = LoggerFactory.getLogger(InProcessEventBus.class);

  private static final AtomicInteger BUS_IDS = new AtomicInteger();

  // read by EventSubscriber
  final int queueCapacity;
  final ThreadFactory threadFactory;
  final Duration handlerPublishTimeout;
  final int busId = BUS_IDS.incrementAndGet();

  private final Duration closeTimeout;
  private final AtomicLong subscriberIds = new AtomicLong();
  private final Object registryLock = new Object();
  private volatile SubscriberRegistry registry = SubscriberRegistry.EMPTY;
  private volatile boolean closed;

  private InProcessEventBus(Builder b) {
    this.queueCapacity = b.queueCapacity;
    this.threadFactory = b.threadFactory;
    this.closeTimeout = b.closeTimeout;
    this.handlerPublishTimeout = b.handlerPublishTimeout;
  }

  /** A bus with the default settings. */
  public static InProcessEventBus ofDefaults() {
    return builder().build();
  }

  /** Settings for a new bus. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Queues the event for every matching subscriber, waiting while a queue is full.
   *
   * @throws IllegalStateException when the bus is closed, when a handler publishes onto its own
   *     full queue or waits too long for another one (see the class description), or when the
   *     thread is interrupted while waiting (its interrupt flag is set again)
   */
  @Override
  public void publish(Event event) {
    Objects.requireNonNull(event, "event");
    if (closed) {
      throw new IllegalStateException(
          "the event bus is closed; " + event.type() + " was not published");
    }
    for (EventSubscriber s : registry.targets(event.type())) {
      s.put(event);
    }
  }

  @Override
  public boolean hasSubscribers(String type) {
    return registry.targets(type).length > 0;
  }

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
    EventSubscriber s;
    synchronized (registryLock) {
      if (closed) {
        throw new IllegalStateException("the event bus is closed; cannot subscribe to " + pattern);
      }
      s = new EventSubscriber(this, subscriberIds.incrementAndGet(), pattern, handler);
      registry = registry.with(s);
    }
    s.start();
    return s;
  }

  /**
   * Refuses new events, lets subscribers deliver what they have queued (at most the close timeout
   * in all), then stops their threads. Events still queued after the timeout are dropped and
   * counted in a warning. Calling it again does nothing.
   */
  @Override
  public void close() {
    List<EventSubscriber> subscribers;
    synchronized (registryLock) {
      if (closed) {
        return;
      }
      closed = true;
      subscribers = registry.all();
      registry = SubscriberRegistry.EMPTY;
    }
    subscribers.forEach(EventSubscriber::finish);
    long deadline = System.nanoTime() + closeTimeout.toNanos();
    int left = 0;
    for (EventSubscriber s : subscribers) {
      if (!s.awaitStop(deadline)) {
        left += s.ring.size();
        s.cancel();
      }
    }
    if (left > 0) {
      LOG.atWarn()
          .addKeyValue("undelivered", left)
          .log(
              "event bus closed after {} with {} events still queued; they were dropped",
              closeTimeout,
              left);
    }
  }

  /** How many subscriptions are live. */
  public int subscriberCount() {
    return registry.all().size();
  }

  void remove(EventSubscriber s) {
    synchronized (registryLock) {
      registry = registry.without(s);
    }
  }

  /** Names the bus and its settings, as adapters that deliver through it log it. */
  @Override
  public String toString() {
    return "InProcessEventBus#"
        + busId
        + "[queueCapacity="
        + queueCapacity
        + ", closeTimeout="
        + closeTimeout
        + ", handlerPublishTimeout="
        + handlerPublishTimeout
        + "]";
  }

  /** Settings of an {@link InProcessEventBus}; each may be set once. */
  public static final class Builder {
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private ThreadFactory threadFactory;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    private Duration handlerPublishTimeout = DEFAULT_HANDLER_PUBLISH_TIMEOUT;
    private final Set<String> set = new HashSet<>();

    private Builder() {}

    /**
     * Events each subscriber's queue holds before publishers wait; rounded up to a power of two (at
     * least 2). Default {@value InProcessEventBus#DEFAULT_QUEUE_CAPACITY}.
     */
    public Builder queueCapacity(int capacity) {
      once("queueCapacity");
      if (capacity < 1 || capacity > MAX_QUEUE_CAPACITY) {
        throw new IllegalArgumentException(
            "queueCapacity must be between 1 and " + MAX_QUEUE_CAPACITY + " but was " + capacity);
      }
      this.queueCapacity = capacity;
      return this;
    }

    /** Where delivery threads come from; default: daemon threads named after the subscription. */
    public Builder threadFactory(ThreadFactory factory) {
      once("threadFactory");
      this.threadFactory = Objects.requireNonNull(factory, "threadFactory");
      return this;
    }

    /** How long {@link InProcessEventBus#close()} waits for queues to empty. */
    public Builder closeTimeout(Duration timeout) {
      once("closeTimeout");
      this.closeTimeout = positive("closeTimeout", timeout);
      return this;
    }

    /** How long a handler that publishes waits for room in another subscriber's full queue. */
    public Builder handlerPublishTimeout(Duration timeout) {
      once("handlerPublishTimeout");
      this.handlerPublishTimeout = positive("handlerPublishTimeout", timeout);
      return this;
    }

    public InProcessEventBus build() {
      InProcessEventBus bus = new InProcessEventBus(this);
      LOG.atInfo().log(
          "event bus {} built: queueCapacity={} (per subscriber), closeTimeout={},"
              + " handlerPublishTimeout={}, threadFactory={}",
          bus.busId,
          queueCapacity,
          closeTimeout,
          handlerPublishTimeout,
          threadFactory == null ? "default" : threadFactory);
      return bus;
    }

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set");
      }
    }

    private static Duration positive(String option, Duration d) {
      Objects.requireNonNull(d, option);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(option + " must be positive but was " + d);
      }
      return d;
    }
  }
}
