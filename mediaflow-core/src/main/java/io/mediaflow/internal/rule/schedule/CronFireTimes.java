package io.mediaflow.internal.rule.schedule;

import com.cronutils.model.time.ExecutionTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The slots of a cron expression in a zone, with the daylight-saving rule of {@link
 * io.mediaflow.api.rule.CronTrigger}.
 *
 * <p>cron-utils only ever sees wall-clock times (as if in UTC, where no clock jumps), so its own
 * handling of gaps and overlaps never matters; this class maps each matching local time to real
 * instants itself. Time is walked in <em>segments</em> of constant offset between two transitions
 * of the zone: inside one, a local match maps to exactly one instant. At a gap (spring forward) the
 * local times that do not exist fire once, at the instant the gap ends, unless the expression
 * <em>steps</em> through them: it also matches the same wall time one hour or one minute later (the
 * real instants stand for it). In an overlap (fall back) a local time fires at its first
 * occurrence, and at its second only when the expression steps (matches one hour or one minute
 * earlier). One hour or one minute, not the length of the gap: a half-hour gap (Lord Howe Island)
 * is stepped over by an hourly expression too.
 */
final class CronFireTimes implements FireTimes {

  /** How many offset segments one look-up walks before giving up (years of transitions). */
  private static final int MAX_SEGMENTS = 1_000;

  private final ExecutionTime cron;
  private final ZoneId zone;
  private final ZoneRules rules;
  private final Supplier<String> describer;
  private volatile String description;

  /**
   * @param describer cron-utils' description, asked only when someone reads it (it costs about as
   *     much as parsing, and a tick never needs it)
   */
  CronFireTimes(ExecutionTime cron, ZoneId zone, Supplier<String> describer) {
    this.cron = cron;
    this.zone = zone;
    this.rules = zone.getRules();
    this.describer = describer;
  }

  @Override
  public Optional<Instant> nextAfter(Instant after) {
    // cron slots are whole seconds: "strictly after" a fraction is "strictly after its second"
    Instant from = after.truncatedTo(ChronoUnit.SECONDS);
    ZoneOffset offset = rules.getOffset(from);
    LocalDateTime localStart = LocalDateTime.ofEpochSecond(from.getEpochSecond(), 0, offset);
    for (int segment = 0; segment < MAX_SEGMENTS; segment++) {
      ZoneOffsetTransition end = rules.nextTransition(from);
      Optional<Instant> found = inSegment(localStart, offset, end);
      if (found.isPresent() || end == null) {
        return found;
      }
      if (end.isGap()) {
        Optional<Instant> gap = gapSlot(end);
        if (gap.isPresent()) {
          return gap;
        }
      }
      from = end.getInstant();
      offset = end.getOffsetAfter();
      // inclusive of the transition instant itself: start one second before it
      localStart = end.getDateTimeAfter().minusSeconds(1);
    }
    return Optional.empty();
  }

  /** The first slot after {@code localStart} (exclusive) before {@code end}, at {@code offset}. */
  private Optional<Instant> inSegment(
      LocalDateTime localStart, ZoneOffset offset, ZoneOffsetTransition end) {
    LocalDateTime cursor = localStart;
    while (true) {
      Optional<LocalDateTime> match = nextLocal(cursor);
      if (match.isEmpty()) {
        return Optional.empty();
      }
      LocalDateTime local = match.get();
      Instant instant = local.toInstant(offset);
      if (end != null && !instant.isBefore(end.getInstant())) {
        return Optional.empty();
      }
      if (isSkippedSecondOccurrence(local, offset)) {
        cursor = local;
        continue;
      }
      return Optional.of(instant);
    }
  }

  /**
   * Whether {@code local}, read at {@code offset}, is the second occurrence of a fall-back hour
   * that the expression does not step through (so its first occurrence was its one slot).
   */
  private boolean isSkippedSecondOccurrence(LocalDateTime local, ZoneOffset offset) {
    ZoneOffsetTransition overlap = rules.getTransition(local);
    if (overlap == null || !overlap.isOverlap() || !overlap.getOffsetAfter().equals(offset)) {
      return false;
    }
    return !steps(local, -1);
  }

  /**
   * The gap's end when a local time inside the gap matches and the expression does not step through
   * it (see the class comment); empty otherwise.
   */
  private Optional<Instant> gapSlot(ZoneOffsetTransition gap) {
    LocalDateTime cursor = gap.getDateTimeBefore().minusSeconds(1);
    while (true) {
      Optional<LocalDateTime> match = nextLocal(cursor);
      if (match.isEmpty() || !match.get().isBefore(gap.getDateTimeAfter())) {
        return Optional.empty();
      }
      LocalDateTime local = match.get();
      if (!steps(local, 1)) {
        return Optional.of(gap.getInstant());
      }
      cursor = local;
    }
  }

  /**
   * Whether the expression also matches the wall time one hour or one minute after ({@code
   * direction} 1) or before (-1) {@code local}: it steps through every hour or minute there.
   */
  private boolean steps(LocalDateTime local, int direction) {
    return matches(local.plusHours(direction)) || matches(local.plusMinutes(direction));
  }

  private Optional<LocalDateTime> nextLocal(LocalDateTime after) {
    return cron.nextExecution(after.atZone(ZoneOffset.UTC)).map(z -> z.toLocalDateTime());
  }

  private boolean matches(LocalDateTime local) {
    return cron.isMatch(local.atZone(ZoneOffset.UTC));
  }

  @Override
  public String describe() {
    String known = description;
    if (known == null) {
      known = describer.get() + " (" + zone + ")";
      description = known;
    }
    return known;
  }

  @Override
  public String toString() {
    return "cron in " + zone;
  }
}
