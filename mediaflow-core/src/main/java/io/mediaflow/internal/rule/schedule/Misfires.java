package io.mediaflow.internal.rule.schedule;

import io.mediaflow.api.rule.MisfirePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which slots of a due schedule fire at a tick, and where its fire time goes next.
 *
 * <p>A slot is <b>on time</b> when it is at most {@link #LATE_TOLERANCE} older than now: it fires
 * under every policy, whatever the catch-up window (a busy scheduler or a short pause is not a
 * misfire). Older slots are <b>missed</b>; only those inside the trigger's catch-up window (at most
 * {@code catchUpWindow} older than now) may fire:
 *
 * <ul>
 *   <li>{@code SKIP}: none; only on-time slots fire.
 *   <li>{@code FIRE_ONCE}: the latest missed slot, unless an on-time slot fires anyway (the run of
 *       the on-time slot stands for the missed ones): one run after an outage, not two.
 *   <li>{@code CATCH_UP}: every missed slot, oldest first, then the on-time ones; at most {@link
 *       #MAX_SLOTS_PER_TICK} per schedule and tick. The rest fire at the next ticks (the schedule
 *       stays due, its next fire time being the first slot not yet fired), as long as they are
 *       still inside the window then.
 * </ul>
 *
 * <p>The next fire time is the first slot after now (after the last fired slot when the bound cut a
 * catch-up short); empty when the schedule has no more.
 */
final class Misfires {

  /** How late a slot may fire and still count as on time: Quartz's default misfire threshold. */
  static final Duration LATE_TOLERANCE = Duration.ofMinutes(1);

  /** The most slots one schedule fires at one tick when it catches up. */
  static final int MAX_SLOTS_PER_TICK = 1_000;

  /** The outcome for one schedule: the slots to fire, oldest first, and its next fire time. */
  record Firing(List<Instant> slots, Optional<Instant> next) {}

  private Misfires() {}

  /**
   * Decides for a schedule whose recorded fire time {@code recorded} is not after {@code now}.
   *
   * @param times its slots; {@code recorded} is taken as a slot even if they would not contain it
   *     (it was recorded under an earlier version of the trigger)
   */
  static Firing decide(
      FireTimes times, Instant recorded, Instant now, MisfirePolicy policy, Duration window) {
    if (recorded.isAfter(now)) {
      return new Firing(List.of(), Optional.of(recorded));
    }
    Instant onTimeFrom = now.minus(LATE_TOLERANCE);
    Instant windowFrom = now.minus(window);
    return switch (policy) {
      case SKIP -> walk(times, recorded, latest(recorded, onTimeFrom), now);
      case FIRE_ONCE -> fireOnce(times, recorded, now, onTimeFrom, windowFrom);
      case CATCH_UP ->
          walk(times, recorded, latest(recorded, earliest(onTimeFrom, windowFrom)), now);
    };
  }

  private static Firing fireOnce(
      FireTimes times, Instant recorded, Instant now, Instant onTimeFrom, Instant windowFrom) {
    Firing onTime = walk(times, recorded, latest(recorded, onTimeFrom), now);
    if (!onTime.slots().isEmpty() || !windowFrom.isBefore(onTimeFrom)) {
      return onTime;
    }
    Optional<Instant> latestMissed =
        latestMissed(times, recorded, latest(recorded, windowFrom), onTimeFrom);
    return latestMissed.isEmpty() ? onTime : new Firing(List.of(latestMissed.get()), onTime.next());
  }

  /** The last slot in [{@code from}, {@code before}); arithmetic for an interval, else a walk. */
  private static Optional<Instant> latestMissed(
      FireTimes times, Instant recorded, Instant from, Instant before) {
    FireTimes plain = times instanceof TickCache.View view ? view.shared() : times;
    plain = plain instanceof MemoFireTimes memo ? memo.computed() : plain;
    if (plain instanceof IntervalFireTimes interval) {
      return interval
          .latestAtOrBefore(before.minusNanos(1))
          .filter(t -> !t.isBefore(from) && !t.isBefore(recorded));
    }
    Optional<Instant> latest = Optional.empty();
    Optional<Instant> slot = firstAtOrAfter(times, recorded, from);
    while (slot.isPresent() && slot.get().isBefore(before)) {
      latest = slot;
      slot = times.nextAfter(slot.get());
    }
    return latest;
  }

  /**
   * The slots in [{@code from}, {@code now}], oldest first and at most {@link #MAX_SLOTS_PER_TICK},
   * with the next fire time after them.
   */
  private static Firing walk(FireTimes times, Instant recorded, Instant from, Instant now) {
    List<Instant> slots = new ArrayList<>();
    Optional<Instant> slot = firstAtOrAfter(times, recorded, from);
    while (slot.isPresent() && !slot.get().isAfter(now)) {
      if (slots.size() == MAX_SLOTS_PER_TICK) {
        return new Firing(slots, slot);
      }
      slots.add(slot.get());
      slot = times.nextAfter(slot.get());
    }
    return new Firing(slots, slot);
  }

  /** {@code recorded} itself when the walk starts there, else the first slot at or after. */
  private static Optional<Instant> firstAtOrAfter(FireTimes times, Instant recorded, Instant from) {
    return from.equals(recorded) ? Optional.of(recorded) : times.nextAfter(from.minusNanos(1));
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
