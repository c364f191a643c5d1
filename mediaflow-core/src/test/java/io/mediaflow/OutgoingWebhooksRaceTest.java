package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.api.store.WebhookStore;
import io.mediaflow.testkit.ManualClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Publishers that reach a freshly started engine while its first read of the registrations is still
 * under way wait for that read: none matches its event against the empty list it starts with, so no
 * delivery is lost.
 */
class OutgoingWebhooksRaceTest {

  static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");
  static final int PUBLISHERS = 8;
  static final int EVENTS_EACH = 40;

  final ManualClock clock = ManualClock.at(T0);
  final List<Thread> publishers = new ArrayList<>();
  final CountDownLatch started = new CountDownLatch(PUBLISHERS);

  @RepeatedTest(3)
  void concurrent_publishers_into_a_fresh_engine_with_a_slow_store_lose_no_delivery()
      throws Exception {
    InMemoryStorage real = new InMemoryStorage();
    real.webhooks()
        .save(
            WebhookRegistration.builder("ops", "http://127.0.0.1:9/hooks/ops")
                .patterns("video.*")
                .secret(WebhookSecret.generate().text())
                .allowedAddresses("127.0.0.1")
                .build());
    SlowList hooks = new SlowList(real.webhooks());
    WebhookStore slow = hooks.store();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    try (MediaFlow flow =
        MediaFlow.builder()
            .storage(forwarding(Storage.class, real, "webhooks", () -> slow))
            .clock(clock)
            .runOnCallingThread()
            .nodeId("race")
            .build()) {
      for (int p = 0; p < PUBLISHERS; p++) {
        int publisher = p;
        publishers.add(
            new Thread(
                () -> {
                  started.countDown();
                  try {
                    for (int i = 0; i < EVENTS_EACH; i++) {
                      String n = publisher + "-" + i;
                      flow.events().publish(new Event("video.ready", T0, Map.of("n", n)));
                      flow.events().publish(new Event("audio.ready", T0, Map.of("n", n)));
                    }
                  } catch (Throwable t) {
                    failures.add(t);
                  }
                },
                "publisher-" + p));
      }
      publishers.forEach(Thread::start);
      for (Thread t : publishers) {
        t.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
      }
      assertThat(failures).isEmpty();
      assertThat(hooks.gateWaited)
          .as("the first read was held until every publisher came")
          .isTrue();

      List<Job> jobs =
          flow.storage()
              .jobs()
              .query(
                  JobQuery.all().withType("webhook.delivery").withPage(0, JobQuery.MAX_PAGE_SIZE))
              .items();
      assertThat(jobs)
          .as("one delivery job per published video.ready event, none for audio.ready")
          .hasSize(PUBLISHERS * EVENTS_EACH);
      Set<String> published =
          jobs.stream()
              .map(j -> j.payload().replaceAll(".*\"n\":\"([0-9-]+)\".*", "$1"))
              .collect(Collectors.toSet());
      assertThat(published).hasSize(PUBLISHERS * EVENTS_EACH);
      assertThat(jobs.stream().map(Job::idempotencyKey).distinct()).hasSize(jobs.size());
      assertThat(hooks.lists.get())
          .as("the waiting publishers took the list read for them rather than reading again")
          .isEqualTo(1);
    }
  }

  /**
   * The registrations of a real store, whose first {@link WebhookStore#list()} from a publisher is
   * held until every other publisher is blocked or done: as slow as it can be without a sleep.
   */
  final class SlowList {
    final WebhookStore real;
    final AtomicInteger lists = new AtomicInteger();
    final AtomicBoolean gate = new AtomicBoolean();
    volatile boolean gateWaited;

    SlowList(WebhookStore real) {
      this.real = real;
    }

    WebhookStore store() {
      return forwarding(
          WebhookStore.class,
          real,
          "list",
          () -> {
            lists.incrementAndGet();
            if (publishers.contains(Thread.currentThread()) && gate.compareAndSet(false, true)) {
              holdUntilOthersWait();
            }
            return real.list();
          });
    }

    private void holdUntilOthersWait() {
      try {
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        Set<Thread.State> stopped =
            EnumSet.of(Thread.State.BLOCKED, Thread.State.WAITING, Thread.State.TERMINATED);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
          boolean all = true;
          for (Thread t : publishers) {
            all &= t == Thread.currentThread() || stopped.contains(t.getState());
          }
          if (all) {
            gateWaited = true;
            return;
          }
          Thread.onSpinWait();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** {@code real} as a {@code type}, except that the method {@code name} answers {@code value}. */
  static <T> T forwarding(Class<T> type, T real, String name, Supplier<Object> value) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              if (method.getName().equals(name) && method.getParameterCount() == 0) {
                return value.get();
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            }));
  }
}
