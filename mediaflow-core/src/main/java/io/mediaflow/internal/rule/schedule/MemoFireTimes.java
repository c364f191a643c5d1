package io.mediaflow.internal.rule.schedule;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * One distinct schedule (a cron expression, syntax and zone) shared by every trigger that has it,
 * remembering its last few answers: at a slot, all its triggers ask for the slot after the same
 * instant, and only the first of them computes it. So 100,000 triggers over 1,000 distinct
 * expressions cost at most 1,000 computations per slot.
 */
final class MemoFireTimes implements FireTimes {

  /**
   * Answers kept per distinct schedule: a tick asks about a handful of instants per schedule (its
   * recorded slot, a catch-up walk), so a few dozen cover it while memory stays bounded.
   */
  static final int REMEMBERED = 32;

  private final FireTimes computed;
  private final LongAdder computations;
  private final Map<Instant, Optional<Instant>> answers =
      new LinkedHashMap<>(REMEMBERED * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Instant, Optional<Instant>> eldest) {
          return size() > REMEMBERED;
        }
      };

  MemoFireTimes(FireTimes computed, LongAdder computations) {
    this.computed = computed;
    this.computations = computations;
  }

  @Override
  public Optional<Instant> nextAfter(Instant after) {
    synchronized (answers) {
      Optional<Instant> known = answers.get(after);
      if (known != null) {
        return known;
      }
    }
    // computed outside the lock: two threads may both compute one answer, never block each other
    computations.increment();
    Optional<Instant> next = computed.nextAfter(after);
    synchronized (answers) {
      answers.put(after, next);
    }
    return next;
  }

  /** What this wraps (the index asks an interval for its arithmetic). */
  FireTimes computed() {
    return computed;
  }

  @Override
  public String describe() {
    return computed.describe();
  }

  @Override
  public String toString() {
    return "memo(" + computed + ")";
  }
}
