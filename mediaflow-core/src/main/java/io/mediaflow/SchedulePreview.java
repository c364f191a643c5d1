package io.mediaflow;

import io.mediaflow.api.rule.ScheduleTrigger;
import io.mediaflow.internal.rule.schedule.FireTimes;
import io.mediaflow.internal.rule.schedule.Schedules;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a schedule trigger means, without an engine: its description for people and its next fire
 * times, computed as an engine fires them (the daylight-saving rule of {@link
 * io.mediaflow.api.rule.CronTrigger} included). The {@code mediaflow cron} command prints these.
 */
public final class SchedulePreview {

  /** The most fire times one call lists. */
  public static final int MAX_FIRE_TIMES = 1_000;

  private final FireTimes times;

  private SchedulePreview(FireTimes times) {
    this.times = times;
  }

  /**
   * The preview of {@code trigger}.
   *
   * @param registeredAt where an interval trigger without an anchor starts its grid
   * @throws io.mediaflow.api.MediaFlowException {@code INVALID_CRON} for a cron expression its
   *     syntax does not read, with the reason and an example
   */
  public static SchedulePreview of(ScheduleTrigger trigger, Instant registeredAt) {
    return new SchedulePreview(Schedules.compile(trigger, registeredAt));
  }

  /** cron-utils' English description of a cron expression (with its zone), or "every 5 minutes". */
  public String description() {
    return times.describe();
  }

  /**
   * The first {@code count} fire times strictly after {@code after}, earliest first; fewer when the
   * schedule ends.
   *
   * @param count 1 to {@link #MAX_FIRE_TIMES}
   * @throws IllegalArgumentException when {@code count} is out of range
   */
  public List<Instant> next(Instant after, int count) {
    Objects.requireNonNull(after, "after");
    if (count < 1 || count > MAX_FIRE_TIMES) {
      throw new IllegalArgumentException(
          "count must be between 1 and " + MAX_FIRE_TIMES + " but was " + count);
    }
    return times.next(after, count);
  }
}
