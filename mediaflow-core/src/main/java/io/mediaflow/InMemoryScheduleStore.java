package io.mediaflow;

import io.mediaflow.api.store.ScheduleStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The schedule state of an {@link InMemoryStorage}: one map, changed by compare-and-set. */
final class InMemoryScheduleStore implements ScheduleStore {

  private final ConcurrentHashMap<String, Instant> fireTimes = new ConcurrentHashMap<>();

  @Override
  public Optional<Instant> nextFireTime(String scheduleId) {
    return Optional.ofNullable(fireTimes.get(Objects.requireNonNull(scheduleId, "scheduleId")));
  }

  @Override
  public boolean advanceFireTime(String scheduleId, Optional<Instant> expected, Instant next) {
    Objects.requireNonNull(scheduleId, "scheduleId");
    Objects.requireNonNull(next, "next");
    return expected.isEmpty()
        ? fireTimes.putIfAbsent(scheduleId, next) == null
        : fireTimes.replace(scheduleId, expected.get(), next);
  }

  int size() {
    return fireTimes.size();
  }
}
