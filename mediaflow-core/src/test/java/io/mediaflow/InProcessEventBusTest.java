package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.testkit.EventBusContract;
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
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

// resources opened for what they do while open (a subscription, a scope, a socket)
@SuppressWarnings("try")
class InProcessEventBusTest extends EventBusContract {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Override
  protected EventBus newBus() {
    return InProcessEventBus.ofDefaults();
  }

  @Override
  protected EventBus newBus(int queueCapacity) {
    return InProcessEventBus.builder().queueCapacity(queueCapacity).build();
  }

  private static Event ev(String type, int n) {
    return Event.of(type, T0, Map.of("n", n));
  }

  /** Polls {@code condition} until it holds, failing after {@link #TIMEOUT}. */
  private static void awaitCondition(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("%s within %s", what, TIMEOUT).isNegative();
      Thread.sleep(1);
    }
  }

  @Test
  void invalid_pattern_names_the_pattern_and_the_rule() {
    try (InProcessEventBus bus = InProcessEventBus.ofDefaults()) {
      assertThatThrownBy(() -> bus.subscribe("job.*x", e -> {}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "\"job.*x\" is not a valid event pattern: use dot-separated segments of letters,"
                  + " digits, '_' or '-', or * and **");
      assertThatThrownBy(() -> bus.subscribe("", e -> {}))
          .hasMessage("an event pattern must not be empty");
    }
  }

  @Test
  void builder_checks_each_option_and_refuses_a_second_setting() {
    assertThatThrownBy(() -> InProcessEventBus.builder().queueCapacity(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("queueCapacity must be between 1 and 268435456 but was 0");
    assertThatThrownBy(() -> InProcessEventBus.builder().queueCapacity(8).queueCapacity(16))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("queueCapacity was already set");
    assertThatThrownBy(() -> InProcessEventBus.builder().closeTimeout(Duration.ZERO))
        .hasMessage("closeTimeout must be positive but was PT0S");
  }

  @Test
  void close_waits_for_a_slow_subscriber_to_work_off_its_queue() throws Exception {
    InProcessEventBus bus = InProcessEventBus.ofDefaults();
    CountDownLatch closing = new CountDownLatch(1);
    List<Integer> got = Collections.synchronizedList(new ArrayList<>());
    bus.subscribe(
        "job.*",
        e -> {
          // held on the first event until close() has begun: the other 199 are still queued then
          closing.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
          got.add((Integer) e.data().get("n"));
        });
    for (int i = 0; i < 200; i++) {
      bus.publish(ev("job.progress", i));
    }

    Thread closer = new Thread(bus::close, "test-closer");
    closer.start();
    awaitCondition("close() has begun", () -> bus.subscriberCount() == 0);
    assertThat(got).as("nothing delivered before close() began").isEmpty();
    closing.countDown();
    closer.join(TIMEOUT.toMillis());

    assertThat(closer.isAlive()).as("close() returned").isFalse();
    assertThat(got).hasSize(200).isSorted();
  }

  @Test
  void close_gives_up_after_its_timeout_and_stops_the_threads() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    InProcessEventBus bus =
        InProcessEventBus.builder()
            .closeTimeout(Duration.ofMillis(200))
            .threadFactory(
                r -> {
                  Thread t = new Thread(r, "test-delivery");
                  t.setDaemon(true);
                  threads.add(t);
                  return t;
                })
            .build();
    AtomicInteger handled = new AtomicInteger();
    bus.subscribe(
        "job.*",
        e -> {
          handled.incrementAndGet();
          gate.await();
        });
    for (int i = 0; i < 10; i++) {
      bus.publish(ev("job.progress", i));
    }
    awaitCondition("the handler holds the first event", () -> handled.get() == 1);

    bus.close(); // returns although the handler never lets go (the class's @Timeout guards it)

    assertThat(threads).hasSize(1);
    assertThat(threads.get(0).isAlive()).as("close() gave up on a handler still running").isTrue();
    gate.countDown();
    threads.get(0).join(TIMEOUT.toMillis());
    assertThat(threads.get(0).isAlive()).isFalse();
    assertThat(handled).as("the 9 events still queued were dropped, not delivered").hasValue(1);
  }

  @Test
  void publish_and_subscribe_after_close_fail_clearly() {
    InProcessEventBus bus = InProcessEventBus.ofDefaults();
    bus.close();
    bus.close(); // twice is harmless
    assertThatThrownBy(() -> bus.publish(ev("job.completed", 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the event bus is closed; job.completed was not published");
    assertThatThrownBy(() -> bus.subscribe("job.*", e -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the event bus is closed; cannot subscribe to job.*");
  }

  @Test
  void a_handler_publishing_onto_its_own_full_queue_fails_at_once_instead_of_deadlocking()
      throws Exception {
    try (InProcessEventBus bus = InProcessEventBus.builder().queueCapacity(2).build()) {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch handled = new CountDownLatch(1);
      Semaphore echoes = new Semaphore(0);
      bus.subscribe(
          "job.*",
          e -> {
            if (e.type().equals("job.echo")) {
              echoes.release();
              return;
            }
            try {
              for (int i = 0; i < 10; i++) {
                bus.publish(ev("job.echo", i));
              }
            } catch (IllegalStateException expected) {
              failure.set(expected);
            } finally {
              handled.countDown();
            }
          });

      bus.publish(ev("job.start", 0));

      assertThat(handled.await(20, TimeUnit.SECONDS)).isTrue();
      assertThat(failure.get())
          .isNotNull()
          .hasMessageContaining("published job.echo onto its own full queue (2 events)")
          .hasMessageContaining("Publish from another thread");
      // What fitted before the queue was full is still delivered, and the bus goes on working.
      assertThat(echoes.tryAcquire(2, 20, TimeUnit.SECONDS)).isTrue();
      bus.publish(ev("job.echo", 99));
      assertThat(echoes.tryAcquire(1, 20, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void a_handler_publishing_onto_another_full_queue_gives_up_after_the_timeout() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    try (InProcessEventBus bus =
        InProcessEventBus.builder()
            .queueCapacity(2)
            .handlerPublishTimeout(Duration.ofMillis(100))
            .build()) {
      bus.subscribe("slow.*", e -> gate.await(20, TimeUnit.SECONDS));
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch handled = new CountDownLatch(1);
      bus.subscribe(
          "start",
          e -> {
            try {
              for (int i = 0; i < 10; i++) {
                bus.publish(ev("slow.event", i));
              }
            } catch (IllegalStateException expected) {
              failure.set(expected);
            } finally {
              handled.countDown();
            }
          });

      bus.publish(ev("start", 0));

      assertThat(handled.await(20, TimeUnit.SECONDS)).isTrue();
      assertThat(failure.get())
          .isNotNull()
          .hasMessageContaining("waited PT0.1S to publish slow.event to subscriber #1 slow.*");
      gate.countDown();
    } finally {
      gate.countDown();
    }
  }

  @Test
  void a_wildcard_subscribed_after_a_type_was_published_still_receives_it() throws Exception {
    List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    try (InProcessEventBus bus =
        InProcessEventBus.builder()
            .threadFactory(
                r -> {
                  Thread t = new Thread(r, "test-delivery-" + threads.size());
                  t.setDaemon(true);
                  threads.add(t);
                  return t;
                })
            .build()) {
      Semaphore first = new Semaphore(0);
      bus.subscribe("job.done", e -> first.release());
      bus.publish(ev("job.done", 1)); // caches the subscriber list for job.done
      assertThat(first.tryAcquire(1, 20, TimeUnit.SECONDS)).isTrue();

      Semaphore late = new Semaphore(0);
      var lateSubscription = bus.subscribe("*.done", e -> late.release());
      bus.publish(ev("job.done", 2));
      assertThat(late.tryAcquire(1, 20, TimeUnit.SECONDS)).isTrue();
      assertThat(bus.subscriberCount()).isEqualTo(2);

      lateSubscription.close();
      assertThat(bus.subscriberCount()).isEqualTo(1);
      // its delivery thread ends, so nothing can reach it any more
      threads.get(1).join(TimeUnit.SECONDS.toMillis(20));
      assertThat(threads.get(1).isAlive()).isFalse();
      bus.publish(ev("job.done", 3));
      assertThat(first.tryAcquire(1, 20, TimeUnit.SECONDS)).isTrue();
      assertThat(late.availablePermits()).isZero();
    }
  }

  @Test
  void a_publisher_blocked_on_a_full_queue_is_released_when_the_subscription_closes()
      throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    try (InProcessEventBus bus = InProcessEventBus.builder().queueCapacity(2).build()) {
      var subscription = bus.subscribe("job.*", e -> gate.await(20, TimeUnit.SECONDS));
      CountDownLatch done = new CountDownLatch(1);
      Thread publisher =
          new Thread(
              () -> {
                for (int i = 0; i < 100; i++) {
                  bus.publish(ev("job.progress", i));
                }
                done.countDown();
              });
      publisher.start();
      awaitParkedOrEnded(publisher);
      assertThat(done.getCount()).as("the publisher waits for room").isOne();
      subscription.close();
      assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
    } finally {
      gate.countDown();
    }
  }

  @Test
  void tells_whether_a_type_has_subscribers() {
    try (InProcessEventBus bus = InProcessEventBus.ofDefaults()) {
      assertThat(bus.hasSubscribers("job.completed")).isFalse();
      try (var s = bus.subscribe("job.*", e -> {})) {
        assertThat(bus.hasSubscribers("job.completed")).isTrue();
        assertThat(bus.hasSubscribers("job.step.failed")).isFalse();
      }
      assertThat(bus.hasSubscribers("job.completed")).isFalse();
    }
  }
}
