package io.mediaflow;

import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.api.event.EventHandler;
import io.mediaflow.api.event.EventPatterns;
import io.mediaflow.api.event.Subscription;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
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

  /** Distinct event types whose subscriber lists are cached; past it the cache starts over. */
  private static final int MAX_CACHED_TYPES = 4_096;

  private static final AtomicInteger BUS_IDS = new AtomicInteger();

  /** Which subscriber the current thread delivers to; set on delivery threads only. */
  private static final ThreadLocal<Subscriber> DELIVERING = new ThreadLocal<>();

  private final int queueCapacity;
  private final ThreadFactory threadFactory;
  private final Duration closeTimeout;
  private final Duration handlerPublishTimeout;
  private final int busId = BUS_IDS.incrementAndGet();
  private final AtomicLong subscriberIds = new AtomicLong();
  private final Object registryLock = new Object();
  private volatile Registry registry = Registry.EMPTY;
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
    for (Subscriber s : registry.targets(event.type())) {
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
    Subscriber s;
    synchronized (registryLock) {
      if (closed) {
        throw new IllegalStateException("the event bus is closed; cannot subscribe to " + pattern);
      }
      s = new Subscriber(subscriberIds.incrementAndGet(), pattern, handler);
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
    List<Subscriber> subscribers;
    synchronized (registryLock) {
      if (closed) {
        return;
      }
      closed = true;
      subscribers = registry.all();
      registry = Registry.EMPTY;
    }
    subscribers.forEach(Subscriber::finish);
    long deadline = System.nanoTime() + closeTimeout.toNanos();
    int left = 0;
    for (Subscriber s : subscribers) {
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

  private void remove(Subscriber s) {
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

  /** Who gets which type: immutable; replaced as a whole on subscribe and unsubscribe. */
  private static final class Registry {
    static final Registry EMPTY = new Registry(Map.of(), new Subscriber[0]);
    private static final Subscriber[] NONE = new Subscriber[0];

    private final Map<String, Subscriber[]> exact;
    private final Subscriber[] wildcards;
    private final ConcurrentHashMap<String, Subscriber[]> byType = new ConcurrentHashMap<>();

    private Registry(Map<String, Subscriber[]> exact, Subscriber[] wildcards) {
      this.exact = exact;
      this.wildcards = wildcards;
    }

    Subscriber[] targets(String type) {
      Subscriber[] t = byType.get(type);
      if (t == null) {
        t = match(type);
        if (byType.size() >= MAX_CACHED_TYPES) {
          byType.clear();
        }
        byType.put(type, t);
      }
      return t;
    }

    private Subscriber[] match(String type) {
      Subscriber[] direct = exact.getOrDefault(type, NONE);
      if (wildcards.length == 0) {
        return direct;
      }
      List<Subscriber> all = new ArrayList<>(Arrays.asList(direct));
      for (Subscriber w : wildcards) {
        if (EventPatterns.matches(w.pattern, type)) {
          all.add(w);
        }
      }
      all.sort(Comparator.comparingLong(s -> s.id));
      return all.toArray(NONE);
    }

    Registry with(Subscriber s) {
      if (EventPatterns.isWildcard(s.pattern)) {
        Subscriber[] w = Arrays.copyOf(wildcards, wildcards.length + 1);
        w[wildcards.length] = s;
        return new Registry(exact, w);
      }
      Map<String, Subscriber[]> e = new HashMap<>(exact);
      Subscriber[] old = e.getOrDefault(s.pattern, NONE);
      Subscriber[] now = Arrays.copyOf(old, old.length + 1);
      now[old.length] = s;
      e.put(s.pattern, now);
      return new Registry(Map.copyOf(e), wildcards);
    }

    Registry without(Subscriber s) {
      if (EventPatterns.isWildcard(s.pattern)) {
        return new Registry(
            exact, Arrays.stream(wildcards).filter(w -> w != s).toArray(Subscriber[]::new));
      }
      Map<String, Subscriber[]> e = new HashMap<>(exact);
      Subscriber[] left =
          Arrays.stream(e.getOrDefault(s.pattern, NONE))
              .filter(x -> x != s)
              .toArray(Subscriber[]::new);
      if (left.length == 0) {
        e.remove(s.pattern);
      } else {
        e.put(s.pattern, left);
      }
      return new Registry(Map.copyOf(e), wildcards);
    }

    List<Subscriber> all() {
      List<Subscriber> all = new ArrayList<>();
      exact.values().forEach(a -> all.addAll(Arrays.asList(a)));
      all.addAll(Arrays.asList(wildcards));
      all.sort(Comparator.comparingLong(s -> s.id));
      return all;
    }
  }

  /** One subscription: its queue, its delivery thread and the publishers waiting for room. */
  private final class Subscriber implements Subscription, Runnable {
    private static final int RUNNING = 0;
    private static final int FINISHING = 1;
    private static final int CANCELLED = 2;

    /** Busy-wait rounds before a delivery thread with nothing to do yields, then parks. */
    private static final int SPINS = 64;

    /**
     * No yielding: on a small machine a yielding idle thread steals the core the publisher needs; a
     * park costs the publisher one unpark per burst instead.
     */
    private static final int YIELDS = 0;

    /** Tries a publisher makes on a full queue before it blocks. */
    private static final int PUBLISH_SPINS = 128;

    /** Longest a blocked publisher or idle thread sleeps before it looks again (a safety net). */
    private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    final long id;
    final String pattern;
    final String name;
    private final EventHandler handler;
    final EventRing<Event> ring;
    private final Thread thread;
    private volatile int state = RUNNING;
    private volatile boolean parked;

    private final AtomicInteger waitingPublishers = new AtomicInteger();
    private final ReentrantLock roomLock = new ReentrantLock();
    private final Condition room = roomLock.newCondition();

    Subscriber(long id, String pattern, EventHandler handler) {
      this.id = id;
      this.pattern = pattern;
      this.handler = handler;
      this.name = "#" + id + " " + pattern;
      this.ring = new EventRing<>(queueCapacity);
      if (threadFactory == null) {
        thread = new Thread(this, "mediaflow-events-" + busId + "-" + id + " " + pattern);
        thread.setDaemon(true);
      } else {
        thread = threadFactory.newThread(this);
        if (thread == null) {
          throw new IllegalStateException(
              "the event bus thread factory returned no thread for subscriber " + name);
        }
      }
    }

    void start() {
      thread.start();
    }

    // ---- publisher side

    void put(Event e) {
      if (state != RUNNING) {
        return;
      }
      if (ring.offer(e)) {
        if (parked) {
          LockSupport.unpark(thread);
        }
        return;
      }
      putSlow(e);
    }

    private void putSlow(Event e) {
      for (int i = 0; i < PUBLISH_SPINS; i++) {
        Thread.onSpinWait();
        if (ring.offer(e)) {
          wake();
          return;
        }
      }
      Subscriber delivering = DELIVERING.get();
      if (delivering == this) {
        throw new IllegalStateException(
            "the handler of subscriber "
                + name
                + " published "
                + e.type()
                + " onto its own full queue ("
                + ring.capacity()
                + " events); waiting would wait for itself forever. Publish from another thread,"
                + " or give the bus a larger queueCapacity");
      }
      long deadline =
          delivering == null ? Long.MAX_VALUE : System.nanoTime() + handlerPublishTimeout.toNanos();
      roomLock.lock();
      waitingPublishers.incrementAndGet();
      try {
        while (!ring.offer(e)) {
          if (state == CANCELLED) {
            return;
          }
          long left = deadline == Long.MAX_VALUE ? MAX_WAIT_NANOS : deadline - System.nanoTime();
          if (left <= 0) {
            throw new IllegalStateException(
                "the handler of subscriber "
                    + delivering.name
                    + " waited "
                    + handlerPublishTimeout
                    + " to publish "
                    + e.type()
                    + " to subscriber "
                    + name
                    + ", whose queue stayed full; giving up so that handlers publishing to each"
                    + " other cannot wait forever");
          }
          wake();
          room.awaitNanos(Math.min(left, MAX_WAIT_NANOS));
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
      } finally {
        waitingPublishers.decrementAndGet();
        roomLock.unlock();
      }
      wake();
    }

    private void wake() {
      if (parked) {
        LockSupport.unpark(thread);
      }
    }

    private void signalRoom() {
      roomLock.lock();
      try {
        room.signalAll();
      } finally {
        roomLock.unlock();
      }
    }

    // ---- delivery side

    @Override
    public void run() {
      DELIVERING.set(this);
      try {
        deliverUntilStopped();
      } finally {
        // Also after an Error escaped: publishers must never wait on a queue nobody drains.
        state = CANCELLED;
        DELIVERING.remove();
        if (waitingPublishers.get() > 0) {
          signalRoom();
        }
      }
    }

    private void deliverUntilStopped() {
      int idle = 0;
      while (true) {
        Event e = ring.poll();
        if (e != null) {
          if (state == CANCELLED) {
            return;
          }
          idle = 0;
          if (waitingPublishers.get() > 0) {
            signalRoom();
          }
          deliver(e);
          continue;
        }
        // Nothing queued. A publisher may have found the queue full just before we freed the last
        // slot; the fence orders our frees before the read of the waiting count.
        VarHandle.fullFence();
        if (waitingPublishers.get() > 0) {
          signalRoom();
        }
        int s = state;
        if (s == CANCELLED || (s == FINISHING && ring.size() == 0)) {
          return;
        }
        if (idle < SPINS) {
          idle++;
          Thread.onSpinWait();
        } else if (idle < SPINS + YIELDS) {
          idle++;
          Thread.yield();
        } else {
          parked = true;
          if (!ring.peekReady() && state == RUNNING) {
            LockSupport.parkNanos(this, MAX_WAIT_NANOS * 100);
          }
          parked = false;
        }
      }
    }

    private void deliver(Event e) {
      try {
        handler.handle(e);
      } catch (Throwable t) {
        LOG.atError()
            .setCause(t)
            .addKeyValue("eventType", e.type())
            .addKeyValue("subscriber", name)
            .log(
                "event handler of subscriber {} failed on {}; it goes on with the next event",
                name,
                e.type());
        if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
          throw vme;
        }
      }
    }

    // ---- life cycle

    /** Deliver what is queued, then stop. */
    void finish() {
      state = Math.max(state, FINISHING);
      LockSupport.unpark(thread);
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

    void cancel() {
      state = CANCELLED;
      LockSupport.unpark(thread);
      signalRoom();
    }

    @Override
    public void close() {
      if (state == CANCELLED) {
        return;
      }
      remove(this);
      cancel();
    }

    @Override
    public String toString() {
      return "subscription " + name;
    }
  }
}
