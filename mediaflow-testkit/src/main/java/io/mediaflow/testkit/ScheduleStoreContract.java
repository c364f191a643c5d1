package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.store.ScheduleStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The {@link io.mediaflow.api.store.ScheduleStore} contract: next fire times, advanced by
 * compare-and-set so that exactly one of several racing callers wins a slot, one at a time or in
 * batches (read and advanced many at once, racing threads each winning a slot once, whatever the
 * order of their batches); and removed.
 *
 * <p>Subclass it (or {@link StorageContract}, which runs every suite) and return a fresh, empty
 * store from {@link #newStorage()}.
 */
public abstract class ScheduleStoreContract extends StorageContractSupport {

  // ---- schedule state ----

  @Test
  void a_schedule_has_no_fire_time_until_one_is_recorded() {
    assertThat(storage.schedules().nextFireTime("nightly")).isEmpty();

    assertThat(storage.schedules().advanceFireTime("nightly", Optional.empty(), at(60))).isTrue();

    assertThat(storage.schedules().nextFireTime("nightly")).contains(at(60));
  }

  @Test
  void advancing_a_fire_time_is_a_compare_and_set() {
    storage.schedules().advanceFireTime("nightly", Optional.empty(), at(60));

    assertThat(storage.schedules().advanceFireTime("nightly", Optional.empty(), at(120))).isFalse();
    assertThat(storage.schedules().advanceFireTime("nightly", Optional.of(at(30)), at(120)))
        .isFalse();
    assertThat(storage.schedules().nextFireTime("nightly")).contains(at(60));
    assertThat(storage.schedules().advanceFireTime("nightly", Optional.of(at(60)), at(120)))
        .isTrue();
    assertThat(storage.schedules().nextFireTime("nightly")).contains(at(120));
    assertThat(storage.schedules().nextFireTime("hourly")).isEmpty();
  }

  @RepeatedTest(3)
  void exactly_one_of_sixteen_racing_threads_advances_a_slot() throws Exception {
    storage.schedules().advanceFireTime("slot", Optional.empty(), at(60));
    int threads = 16;
    AtomicInteger firstRound = new AtomicInteger();
    AtomicInteger secondRound = new AtomicInteger();
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> racers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread racer =
          new Thread(
              () -> {
                try {
                  start.await();
                  if (storage.schedules().advanceFireTime("slot", Optional.of(at(60)), at(120))) {
                    firstRound.incrementAndGet();
                  }
                  if (storage.schedules().advanceFireTime("fresh", Optional.empty(), at(60))) {
                    secondRound.incrementAndGet();
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      racer.start();
      racers.add(racer);
    }
    start.countDown();
    for (Thread racer : racers) {
      racer.join(TimeUnit.SECONDS.toMillis(60));
    }

    assertThat(errors).isEmpty();
    assertThat(firstRound).hasValue(1);
    assertThat(secondRound).hasValue(1);
    assertThat(storage.schedules().nextFireTime("slot")).contains(at(120));
  }

  // ---- batches ----

  @Test
  void next_fire_times_are_read_for_many_schedules_at_once() {
    storage.schedules().advanceFireTime("a", Optional.empty(), at(60));
    storage.schedules().advanceFireTime("b", Optional.empty(), T0.plusNanos(123_456_000));

    Map<String, Instant> times = storage.schedules().nextFireTimes(List.of("b", "missing", "a"));

    assertThat(times)
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", at(60), "b", T0.plusNanos(123_456_000)));
    assertThat(storage.schedules().nextFireTimes(List.of())).isEmpty();
    assertThat(storage.schedules().nextFireTimes(List.of("missing"))).isEmpty();
  }

  @Test
  void next_fire_times_are_read_for_a_thousand_schedules() {
    List<ScheduleStore.Advance> first = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ids.add("s" + i);
      first.add(new ScheduleStore.Advance("s" + i, Optional.empty(), at(i)));
    }
    assertThat(storage.schedules().advanceAll(first)).hasSize(1000);

    Map<String, Instant> times = storage.schedules().nextFireTimes(ids);

    assertThat(times).hasSize(1000);
    for (int i = 0; i < 1000; i++) {
      assertThat(times.get("s" + i)).isEqualTo(at(i));
    }
  }

  @Test
  void advance_all_is_a_compare_and_set_per_schedule() {
    storage.schedules().advanceFireTime("a", Optional.empty(), at(60));
    storage.schedules().advanceFireTime("b", Optional.empty(), at(60));

    Set<String> won =
        storage
            .schedules()
            .advanceAll(
                List.of(
                    new ScheduleStore.Advance("a", Optional.of(at(60)), at(120)),
                    new ScheduleStore.Advance("b", Optional.of(at(30)), at(120)),
                    new ScheduleStore.Advance("c", Optional.empty(), at(90)),
                    new ScheduleStore.Advance("d", Optional.of(at(60)), at(90)),
                    new ScheduleStore.Advance("b", Optional.empty(), at(90))));

    assertThat(won).containsExactlyInAnyOrder("a", "c");
    assertThat(storage.schedules().nextFireTimes(List.of("a", "b", "c", "d")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", at(120), "b", at(60), "c", at(90)));
    assertThat(storage.schedules().advanceAll(List.of())).isEmpty();
  }

  @RepeatedTest(3)
  void of_sixteen_threads_advancing_the_same_batch_each_slot_is_won_once() throws Exception {
    int schedules = 50;
    List<ScheduleStore.Advance> forward = new ArrayList<>();
    for (int i = 0; i < schedules; i++) {
      String id = "slot-" + i;
      storage.schedules().advanceFireTime(id, Optional.empty(), at(60));
      forward.add(new ScheduleStore.Advance(id, Optional.of(at(60)), at(120)));
    }
    forward.add(new ScheduleStore.Advance("new", Optional.empty(), at(60)));
    List<ScheduleStore.Advance> backward = new ArrayList<>(forward);
    Collections.reverse(backward);
    Map<String, AtomicInteger> wins = new ConcurrentHashMap<>();
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> racers = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      // half of them in the other order: a store that locks as it goes must not deadlock
      List<ScheduleStore.Advance> mine = t % 2 == 0 ? forward : backward;
      Thread racer =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (String id : storage.schedules().advanceAll(mine)) {
                    wins.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      racer.start();
      racers.add(racer);
    }
    start.countDown();
    for (Thread racer : racers) {
      racer.join(TimeUnit.SECONDS.toMillis(60));
    }

    assertThat(errors).isEmpty();
    assertThat(wins).hasSize(schedules + 1);
    wins.forEach((id, n) -> assertThat(n.get()).as("slot of %s won", id).isEqualTo(1));
    assertThat(storage.schedules().nextFireTime("slot-7")).contains(at(120));
    assertThat(storage.schedules().nextFireTime("new")).contains(at(60));
  }

  // ---- removal ----

  @Test
  void a_removed_schedule_has_no_fire_time_and_can_start_again() {
    storage.schedules().advanceFireTime("nightly", Optional.empty(), at(60));
    storage.schedules().advanceFireTime("hourly", Optional.empty(), at(60));

    assertThat(storage.schedules().remove("nightly")).isTrue();
    assertThat(storage.schedules().remove("nightly")).isFalse();
    assertThat(storage.schedules().remove("never")).isFalse();

    assertThat(storage.schedules().nextFireTime("nightly")).isEmpty();
    assertThat(storage.schedules().nextFireTime("hourly")).contains(at(60));
    assertThat(storage.schedules().advanceFireTime("nightly", Optional.of(at(60)), at(120)))
        .isFalse();
    assertThat(storage.schedules().advanceFireTime("nightly", Optional.empty(), at(180))).isTrue();
    assertThat(storage.schedules().nextFireTime("nightly")).contains(at(180));
  }
}
