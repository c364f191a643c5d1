package io.mediaflow.internal.rule.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one schedule must do at a tick, as {@link ScheduleIndex#due} hands it out: fire {@code
 * slots} (oldest first; empty when the misfire policy dropped every missed slot), then advance its
 * stored fire time from {@code expected} to {@code next} by compare-and-set.
 *
 * @param scheduleId the schedule (a rule's id)
 * @param expected its fire time as recorded (the store's compare-and-set expects it)
 * @param slots the slots to fire, oldest first
 * @param next its next fire time after them; empty when it has no more (a one-time trigger)
 */
public record DueSlots(
    String scheduleId, Instant expected, List<Instant> slots, Optional<Instant> next) {

  public DueSlots {
    Objects.requireNonNull(scheduleId, "scheduleId");
    Objects.requireNonNull(expected, "expected");
    slots = List.copyOf(slots);
    next = next == null ? Optional.empty() : next;
  }
}
