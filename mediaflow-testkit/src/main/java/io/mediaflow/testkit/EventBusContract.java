package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.api.event.EventHandler;
import io.mediaflow.api.event.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link EventBus} must do, as tests: subclass it with a factory for your bus.
 *
 * {@snippet :
 * class MyBusTest extends EventBusContract {
 *   @Override
 *   protected EventBus newBus() {
 *     return new MyBus();
 *   }
 *
 *   @Override
 *   protected EventBus newBus(int queueCapacity) {
 *     return new MyBus(queueCapacity);
 *   }
 * }
 * }
 *
 * <p>Waits use latches and semaphores with timeouts ({@link #TIMEOUT}); a test that proves that
 * something does <em>not</em> happen publishes a marker event after it and relies on per-subscriber
 * order: once the marker has arrived, anything published before it would have too. Every bus made
 * by a factory is closed after the test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class EventBusContract {

  /** The longest any test waits for an event. */
  protected static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final List<EventBus> buses = Collections.synchronizedList(new ArrayList<>());

  /** A new, empty bus with its default settings. */
  protected abstract EventBus newBus();

  /**
   * A new, empty bus whose subscriber queues hold about {@code queueCapacity} events (a bus may
   * round it up a little), for the back-pressure test.
   */
  protected abstract EventBus newBus(int queueCapacity);

  @AfterEach
  void closeBuses() {
    synchronized (buses) {
      buses.forEach(EventBus::close);
      buses.clear();
    }
  }

  private EventBus bus() {
    EventBus bus = newBus();
    buses.add(bus);
    return bus;
  }

  private EventBus bus(int queueCapacity) {
    EventBus bus = newBus(queueCapacity);
    buses.add(bus);
    return bus;
  }

  /** An event of {@code type} with {@code n} in its data. */
  protected static Event event(String type, int n) {
    return Event.of(type, T0.plusMillis(n), Map.of("n", n));
  }

  // ---- matching

  @Test
  void exact_subscription_receives_its_type_only() throws Exception {
    EventBus bus = bus();
    Recorder r = new Recorder();
    bus.subscribe("job.completed", r);

    bus.publish(event("job.failed", 1));
    bus.publish(event("job.completed.extra", 2));
    bus.publish(event("job.completed", 3));

    assertThat(r.types(1)).containsExactly("job.completed");
  }

  @Test
  void single_star_matches_exactly_one_segment() throws Exception {
    EventBus bus = bus();
    Recorder r = new Recorder();
    bus.subscribe("job.*", r);

    bus.publish(event("job.step.failed", 1));
    bus.publish(event("job", 2));
    bus.publish(event("media.failed", 3));
    bus.publish(event("job.failed", 4));

    assertThat(r.types(1)).containsExactly("job.failed");
  }

  @Test
  void leading_star_matches_any_first_segment() throws Exception {
    EventBus bus = bus();
    Recorder r = new Recorder();
    bus.subscribe("*.failed", r);

    bus.publish(event("job.failed", 1));
    bus.publish(event("job.step.failed", 2));
    bus.publish(event("job.completed", 3));
    bus.publish(event("download.failed", 4));

    assertThat(r.types(2)).containsExactly("job.failed", "download.failed");
  }

  @Test
  void double_star_matches_everything() throws Exception {
    EventBus bus = bus();
    Recorder r = new Recorder();
    bus.subscribe("**", r);

    bus.publish(event("job", 1));
    bus.publish(event("job.failed", 2));
    bus.publish(event("job.step.failed", 3));

    assertThat(r.types(3)).containsExactly("job", "job.failed", "job.step.failed");
  }

  @Test
  void double_star_inside_a_pattern_matches_any_number_of_segments() throws Exception {
    EventBus bus = bus();
    Recorder r = new Recorder();
    bus.subscribe("job.**.failed", r);

    bus.publish(event("job.completed", 1));
    bus.publish(event("job.failed", 2));
    bus.publish(event("job.step.encode.failed", 3));

    assertThat(r.types(2)).containsExactly("job.failed", "job.step.encode.failed");
  }

  @Test
  void rejects_an_invalid_pattern() {
    EventBus bus = bus();
    assertThatThrownBy(() -> bus.subscribe("job..failed", e -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("job..failed");
    assertThatThrownBy(() -> bus.subscribe("job.fail*", e -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void every_matching_subscriber_receives_the_event() throws Exception {
    EventBus bus = bus();
    Recorder exact = new Recorder();
    Recorder sameExact = new Recorder();
    Recorder wildcard = new Recorder();
    Recorder all = new Recorder();
    bus.subscribe("job.failed", exact);
    bus.subscribe("job.failed", sameExact);
    bus.subscribe("job.*", wildcard);
    bus.subscribe("**", all);

    bus.publish(event("job.failed", 1));

    for (Recorder r : List.of(exact, sameExact, wildcard, all)) {
      assertThat(r.types(1)).containsExactly("job.failed");
    }
  }

  @Test
  void a_subscriber_added_later_sees_later_events() throws Exception {
    EventBus bus = bus();
    Recorder first = new Recorder();
    bus.subscribe("job.*", first);
    bus.publish(event("job.a", 1));
    first.await(1);

    Recorder second = new Recorder();
    bus.subscribe("job.*", second);
    bus.publish(event("job.b", 2));

    assertThat(second.types(1)).containsExactly("job.b");
    assertThat(first.types(2)).containsExactly("job.a", "job.b");
  }

  // ---- order

  @Test
  void one_publisher_events_arrive_in_publish_order() throws Exception {
    EventBus bus = bus();
    int n = 10_000;
    Recorder exact = new Recorder();
    Recorder wildcard = new Recorder();
    bus.subscribe("job.progress", exact);
    bus.subscribe("job.*", wildcard);

    for (int i = 0; i < n; i++) {
      bus.publish(event("job.progress", i));
    }

    for (Recorder r : List.of(exact, wildcard)) {
      List<Event> got = r.await(n);
      assertThat(got).hasSize(n);
      for (int i = 0; i < n; i++) {
        assertThat(got.get(i).data().get("n")).isEqualTo(i);
      }
    }
  }

  @Test
  void four_publishers_events_arrive_in_order_per_publisher() throws Exception {
    EventBus bus = bus();
    int publishers = 4;
    int each = 2_500;
    Recorder r = new Recorder();
    bus.subscribe("job.progress", r);

    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int p = 0; p < publishers; p++) {
      int publisher = p;
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < each; i++) {
                    bus.publish(
                        Event.of("job.progress", T0, Map.of("publisher", publisher, "n", i)));
                  }
                } catch (Throwable e) {
                  failure.set(e);
                }
              },
              "contract-publisher-" + p);
      threads.add(t);
      t.start();
    }
    start.countDown();
    for (Thread t : threads) {
      t.join(TIMEOUT.toMillis());
    }
    assertThat(failure.get()).isNull();

    List<Event> got = r.await(publishers * each);
    int[] next = new int[publishers];
    for (Event e : got) {
      int publisher = (Integer) e.data().get("publisher");
      assertThat(e.data().get("n"))
          .as("next event of publisher %d", publisher)
          .isEqualTo(next[publisher]);
      next[publisher]++;
    }
    assertThat(next).containsOnly(each);
  }

  // ---- isolation

  @Test
  void a_throwing_handler_affects_nobody_and_keeps_receiving() throws Exception {
    EventBus bus = bus();
    int n = 100;
    Recorder thrower =
        new Recorder() {
          @Override
          public void handle(Event event) {
            super.handle(event);
            throw new IllegalStateException("handler failure expected by the test");
          }
        };
    Recorder healthy = new Recorder();
    bus.subscribe("job.*", thrower);
    bus.subscribe("job.*", healthy);

    for (int i = 0; i < n; i++) {
      bus.publish(event("job.progress", i));
    }

    assertThat(thrower.await(n)).hasSize(n);
    assertThat(healthy.await(n)).hasSize(n);
  }

  @Test
  void a_handler_throwing_a_checked_exception_keeps_receiving() throws Exception {
    EventBus bus = bus();
    Semaphore calls = new Semaphore(0);
    bus.subscribe(
        "job.*",
        e -> {
          calls.release();
          throw new Exception("checked failure expected by the test");
        });

    bus.publish(event("job.a", 1));
    bus.publish(event("job.b", 2));

    assertThat(calls.tryAcquire(2, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
  }

  @Test
  void publish_never_runs_a_handler_on_the_publishing_thread() throws Exception {
    EventBus bus = bus();
    List<Thread> handlerThreads = Collections.synchronizedList(new ArrayList<>());
    Semaphore done = new Semaphore(0);
    for (String pattern : List.of("job.completed", "job.*", "**")) {
      bus.subscribe(
          pattern,
          e -> {
            handlerThreads.add(Thread.currentThread());
            done.release();
          });
    }

    for (int i = 0; i < 50; i++) {
      bus.publish(event("job.completed", i));
    }

    assertThat(done.tryAcquire(150, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(handlerThreads).doesNotContain(Thread.currentThread());
  }

  @Test
  void a_slow_subscriber_does_not_hold_up_a_fast_one() throws Exception {
    EventBus bus = bus();
    CountDownLatch gate = new CountDownLatch(1);
    bus.subscribe("job.*", e -> gate.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    Recorder fast = new Recorder();
    bus.subscribe("job.*", fast);
    try {
      for (int i = 0; i < 10; i++) {
        bus.publish(event("job.progress", i));
      }
      assertThat(fast.await(10)).hasSize(10);
    } finally {
      gate.countDown();
    }
  }

  // ---- unsubscribe

  @Test
  void a_closed_subscription_receives_nothing_more() throws Exception {
    EventBus bus = bus();
    Recorder leaving = new Recorder();
    Recorder staying = new Recorder();
    Subscription subscription = bus.subscribe("job.*", leaving);
    bus.subscribe("job.*", staying);

    bus.publish(event("job.before", 1));
    assertThat(leaving.types(1)).containsExactly("job.before");
    subscription.close();
    subscription.close(); // twice is harmless
    for (int i = 0; i < 100; i++) {
      bus.publish(event("job.after", i));
    }

    assertThat(staying.await(101)).hasSize(101);
    assertThat(leaving.awaitMore(1, Duration.ofMillis(200))).isFalse();
    assertThat(leaving.events()).extracting(Event::type).containsExactly("job.before");
  }

  // ---- back-pressure

  @Test
  void a_full_queue_makes_publish_wait_and_drops_nothing() throws Exception {
    int capacity = 4;
    int total = 200;
    EventBus bus = bus(capacity);
    CountDownLatch gate = new CountDownLatch(1);
    List<Integer> received = Collections.synchronizedList(new ArrayList<>());
    Semaphore delivered = new Semaphore(0);
    bus.subscribe(
        "job.progress",
        e -> {
          gate.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
          received.add((Integer) e.data().get("n"));
          delivered.release();
        });

    AtomicInteger published = new AtomicInteger();
    CountDownLatch publisherDone = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread publisher =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < total; i++) {
                  bus.publish(event("job.progress", i));
                  published.incrementAndGet();
                }
              } catch (Throwable t) {
                failure.set(t);
              } finally {
                publisherDone.countDown();
              }
            },
            "contract-slow-publisher");
    publisher.start();

    // The handler is stuck on the gate, so the queue fills and the publisher must wait: it parks
    // (a bus without back-pressure would run through all events and end instead).
    awaitParkedOrEnded(publisher);
    assertThat(publisherDone.getCount())
        .as("publisher finished %d events while the only subscriber was blocked", total)
        .isOne();
    assertThat(published.get()).isLessThan(total);

    gate.countDown();
    assertThat(publisherDone.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(failure.get()).isNull();
    assertThat(delivered.tryAcquire(total, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      expected.add(i);
    }
    assertThat(received).containsExactlyElementsOf(expected);
  }

  // ---- close

  @Test
  void close_delivers_what_was_published_before_it() throws Exception {
    EventBus bus = newBus();
    Recorder r = new Recorder();
    bus.subscribe("job.*", r);
    for (int i = 0; i < 1_000; i++) {
      bus.publish(event("job.progress", i));
    }
    bus.close();
    assertThat(r.await(1_000)).hasSize(1_000);
  }

  /**
   * Waits until {@code thread} waits (parked, in {@code Object.wait}, or for a monitor) or has
   * ended, at most {@link #TIMEOUT}: a publisher held up by back-pressure shows as waiting, one
   * that was not held up runs to its end. Polls the thread's state; the state, not the time,
   * decides.
   */
  protected static void awaitParkedOrEnded(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      Thread.State state = thread.getState();
      if (state == Thread.State.WAITING
          || state == Thread.State.TIMED_WAITING
          || state == Thread.State.BLOCKED
          || state == Thread.State.TERMINATED) {
        return;
      }
      assertThat(System.nanoTime() - deadline)
          .as("%s still running after %s (state %s)", thread.getName(), TIMEOUT, state)
          .isNegative();
      Thread.sleep(1);
    }
  }

  /**
   * Records what it receives and lets a test wait for a number of events. Handlers run on the bus's
   * threads, so it is thread-safe.
   */
  protected static class Recorder implements EventHandler {
    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    private final Semaphore arrived = new Semaphore(0);
    private int awaited;

    @Override
    public void handle(Event event) {
      events.add(event);
      arrived.release();
    }

    /** Waits for {@code n} events in all (at most {@link #TIMEOUT}), then returns all so far. */
    public synchronized List<Event> await(int n) throws InterruptedException {
      int more = n - awaited;
      if (more > 0) {
        assertThat(arrived.tryAcquire(more, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
            .as("%d events within %s; got %d", n, TIMEOUT, events.size())
            .isTrue();
        awaited = n;
      }
      return events();
    }

    /** The types of the first {@code n} events, after waiting for them. */
    public List<String> types(int n) throws InterruptedException {
      return await(n).stream().map(Event::type).toList();
    }

    /** Whether {@code n} more events than awaited so far arrive within {@code wait}. */
    public synchronized boolean awaitMore(int n, Duration wait) throws InterruptedException {
      boolean got = arrived.tryAcquire(n, wait.toMillis(), TimeUnit.MILLISECONDS);
      if (got) {
        awaited += n;
      }
      return got;
    }

    /** A copy of what arrived so far. */
    public List<Event> events() {
      synchronized (events) {
        return List.copyOf(events);
      }
    }
  }
}
