package io.mediaflow.internal.rule.schedule;

import io.mediaflow.api.rule.ScheduleTrigger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The schedule triggers an engine fires, in memory, ordered by next fire time: a tick takes the due
 * ones in time proportional to how many are due (not to how many there are), and next fire times
 * are computed once per distinct (expression, syntax, zone), not once per trigger. Thread-safe.
 */
public final class ScheduleIndex {

  /**
   * Adds or replaces a schedule.
   *
   * @param nextFire its fire time as the store records it (a new schedule's engine records {@link
   *     #firstFireTime} first)
   */
  public void put(String scheduleId, ScheduleTrigger trigger, Instant nextFire) {
    throw new UnsupportedOperationException("schedules: not yet");
  }

  /** The first fire time of a new schedule registered at {@code now}; empty when it has none. */
  public Optional<Instant> firstFireTime(ScheduleTrigger trigger, Instant now) {
    throw new UnsupportedOperationException("schedules: not yet");
  }

  /** Forgets a schedule; false when it was not there. */
  public boolean remove(String scheduleId) {
    throw new UnsupportedOperationException("schedules: not yet");
  }

  /**
   * The schedules due at {@code now} (fire time not after it), at most {@code max}, earliest first,
   * each with the slots its misfire policy fires and its next fire time. They stay in the index
   * with their old fire time until {@link #advanced} (or {@link #put}) moves them.
   */
  public List<DueSlots> due(Instant now, int max) {
    throw new UnsupportedOperationException("schedules: not yet");
  }

  /** Records a schedule's new fire time after the store's compare-and-set (by any engine). */
  public void advanced(String scheduleId, Optional<Instant> next) {
    throw new UnsupportedOperationException("schedules: not yet");
  }

  /** The earliest fire time of any schedule; empty when there is none. */
  public Optional<Instant> earliest() {
    throw new UnsupportedOperationException("schedules: not yet");
  }

  /** How many schedules it holds. */
  public int size() {
    throw new UnsupportedOperationException("schedules: not yet");
  }
}
