package io.mediaflow;

import io.mediaflow.api.store.ScheduleStore;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schedule state of an {@link InMemoryStorage}: one map, changed by compare-and-set. A batch is
 * one compare-and-set per schedule, each atomic on its own: no lock is held across a batch, so
 * batches never wait for each other whatever their order.
 */
final class InMemoryScheduleStore implements ScheduleStore {

  private final ConcurrentHashMap<String, Instant> fireTimes = new ConcurrentHashMap<>();

  @Override
  public Optional<Instant> nextFireTime(String scheduleId) {
    return Optional.ofNullable(fireTimes.get(Objects.requireNonNull(scheduleId, "scheduleId")));
  }

  @Override
  public boolean advanceFireTime(String scheduleId, Optional<Instant> expected, Instant next) {
    Objects.requireNonNull(scheduleId, "scheduleId");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(next, "next");
    return expected.isEmpty()
        ? fireTimes.putIfAbsent(scheduleId, next) == null
        : fireTimes.replace(scheduleId, expected.get(), next);
  }

  @Override
  public Map<String, Instant> nextFireTimes(Collection<String> scheduleIds) {
    Map<String, Instant> out = new LinkedHashMap<>(Math.max(16, scheduleIds.size() * 2));
    for (String id : scheduleIds) {
      Instant at = fireTimes.get(Objects.requireNonNull(id, "scheduleId"));
      if (at != null) {
        out.put(id, at);
      }
    }
    return out;
  }

  @Override
  public Set<String> advanceAll(List<Advance> advances) {
    Set<String> won = new LinkedHashSet<>(Math.max(16, advances.size() * 2));
    for (Advance a : advances) {
      if (advanceFireTime(a.scheduleId(), a.expected(), a.next())) {
        won.add(a.scheduleId());
      }
    }
    return won;
  }

  @Override
  public boolean remove(String scheduleId) {
    return fireTimes.remove(Objects.requireNonNull(scheduleId, "scheduleId")) != null;
  }

  int size() {
    return fireTimes.size();
  }
}
