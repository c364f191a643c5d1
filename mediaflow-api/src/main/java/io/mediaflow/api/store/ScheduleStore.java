package io.mediaflow.api.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Schedule state, the part of a {@link Storage} that {@link Storage#schedules()} hands out: the
 * next fire time of each trigger, advanced by compare-and-set so that a cluster fires each slot
 * once.
 *
 * <p>Every implementation guarantees, and the testkit's {@code ScheduleStoreContract} proves: a
 * schedule has no fire time until one is recorded; of several callers racing to advance one slot,
 * exactly one wins; a fire time is kept exactly (whole microseconds at least).
 */
public interface ScheduleStore {

  /** The next fire time recorded for a schedule, if any. */
  Optional<Instant> nextFireTime(String scheduleId);

  /**
   * Moves a schedule's next fire time from {@code expected} (empty: none recorded yet) to {@code
   * next}, atomically. Exactly one of several callers racing for one slot gets true: that one
   * fires.
   */
  boolean advanceFireTime(String scheduleId, Optional<Instant> expected, Instant next);
}
