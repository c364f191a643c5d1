package io.mediaflow.internal.template;

import static io.mediaflow.internal.template.TemplateScopes.eval;
import static io.mediaflow.internal.template.TemplateScopes.fails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.MediaFlowException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code {{date:FORMAT}}} from the trigger time, and the {@code date} filter. */
class TemplateDatesTest {

  @Test
  void date_colon_formats_the_runs_trigger_time_in_utc() {
    // run.startedAt is 2026-12-31T23:30:00Z
    assertThat(eval("Podcasts/{{date:YYYY-MM}}/")).isEqualTo("Podcasts/2026-12/");
    assertThat(eval("{{date:YYYY}}/{{date:MM}}/{{date:DD}}")).isEqualTo("2026/12/31");
    assertThat(eval("{{ date: YYYY-MM-DD'T'HH:mm:ss }}")).isEqualTo("2026-12-31T23:30:00");
    assertThat(eval("{{date:DD.MM.YYYY}}")).isEqualTo("31.12.2026");
    assertThat(eval("{{date:YYYY-MM | replace('-', '/')}}")).isEqualTo("2026/12");
    assertThat(eval("{{date:'week' YYYY}}")).isEqualTo("week 2026");
    assertThat(eval("{{date:''YYYY''}}")).isEqualTo("'2026'");
  }

  @Test
  void the_trigger_time_may_be_given_as_text() {
    Map<String, Object> scope = Map.of("run", Map.of("startedAt", "2027-01-01T00:00:01Z"));
    assertThat(Templates.render("{{date:YYYY-MM-DD}}", scope)).isEqualTo("2027-01-01");
  }

  @Test
  void yyyy_is_the_calendar_year_never_the_week_based_one() {
    // 2024-12-30 is in ISO week 1 of the week-based year 2025
    assertThat(eval("{{trigger.at | date('YYYY-MM-DD HH:mm:ss')}}"))
        .isEqualTo("2024-12-30 10:15:30");
    Map<String, Object> scope = Map.of("run", Map.of("startedAt", "2027-01-01T12:00:00Z"));
    // 2027-01-01 is in week 53 of the week-based year 2026
    assertThat(Templates.render("{{date:YYYY}}", scope)).isEqualTo("2027");
  }

  @Test
  void the_date_filter_reads_instants_local_dates_and_epoch_millis_in_a_zone() {
    assertThat(eval("{{trigger.at | date('YYYY-MM-DD HH:mm', 'Asia/Tokyo')}}"))
        .isEqualTo("2024-12-30 19:15");
    assertThat(eval("{{run.startedAt | date('YYYY-MM-DD', 'Europe/Paris')}}"))
        .isEqualTo("2027-01-01");
    assertThat(eval("{{ 0 | date('YYYY-MM-DD') }}")).isEqualTo("1970-01-01");
    assertThat(eval("{{ '2026-03-01' | date('YYYY/MM/DD HH:mm') }}")).isEqualTo("2026/03/01 00:00");
    assertThat(eval("{{ '2026-03-01T08:09:10' | date('HH.mm.ss') }}")).isEqualTo("08.09.10");
    assertThat(eval("{{ '2026-03-01T08:09:10+02:00' | date('HH') }}")).isEqualTo("06");
  }

  @Test
  void letters_that_are_no_token_are_refused_when_the_template_is_compiled() {
    fails(
        "{{date:yyyy-MM}}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{date:yyyy-MM}}\" is not valid at character 8: 'yyyy' is not a"
            + " date token (YYYY is the calendar year; week-based years are not offered)");
    fails(
        "{{date:YY}}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{date:YY}}\" is not valid at character 8: 'YY' is not a date token"
            + " (YYYY is the calendar year; week-based years are not offered)");
    fails(
        "{{date:YYYY-ww}}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{date:YYYY-ww}}\" is not valid at character 13: 'ww' is not a date"
            + " token");
    fails(
        "{{date:YYYY-dd}}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{date:YYYY-dd}}\" is not valid at character 13: 'dd' is not a date"
            + " token (DD is the day of the month)");
    fails(
        "{{date:}}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{date:}}\" is not valid at character 8: the date format is empty");
    fails(
        "{{date:YYYY'T}}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{date:YYYY'T}}\" is not valid at character 12: a quote in the"
            + " date format is not closed");
    fails(
        "{{ x | date('YYYY', 'Mars/Base') }}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{ x | date('YYYY', 'Mars/Base') }}\" is not valid at character 8:"
            + " 'Mars/Base' is not a time zone");
  }

  @Test
  void a_value_that_is_no_date_is_a_typed_error() {
    fails(
        "{{trigger.title | date('YYYY')}}",
        "TEMPLATE_VALUE",
        "node 'n': {{trigger.title | date('YYYY')}}: \"Trigger Title\" is not a date");
    fails(
        "{{trigger.files | date('YYYY')}}",
        "TEMPLATE_VALUE",
        "node 'n': {{trigger.files | date('YYYY')}}: an array is not a date");
  }

  @Test
  void without_a_trigger_time_date_colon_is_unresolved() {
    assertThatThrownBy(() -> Templates.render("{{date:YYYY}}", Map.of(), "rule 'r'"))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code().code()).isEqualTo("TEMPLATE_UNRESOLVED");
              assertThat(e.detail())
                  .isEqualTo(
                      "rule 'r': {{date:YYYY}} cannot be resolved: the trigger time"
                          + " (run.startedAt) is not known here");
            });
  }
}
