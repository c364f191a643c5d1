package io.mediaflow.internal.rule.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.rule.CronSyntax;
import io.mediaflow.api.rule.CronTrigger;
import io.mediaflow.api.rule.IntervalTrigger;
import io.mediaflow.api.rule.OnceTrigger;
import io.mediaflow.api.rule.RuleErrors;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Cron in its three syntaxes, intervals, one-time triggers, descriptions and errors. */
class SchedulesTest {

  static final Instant REGISTERED = Instant.parse("2026-12-03T21:30:17Z");

  static FireTimes cron(String expression, CronSyntax syntax) {
    return Schedules.compile(CronTrigger.of(expression, syntax, ZoneOffset.UTC), REGISTERED);
  }

  static Instant at(String instant) {
    return Instant.parse(instant);
  }

  @Test
  void a_leap_day_fires_on_2028_02_29_and_skips_2027() {
    FireTimes leap = cron("0 0 29 2 *", CronSyntax.UNIX);

    assertThat(leap.next(at("2026-03-01T00:00:00Z"), 2))
        .containsExactly(at("2028-02-29T00:00:00Z"), at("2032-02-29T00:00:00Z"));
  }

  @Test
  void quartz_last_day_of_month_follows_february_and_leap_years() {
    FireTimes last = cron("0 0 12 L * ?", CronSyntax.QUARTZ);

    assertThat(last.next(at("2026-02-01T00:00:00Z"), 2))
        .containsExactly(at("2026-02-28T12:00:00Z"), at("2026-03-31T12:00:00Z"));
    assertThat(last.nextAfter(at("2028-02-01T00:00:00Z"))).contains(at("2028-02-29T12:00:00Z"));
  }

  @Test
  void quartz_nearest_weekday_moves_off_a_weekend() {
    FireTimes w = cron("0 0 12 15W * ?", CronSyntax.QUARTZ);

    // 2026-08-15 is a Saturday: Friday the 14th; 2026-11-15 is a Sunday: Monday the 16th
    assertThat(w.nextAfter(at("2026-08-01T00:00:00Z"))).contains(at("2026-08-14T12:00:00Z"));
    assertThat(w.nextAfter(at("2026-11-01T00:00:00Z"))).contains(at("2026-11-16T12:00:00Z"));
    assertThat(w.nextAfter(at("2026-09-01T00:00:00Z"))).contains(at("2026-09-15T12:00:00Z"));
  }

  @Test
  void quartz_nth_weekday_of_the_month() {
    // 6 is Friday in Quartz (1 = Sunday): the third Friday
    FireTimes third = cron("0 0 12 ? * 6#3", CronSyntax.QUARTZ);

    assertThat(third.next(at("2026-01-01T00:00:00Z"), 2))
        .containsExactly(at("2026-01-16T12:00:00Z"), at("2026-02-20T12:00:00Z"));
  }

  @Test
  void quartz_seconds_are_honoured() {
    FireTimes seconds = cron("15,45 * * * * ?", CronSyntax.QUARTZ);

    assertThat(seconds.next(at("2026-01-01T00:00:20.5Z"), 2))
        .containsExactly(at("2026-01-01T00:00:45Z"), at("2026-01-01T00:01:15Z"));
  }

  @Test
  void spring_weekdays_in_a_zone() {
    FireTimes spring =
        Schedules.compile(
            CronTrigger.of("0 0 9 * * MON-FRI", CronSyntax.SPRING, ZoneId.of("Europe/Berlin")),
            REGISTERED);

    // Friday 2026-12-04 13:00 CET: next is Monday 09:00 CET
    assertThat(spring.nextAfter(at("2026-12-04T12:00:00Z"))).contains(at("2026-12-07T08:00:00Z"));
    assertThat(spring.describe())
        .isEqualTo("at 09:00 every day between Monday and Friday (Europe/Berlin)");
  }

  @Test
  void a_slot_is_strictly_after_the_instant_asked() {
    FireTimes daily = cron("0 9 * * *", CronSyntax.UNIX);

    assertThat(daily.nextAfter(at("2026-01-01T09:00:00Z"))).contains(at("2026-01-02T09:00:00Z"));
    assertThat(daily.nextAfter(at("2026-01-01T08:59:59.999Z")))
        .contains(at("2026-01-01T09:00:00Z"));
  }

  @Test
  void an_expression_that_never_matches_has_no_slot() {
    assertThat(cron("0 0 30 2 *", CronSyntax.UNIX).nextAfter(REGISTERED)).isEmpty();
  }

  @Test
  void interval_without_anchor_starts_its_grid_at_registration() {
    FireTimes every = Schedules.compile(IntervalTrigger.every(Duration.ofMinutes(5)), REGISTERED);

    assertThat(every.nextAfter(REGISTERED.minusSeconds(1))).contains(REGISTERED);
    assertThat(every.next(REGISTERED, 2))
        .containsExactly(REGISTERED.plusSeconds(300), REGISTERED.plusSeconds(600));
    assertThat(every.nextAfter(REGISTERED.plusSeconds(301))).contains(REGISTERED.plusSeconds(600));
    assertThat(every.describe()).isEqualTo("every 5 minutes");
  }

  @Test
  void interval_with_anchor_keeps_the_anchor_grid_before_and_after_it() {
    Instant anchor = at("2027-01-01T00:00:00Z");
    FireTimes grid =
        Schedules.compile(
            new IntervalTrigger(Duration.ofMinutes(90), Optional.of(anchor), null, null),
            REGISTERED);

    assertThat(grid.nextAfter(REGISTERED)).contains(anchor);
    assertThat(grid.nextAfter(at("2027-01-01T02:00:00Z"))).contains(at("2027-01-01T03:00:00Z"));
    assertThat(grid.nextAfter(at("2027-01-01T03:00:00Z"))).contains(at("2027-01-01T04:30:00Z"));
    assertThat(grid.describe())
        .isEqualTo("every 1 hour 30 minutes, on the grid through 2027-01-01T00:00:00Z");
  }

  @Test
  void once_fires_once() {
    Instant at = at("2027-05-01T10:00:00Z");
    FireTimes once = Schedules.compile(OnceTrigger.at(at), REGISTERED);

    assertThat(once.next(REGISTERED, 3)).containsExactly(at);
    assertThat(once.nextAfter(at)).isEmpty();
    assertThat(once.describe()).isEqualTo("once at 2027-05-01T10:00:00Z");
  }

  @Test
  void describes_unix_and_quartz_in_english() {
    assertThat(cron("*/5 * * * *", CronSyntax.UNIX).describe()).isEqualTo("every 5 minutes (Z)");
    assertThat(cron("0 0 12 L * ?", CronSyntax.QUARTZ).describe())
        .isEqualTo("at 12:00 last day of month (Z)");
  }

  @Test
  void a_bad_expression_is_invalid_cron_with_the_reason_and_an_example() {
    MediaFlowException e =
        catchThrowableOfType(MediaFlowException.class, () -> cron("61 * * * *", CronSyntax.UNIX));

    assertThat(e.code()).isEqualTo(RuleErrors.INVALID_CRON);
    assertThat(e.detail())
        .isEqualTo(
            "'61 * * * *' is not a valid unix cron expression: Value 61 not in range [0, 59]");
    assertThat(e.suggestion()).contains("five fields").contains("'0 9 * * 1-5'");
  }

  @Test
  void a_field_count_of_another_syntax_is_named() {
    MediaFlowException e =
        catchThrowableOfType(
            MediaFlowException.class, () -> cron("0 0 9 * * MON-FRI", CronSyntax.UNIX));

    assertThat(e.code()).isEqualTo(RuleErrors.INVALID_CRON);
    assertThat(e.detail()).contains("contains 6 parts but we expect one of [5]");
    MediaFlowException quartz =
        catchThrowableOfType(
            MediaFlowException.class, () -> cron("0 0 12 * * *", CronSyntax.QUARTZ));
    assertThat(quartz.detail()).contains("'0 0 12 * * *' is not a valid quartz cron expression");
    assertThat(quartz.suggestion()).contains("'?'");
  }

  @Test
  void problem_says_why_or_nothing() {
    assertThat(Schedules.problem("0 9 * * 1-5", CronSyntax.UNIX)).isEmpty();
    assertThat(Schedules.problem("0 0 12 ? * 6#3", CronSyntax.QUARTZ)).isEmpty();
    assertThat(Schedules.problem("a b c d e", CronSyntax.UNIX))
        .hasValueSatisfying(reason -> assertThat(reason).contains("Invalid chars"));
    assertThat(Schedules.problem("* * *", CronSyntax.SPRING))
        .contains("Cron expression contains 3 parts but we expect one of [6]");
  }
}
