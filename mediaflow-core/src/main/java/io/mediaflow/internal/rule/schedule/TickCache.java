package io.mediaflow.internal.rule.schedule;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The answers of one tick, shared by the schedules of a tick that have the same fire times: when a
 * hundred triggers of one expression catch up after an outage, they walk the same chain of slots,
 * and it is computed once. Lives for one {@link ScheduleIndex#due} call, so it needs no bound
 * beyond the tick's own work. Not thread-safe: one tick runs on one thread.
 */
final class TickCache {

  private record Question(FireTimes times, Instant after) {}

  private final Map<Question, Optional<Instant>> answers = new HashMap<>();

  /** {@code shared}, answering through this tick's cache. */
  View view(FireTimes shared) {
    return new View(shared, this);
  }

  /** A schedule's fire times as one tick sees them. */
  record View(FireTimes shared, TickCache cache) implements FireTimes {

    @Override
    public Optional<Instant> nextAfter(Instant after) {
      return cache.answers.computeIfAbsent(
          new Question(shared, after), q -> shared.nextAfter(q.after()));
    }

    @Override
    public String describe() {
      return shared.describe();
    }
  }
}
