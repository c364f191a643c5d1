package io.mediaflow.api.store;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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

  /**
   * The next fire times recorded for many schedules at once (one query where the store can); a
   * schedule with none recorded is missing from the map.
   */
  default Map<String, Instant> nextFireTimes(Collection<String> scheduleIds) {
    Map<String, Instant> out = new LinkedHashMap<>();
    for (String id : scheduleIds) {
      nextFireTime(id).ifPresent(t -> out.put(id, t));
    }
    return out;
  }

  /**
   * Advances many schedules at once, each the same compare-and-set as {@link #advanceFireTime}, in
   * one transaction where the store has them.
   *
   * @return the ids of the schedules this call advanced (its caller fires those slots)
   */
  default Set<String> advanceAll(List<Advance> advances) {
    Set<String> won = new LinkedHashSet<>();
    for (Advance a : advances) {
      if (advanceFireTime(a.scheduleId(), a.expected(), a.next())) {
        won.add(a.scheduleId());
      }
    }
    return won;
  }

  /** Forgets a schedule's fire time (its rule was removed); false when none was recorded. */
  default boolean remove(String scheduleId) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot remove schedules");
  }

  /**
   * One compare-and-set of {@link #advanceAll}.
   *
   * @param scheduleId the schedule
   * @param expected the fire time it must have now; empty for none recorded
   * @param next the fire time to record
   */
  record Advance(String scheduleId, Optional<Instant> expected, Instant next) {
    public Advance {
      Objects.requireNonNull(scheduleId, "scheduleId");
      expected = expected == null ? Optional.empty() : expected;
      Objects.requireNonNull(next, "next");
    }
  }
}
