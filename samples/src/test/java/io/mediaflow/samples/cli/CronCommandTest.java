package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code mediaflow cron EXPR [--tz ZONE] [--next N] [--syntax ...]}, run in this JVM. */
class CronCommandTest {

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        MediaflowCli.execute(
            new Terminal(new PrintWriter(out), new PrintWriter(err), false, false), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void describes_and_lists_five_fire_times_with_weekday_and_offset_in_the_zone() {
    Result r =
        run("cron", "0 9 * * 1-5", "--tz", "Europe/Berlin", "--after", "2026-12-04T12:00:00Z");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().toList())
        .containsExactly(
            "at 09:00 every day between Monday and Friday (Europe/Berlin)",
            "  Mon 2026-12-07 09:00:00 +01:00 CET",
            "  Tue 2026-12-08 09:00:00 +01:00 CET",
            "  Wed 2026-12-09 09:00:00 +01:00 CET",
            "  Thu 2026-12-10 09:00:00 +01:00 CET",
            "  Fri 2026-12-11 09:00:00 +01:00 CET");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void shows_a_spring_forward_day_as_the_engine_fires_it() {
    Result r =
        run(
            "cron",
            "30 2 * * *",
            "--tz",
            "America/New_York",
            "--next",
            "3",
            "--after",
            "2026-03-07T00:00:00Z");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().skip(1).toList())
        .containsExactly(
            "  Sat 2026-03-07 02:30:00 -05:00 EST",
            "  Sun 2026-03-08 03:00:00 -04:00 EDT",
            "  Mon 2026-03-09 02:30:00 -04:00 EDT");
  }

  @Test
  void reads_quartz_and_spring() {
    Result quartz =
        run(
            "cron",
            "0 0 12 ? * 6#3",
            "--syntax",
            "quartz",
            "--next",
            "2",
            "--after",
            "2026-01-01T00:00:00Z");
    Result spring =
        run(
            "cron",
            "0 0 9 * * MON-FRI",
            "--syntax",
            "SPRING",
            "--next",
            "1",
            "--after",
            "2026-12-05T00:00:00Z");

    assertThat(quartz.code()).as(quartz.err()).isZero();
    assertThat(quartz.out().lines().toList())
        .containsExactly(
            "at 12:00 Friday 3 of every month (UTC)",
            "  Fri 2026-01-16 12:00:00 +00:00 UTC",
            "  Fri 2026-02-20 12:00:00 +00:00 UTC");
    assertThat(spring.code()).as(spring.err()).isZero();
    assertThat(spring.out()).contains("  Mon 2026-12-07 09:00:00 +00:00 UTC");
  }

  @Test
  void without_after_it_lists_from_now() {
    Result r = run("cron", "*/5 * * * *", "--next", "2");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().toList()).hasSize(3).first().isEqualTo("every 5 minutes (UTC)");
  }

  @Test
  void a_bad_expression_exits_2_with_the_reason_and_an_example() {
    Result r = run("cron", "61 * * * *");

    assertThat(r.code()).isEqualTo(2);
    List<String> lines = r.err().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo(
            "error: INVALID_CRON: '61 * * * *' is not a valid unix cron expression:"
                + " Value 61 not in range [0, 59]");
    assertThat(lines.get(1))
        .isEqualTo(
            "hint: write five fields: minute hour day-of-month month day-of-week,"
                + " e.g. '0 9 * * 1-5' (09:00 on weekdays)");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void an_unknown_zone_exits_2() {
    Result r = run("cron", "0 9 * * *", "--tz", "Mars/Olympus");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().toList())
        .containsExactly(
            "error: UNKNOWN_ZONE: --tz: unknown time zone 'Mars/Olympus'",
            "hint: write a region id such as Europe/Berlin or America/New_York, or UTC");
  }

  @Test
  void out_of_range_count_bad_instant_and_unknown_syntax_exit_2() {
    Result count = run("cron", "0 9 * * *", "--next", "0");
    Result after = run("cron", "0 9 * * *", "--after", "tomorrow");
    Result syntax = run("cron", "0 9 * * *", "--syntax", "cobol");

    assertThat(count.code()).isEqualTo(2);
    assertThat(count.err()).startsWith("error: OUT_OF_RANGE: --next must be between 1 and 1000");
    assertThat(after.code()).isEqualTo(2);
    assertThat(after.err())
        .startsWith("error: INVALID_VALUE: --after: 'tomorrow' is not an instant");
    assertThat(syntax.code()).isEqualTo(2);
    assertThat(syntax.err())
        .startsWith("error: USAGE: ")
        .contains("--syntax")
        .contains("cobol")
        .contains("hint: see 'mediaflow cron --help'");
  }

  @Test
  void an_expression_that_never_fires_says_so() {
    Result r = run("cron", "0 0 30 2 *", "--after", "2026-01-01T00:00:00Z");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("(no fire time after 2026-01-01T00:00:00Z)");
  }
}
