package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The {@link io.mediaflow.api.store.ScheduleStore} contract: next fire times, advanced by
 * compare-and-set so that exactly one of several racing callers wins a slot.
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
}
