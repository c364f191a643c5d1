package io.mediaflow.internal.rule.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.rule.CronSyntax;
import io.mediaflow.api.rule.CronTrigger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The daylight-saving rule of {@link CronTrigger} in three zones, both directions: a local time in
 * a spring-forward gap fires once at the gap's end, one in a fall-back overlap once at its first
 * occurrence, and hourly or minutely stepping fires at every real instant that matches.
 */
class CronDaylightSavingTest {

  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

  static FireTimes cron(String expression, ZoneId zone) {
    return Schedules.compile(CronTrigger.of(expression, CronSyntax.UNIX, zone), Instant.EPOCH);
  }

  static Instant at(String instant) {
    return Instant.parse(instant);
  }

  /** Every slot from the start of local {@code day} to the start of the next local day. */
  static List<Instant> slotsOnLocalDay(FireTimes times, LocalDate day, ZoneId zone) {
    Instant start = day.atStartOfDay(zone).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
    return times.next(start.minusSeconds(1), 100).stream().filter(t -> t.isBefore(end)).toList();
  }

  @Test
  void new_york_spring_forward_a_daily_slot_in_the_gap_fires_once_at_the_gap_end() {
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist
    FireTimes times = cron("30 2 * * *", NEW_YORK);

    assertThat(times.next(at("2026-03-07T00:00:00Z"), 3))
        .containsExactly(
            at("2026-03-07T07:30:00Z"), // 02:30 EST
            at("2026-03-08T07:00:00Z"), // 03:00 EDT, the first instant after the gap
            at("2026-03-09T06:30:00Z")); // 02:30 EDT
  }

  @Test
  void new_york_fall_back_a_daily_slot_in_the_overlap_fires_once_at_its_first_occurrence() {
    // 2026-11-01: 02:00 EDT falls back to 01:00 EST; 01:30 happens twice
    FireTimes times = cron("30 1 * * *", NEW_YORK);

    assertThat(times.next(at("2026-10-31T12:00:00Z"), 2))
        .containsExactly(at("2026-11-01T05:30:00Z"), at("2026-11-02T06:30:00Z"));
    // asked from inside the second 01:00 hour: nothing more that day
    assertThat(times.nextAfter(at("2026-11-01T06:10:00Z"))).contains(at("2026-11-02T06:30:00Z"));
  }

  @Test
  void new_york_hourly_fires_23_times_on_spring_forward_and_25_on_fall_back() {
    FireTimes hourly = cron("0 * * * *", NEW_YORK);

    assertThat(slotsOnLocalDay(hourly, LocalDate.of(2026, 3, 8), NEW_YORK)).hasSize(23);
    assertThat(slotsOnLocalDay(hourly, LocalDate.of(2026, 11, 1), NEW_YORK)).hasSize(25);
    assertThat(hourly.next(at("2026-11-01T04:30:00Z"), 4))
        .containsExactly(
            at("2026-11-01T05:00:00Z"), // 01:00 EDT
            at("2026-11-01T06:00:00Z"), // 01:00 EST
            at("2026-11-01T07:00:00Z"), // 02:00 EST
            at("2026-11-01T08:00:00Z"));
  }

  @Test
  void new_york_minutely_steps_over_the_gap_and_through_both_overlap_hours() {
    FireTimes minutely = cron("* * * * *", NEW_YORK);
    FireTimes halfHourly = cron("*/30 * * * *", NEW_YORK);

    assertThat(minutely.next(at("2026-03-08T06:58:00Z"), 3))
        .containsExactly(
            at("2026-03-08T06:59:00Z"), at("2026-03-08T07:00:00Z"), at("2026-03-08T07:01:00Z"));
    assertThat(halfHourly.next(at("2026-11-01T04:45:00Z"), 5))
        .containsExactly(
            at("2026-11-01T05:00:00Z"),
            at("2026-11-01T05:30:00Z"),
            at("2026-11-01T06:00:00Z"),
            at("2026-11-01T06:30:00Z"),
            at("2026-11-01T07:00:00Z"));
  }

  @Test
  void berlin_both_directions() {
    // 2026-03-29 02:00 CET -> 03:00 CEST; 2026-10-25 03:00 CEST -> 02:00 CET
    FireTimes times = cron("30 2 * * *", BERLIN);

    assertThat(times.next(at("2026-03-28T00:00:00Z"), 3))
        .containsExactly(
            at("2026-03-28T01:30:00Z"), at("2026-03-29T01:00:00Z"), at("2026-03-30T00:30:00Z"));
    assertThat(times.next(at("2026-10-24T12:00:00Z"), 2))
        .containsExactly(at("2026-10-25T00:30:00Z"), at("2026-10-26T01:30:00Z"));
    FireTimes hourly = cron("0 * * * *", BERLIN);
    assertThat(slotsOnLocalDay(hourly, LocalDate.of(2026, 3, 29), BERLIN)).hasSize(23);
    assertThat(slotsOnLocalDay(hourly, LocalDate.of(2026, 10, 25), BERLIN)).hasSize(25);
  }

  @Test
  void sydney_both_directions_in_the_southern_calendar() {
    // 2026-04-05 03:00 AEDT -> 02:00 AEST (fall back); 2026-10-04 02:00 AEST -> 03:00 AEDT
    FireTimes times = cron("30 2 * * *", SYDNEY);

    assertThat(times.next(at("2026-04-04T00:00:00Z"), 2))
        .containsExactly(at("2026-04-04T15:30:00Z"), at("2026-04-05T16:30:00Z"));
    assertThat(times.next(at("2026-10-02T00:00:00Z"), 3))
        .containsExactly(
            at("2026-10-02T16:30:00Z"), at("2026-10-03T16:00:00Z"), at("2026-10-04T15:30:00Z"));
    FireTimes hourly = cron("0 * * * *", SYDNEY);
    assertThat(slotsOnLocalDay(hourly, LocalDate.of(2026, 4, 5), SYDNEY)).hasSize(25);
    assertThat(slotsOnLocalDay(hourly, LocalDate.of(2026, 10, 4), SYDNEY)).hasSize(23);
  }

  @Test
  void a_slot_at_the_gap_end_and_one_in_the_gap_fire_once_together() {
    // 02:00 and 03:00: 02:00 is in the gap; 03:00 stands for it (same wall time one hour later)
    FireTimes times = cron("0 2,3 * * *", NEW_YORK);

    assertThat(times.next(at("2026-03-08T05:00:00Z"), 2))
        .containsExactly(at("2026-03-08T07:00:00Z"), at("2026-03-09T06:00:00Z"));
  }

  @Test
  void a_half_hour_gap_and_overlap_on_lord_howe_island() {
    // 2026-10-04 02:00 +10:30 -> 02:30 +11:00; 2026-04-05 02:00 +11:00 -> 01:30 +10:30
    ZoneId lordHowe = ZoneId.of("Australia/Lord_Howe");
    FireTimes daily = cron("15 2 * * *", lordHowe);
    FireTimes hourly = cron("0 * * * *", lordHowe);
    FireTimes quarterly = cron("*/15 * * * *", lordHowe);

    assertThat(daily.nextAfter(at("2026-10-03T12:00:00Z"))).contains(at("2026-10-03T15:30:00Z"));
    assertThat(hourly.next(at("2026-10-03T14:00:00Z"), 2))
        .as("02:00 does not exist; 01:00 and 03:00 do")
        .containsExactly(at("2026-10-03T14:30:00Z"), at("2026-10-03T16:00:00Z"));
    assertThat(slotsOnLocalDay(hourly, LocalDate.of(2026, 10, 4), lordHowe)).hasSize(23);
    assertThat(quarterly.next(at("2026-04-04T14:20:00Z"), 5))
        .as("01:30 and 01:45 happen twice and fire twice")
        .containsExactly(
            at("2026-04-04T14:30:00Z"),
            at("2026-04-04T14:45:00Z"),
            at("2026-04-04T15:00:00Z"),
            at("2026-04-04T15:15:00Z"),
            at("2026-04-04T15:30:00Z"));
  }
}
