package io.mediaflow.internal.rule.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.rule.CronSyntax;
import io.mediaflow.api.rule.CronTrigger;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The preset factories on {@link CronTrigger}: the expressions they write and when they fire. */
class CronPresetsTest {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  // Thursday 2026-12-03 12:00 UTC
  static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  static Instant next(CronTrigger trigger) {
    return Schedules.compile(trigger, NOW).nextAfter(NOW).orElseThrow();
  }

  @Test
  void hourly_is_on_the_hour_in_utc() {
    CronTrigger hourly = CronTrigger.hourly();

    assertThat(hourly.expression()).isEqualTo("0 * * * *");
    assertThat(hourly.zone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(next(hourly)).isEqualTo(Instant.parse("2026-12-03T13:00:00Z"));
  }

  @Test
  void daily_at_in_a_zone_and_with_seconds_in_quartz() {
    CronTrigger daily = CronTrigger.dailyAt(LocalTime.of(9, 30), BERLIN);
    CronTrigger withSeconds = CronTrigger.dailyAt(LocalTime.of(9, 30, 15), BERLIN);

    assertThat(daily.expression()).isEqualTo("30 9 * * *");
    assertThat(daily.syntax()).isEqualTo(CronSyntax.UNIX);
    assertThat(next(daily)).isEqualTo(Instant.parse("2026-12-04T08:30:00Z"));
    assertThat(withSeconds.expression()).isEqualTo("15 30 9 * * ?");
    assertThat(withSeconds.syntax()).isEqualTo(CronSyntax.QUARTZ);
    assertThat(next(withSeconds)).isEqualTo(Instant.parse("2026-12-04T08:30:15Z"));
  }

  @Test
  void weekdays_at_skips_the_weekend() {
    CronTrigger weekdays = CronTrigger.weekdaysAt(LocalTime.of(9, 0), ZoneOffset.UTC);

    assertThat(weekdays.expression()).isEqualTo("0 9 * * 1-5");
    assertThat(Schedules.compile(weekdays, NOW).next(NOW, 3))
        .containsExactly(
            Instant.parse("2026-12-04T09:00:00Z"), // Friday
            Instant.parse("2026-12-07T09:00:00Z"), // Monday
            Instant.parse("2026-12-08T09:00:00Z"));
    assertThat(CronTrigger.weekdaysAt(LocalTime.of(9, 0, 1), ZoneOffset.UTC).expression())
        .isEqualTo("1 0 9 ? * MON-FRI");
  }

  @Test
  void weekly_on_a_day_with_sunday_as_zero() {
    assertThat(CronTrigger.weeklyOn(DayOfWeek.SUNDAY, LocalTime.of(18, 0), BERLIN).expression())
        .isEqualTo("0 18 * * 0");
    CronTrigger monday = CronTrigger.weeklyOn(DayOfWeek.MONDAY, LocalTime.of(7, 45), BERLIN);
    assertThat(monday.expression()).isEqualTo("45 7 * * 1");
    assertThat(next(monday)).isEqualTo(Instant.parse("2026-12-07T06:45:00Z"));
    assertThat(
            CronTrigger.weeklyOn(DayOfWeek.SATURDAY, LocalTime.of(7, 45, 30), BERLIN).expression())
        .isEqualTo("30 45 7 ? * SAT");
  }

  @Test
  void monthly_on_a_day_skips_months_without_it() {
    CronTrigger the31st = CronTrigger.monthlyOn(31, LocalTime.of(6, 0), ZoneOffset.UTC);

    assertThat(the31st.expression()).isEqualTo("0 6 31 * *");
    assertThat(Schedules.compile(the31st, NOW).next(NOW, 3))
        .containsExactly(
            Instant.parse("2026-12-31T06:00:00Z"),
            Instant.parse("2027-01-31T06:00:00Z"),
            Instant.parse("2027-03-31T06:00:00Z"));
    assertThat(CronTrigger.monthlyOn(1, LocalTime.of(6, 0, 5), ZoneOffset.UTC).expression())
        .isEqualTo("5 0 6 1 * ?");
  }

  @Test
  void presets_refuse_what_cron_cannot_say() {
    assertThatThrownBy(() -> CronTrigger.monthlyOn(32, LocalTime.NOON, BERLIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dayOfMonth must be between 1 and 31 but was 32");
    assertThatThrownBy(() -> CronTrigger.monthlyOn(0, LocalTime.NOON, BERLIN))
        .hasMessage("dayOfMonth must be between 1 and 31 but was 0");
    assertThatThrownBy(() -> CronTrigger.dailyAt(LocalTime.of(9, 0, 0, 500), BERLIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a cron time is whole seconds, but 09:00:00.000000500 has a fraction of a second");
    assertThatThrownBy(() -> CronTrigger.dailyAt(null, BERLIN))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("time");
    assertThatThrownBy(() -> CronTrigger.weeklyOn(null, LocalTime.NOON, BERLIN)).hasMessage("day");
  }

  @Test
  void every_preset_compiles_and_describes_itself() {
    assertThat(
            Schedules.compile(CronTrigger.weekdaysAt(LocalTime.of(9, 0), BERLIN), NOW).describe())
        .isEqualTo("at 09:00 every day between Monday and Friday (Europe/Berlin)");
    assertThat(Schedules.compile(CronTrigger.hourly(), NOW).describe())
        .isEqualTo("every hour (UTC)");
  }
}
