package io.mediaflow.internal.rule.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.rule.CronTrigger;
import io.mediaflow.api.rule.IntervalTrigger;
import io.mediaflow.api.rule.MisfirePolicy;
import io.mediaflow.api.rule.OnceTrigger;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every misfire policy after a simulated three-day outage of an hourly schedule: the engine
 * recorded 10:00 on 1 June as the next fire time, stopped, and starts again on 4 June.
 */
class MisfireAfterOutageTest {

  static final Instant RECORDED = Instant.parse("2026-06-01T10:00:00Z");
  static final Duration OUTAGE = Duration.ofDays(3).plusMinutes(20);

  final ManualClock clock = ManualClock.at(RECORDED.minusSeconds(60));
  final ScheduleIndex index = new ScheduleIndex();

  DueSlots afterOutage(MisfirePolicy policy, Duration window) {
    index.put("hourly", CronTrigger.unix("0 * * * *").withMisfire(policy, window), RECORDED);
    clock.advance(OUTAGE.plusSeconds(60)); // 2026-06-04T10:20:00Z
    List<DueSlots> due = index.due(clock.instant(), 10);
    assertThat(due).hasSize(1);
    assertThat(due.get(0).expected()).isEqualTo(RECORDED);
    return due.get(0);
  }

  static Instant at(String instant) {
    return Instant.parse(instant);
  }

  @Test
  void skip_fires_nothing_and_goes_on_from_the_next_slot() {
    DueSlots due = afterOutage(MisfirePolicy.SKIP, Duration.ofHours(1));

    assertThat(due.slots()).isEmpty();
    assertThat(due.next()).contains(at("2026-06-04T11:00:00Z"));
  }

  @Test
  void fire_once_fires_the_latest_missed_slot_inside_the_default_window() {
    DueSlots due = afterOutage(MisfirePolicy.FIRE_ONCE, Duration.ofHours(1));

    assertThat(due.slots()).containsExactly(at("2026-06-04T10:00:00Z"));
    assertThat(due.next()).contains(at("2026-06-04T11:00:00Z"));
  }

  @Test
  void fire_once_with_a_bigger_window_still_fires_once() {
    DueSlots due = afterOutage(MisfirePolicy.FIRE_ONCE, Duration.ofDays(4));

    assertThat(due.slots()).containsExactly(at("2026-06-04T10:00:00Z"));
  }

  @Test
  void fire_once_fires_nothing_when_every_missed_slot_is_older_than_the_window() {
    DueSlots due = afterOutage(MisfirePolicy.FIRE_ONCE, Duration.ofMinutes(15));

    assertThat(due.slots()).isEmpty();
    assertThat(due.next()).contains(at("2026-06-04T11:00:00Z"));
  }

  @Test
  void catch_up_fires_the_missed_slots_inside_the_default_window() {
    DueSlots due = afterOutage(MisfirePolicy.CATCH_UP, Duration.ofHours(1));

    assertThat(due.slots()).containsExactly(at("2026-06-04T10:00:00Z"));
    assertThat(due.next()).contains(at("2026-06-04T11:00:00Z"));
  }

  @Test
  void catch_up_with_a_six_hour_window_fires_six_slots_oldest_first() {
    DueSlots due = afterOutage(MisfirePolicy.CATCH_UP, Duration.ofHours(6));

    assertThat(due.slots())
        .containsExactly(
            at("2026-06-04T05:00:00Z"),
            at("2026-06-04T06:00:00Z"),
            at("2026-06-04T07:00:00Z"),
            at("2026-06-04T08:00:00Z"),
            at("2026-06-04T09:00:00Z"),
            at("2026-06-04T10:00:00Z"));
  }

  @Test
  void catch_up_with_a_window_longer_than_the_outage_fires_every_slot() {
    DueSlots due = afterOutage(MisfirePolicy.CATCH_UP, Duration.ofDays(4));

    assertThat(due.slots()).hasSize(73).startsWith(RECORDED).endsWith(at("2026-06-04T10:00:00Z"));
    assertThat(due.slots()).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void a_slot_that_is_due_now_fires_under_every_policy_whatever_the_window() {
    for (MisfirePolicy policy : MisfirePolicy.values()) {
      ScheduleIndex fresh = new ScheduleIndex();
      Instant slot = at("2026-06-04T10:00:00Z");
      fresh.put("s", CronTrigger.unix("0 * * * *").withMisfire(policy, Duration.ZERO), slot);

      List<DueSlots> due = fresh.due(slot.plusSeconds(59), 10);

      assertThat(due.get(0).slots()).as(policy.name()).containsExactly(slot);
      assertThat(due.get(0).next()).contains(at("2026-06-04T11:00:00Z"));
    }
  }

  @Test
  void a_slot_later_than_the_tolerance_is_missed() {
    Instant slot = at("2026-06-04T10:00:00Z");
    index.put(
        "s", CronTrigger.unix("0 * * * *").withMisfire(MisfirePolicy.SKIP, Duration.ZERO), slot);

    assertThat(index.due(slot.plus(Misfires.LATE_TOLERANCE), 10).get(0).slots())
        .containsExactly(slot);
    assertThat(index.due(slot.plus(Misfires.LATE_TOLERANCE).plusMillis(1), 10).get(0).slots())
        .isEmpty();
  }

  @Test
  void fire_once_does_not_add_a_missed_slot_to_an_on_time_one() {
    index.put("hourly", CronTrigger.unix("0 * * * *"), RECORDED);

    DueSlots due = index.due(at("2026-06-04T10:00:30Z"), 10).get(0);

    assertThat(due.slots()).containsExactly(at("2026-06-04T10:00:00Z"));
  }

  @Test
  void catch_up_fires_at_most_a_thousand_slots_a_tick_and_the_rest_at_the_next_ticks() {
    // every two minutes for three days: 2,160 missed slots, all inside a four-day window
    index.put(
        "often",
        CronTrigger.unix("*/2 * * * *").withMisfire(MisfirePolicy.CATCH_UP, Duration.ofDays(4)),
        RECORDED);
    clock.set(RECORDED.plus(Duration.ofDays(3)).plusSeconds(30));

    List<Instant> fired = new ArrayList<>();
    List<Integer> perTick = new ArrayList<>();
    for (List<DueSlots> due = index.due(clock.instant(), 10);
        !due.isEmpty();
        due = index.due(clock.instant(), 10)) {
      fired.addAll(due.get(0).slots());
      perTick.add(due.get(0).slots().size());
      index.advanced("often", due.get(0).next());
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(perTick).containsExactly(1_000, 1_000, 161);
    assertThat(fired).hasSize(3 * 24 * 30 + 1).isSorted().doesNotHaveDuplicates();
    assertThat(fired.get(0)).isEqualTo(RECORDED);
    assertThat(index.earliest()).contains(RECORDED.plus(Duration.ofDays(3)).plusSeconds(120));
  }

  @Test
  void interval_fire_once_finds_the_latest_missed_slot_by_arithmetic() {
    Instant anchor = at("2026-06-01T00:00:00Z");
    index.put(
        "i",
        new IntervalTrigger(
            Duration.ofMinutes(7),
            Optional.of(anchor),
            MisfirePolicy.FIRE_ONCE,
            Duration.ofDays(3)),
        RECORDED);

    DueSlots due = index.due(at("2026-06-04T10:20:00Z"), 10).get(0);

    // 4,940 minutes after the anchor: slot 705 (10:15) is the latest missed, 706 (10:22) next
    assertThat(due.slots()).containsExactly(at("2026-06-04T10:15:00Z"));
    assertThat(due.next()).contains(at("2026-06-04T10:22:00Z"));
  }

  @Test
  void a_missed_one_time_trigger_fires_inside_its_window_and_then_has_no_next() {
    Instant at = at("2026-06-04T09:30:00Z");
    index.put("once", OnceTrigger.at(at), at);
    index.put(
        "old",
        new OnceTrigger(at.minus(Duration.ofDays(1)), MisfirePolicy.CATCH_UP, null),
        at.minus(Duration.ofDays(1)));

    List<DueSlots> due = index.due(at("2026-06-04T10:20:00Z"), 10);

    assertThat(due).extracting(DueSlots::scheduleId).containsExactly("old", "once");
    assertThat(due.get(0).slots()).isEmpty();
    assertThat(due.get(1).slots()).containsExactly(at);
    assertThat(due).allSatisfy(d -> assertThat(d.next()).isEmpty());
  }
}
