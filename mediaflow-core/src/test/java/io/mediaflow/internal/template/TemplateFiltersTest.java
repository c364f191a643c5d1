package io.mediaflow.internal.template;

import static io.mediaflow.internal.template.TemplateScopes.eval;
import static io.mediaflow.internal.template.TemplateScopes.fails;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each filter: what it makes of a value, and how it refuses what it cannot use. */
class TemplateFiltersTest {

  @Test
  void default_replaces_a_missing_null_or_empty_value_and_keeps_any_other() {
    assertThat(eval("{{vars.nope | default('none')}}")).isEqualTo("none");
    assertThat(eval("{{vars.nothing | default('none')}}")).isEqualTo("none");
    assertThat(eval("{{vars.empty | default('none')}}")).isEqualTo("none");
    assertThat(eval("{{vars.n | default('none')}}")).isEqualTo(3);
    assertThat(eval("{{vars.nope | default(0)}}")).isEqualTo(0L);
    assertThat(eval("{{vars.nope | default(trigger.title) | upper}}")).isEqualTo("TRIGGER TITLE");
    assertThat(eval("{{nope.deeper.still | default('x')}}")).isEqualTo("x");
    fails(
        "{{vars.nope | default(vars.other)}}",
        "TEMPLATE_UNRESOLVED",
        "node 'n': {{vars.nope | default(vars.other)}} cannot be resolved: its default"
            + " 'vars.other' is not known");
    fails(
        "{{vars.nope | default}}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{vars.nope | default}}\" is not valid at character 15: filter"
            + " 'default' takes 1 argument but was given 0");
  }

  @Test
  void a_filter_before_default_does_not_see_a_missing_value() {
    assertThat(eval("{{vars.nope | upper | default('x')}}")).isEqualTo("x");
  }

  @Test
  void lower_and_upper_ignore_the_locale() {
    assertThat(eval("{{trigger.file.name | lower}}")).isEqualTo("clip.mp4");
    assertThat(eval("{{ 'title' | upper }}")).isEqualTo("TITLE");
    assertThat(eval("{{vars.n | upper}}")).isEqualTo("3");
  }

  @Test
  void slug_keeps_lower_case_ascii_letters_and_digits_joined_by_dashes() {
    assertThat(eval("{{trigger.show | slug}}")).isEqualTo("ca-va-tres-bien");
    assertThat(eval("{{ '  --Hello,  World 2!--' | slug }}")).isEqualTo("hello-world-2");
    assertThat(eval("{{trigger.show | slug(9)}}")).isEqualTo("ca-va-tre");
    assertThat(eval("{{trigger.show | slug(6)}}")).isEqualTo("ca-va");
    assertThat(eval("{{ '日本語' | slug }}")).isEqualTo("");
    fails(
        "{{ x | slug('a') }}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{ x | slug('a') }}\" is not valid at character 8: filter 'slug'"
            + " takes a whole number from 0 to 65536 but was given \"a\"");
  }

  @Test
  void truncate_cuts_to_a_length_in_characters_suffix_included() {
    assertThat(eval("{{trigger.title | truncate(7)}}")).isEqualTo("Trigger");
    assertThat(eval("{{trigger.title | truncate(9, '…')}}")).isEqualTo("Trigger …");
    assertThat(eval("{{trigger.title | truncate(40, '...')}}")).isEqualTo("Trigger Title");
    assertThat(eval("{{ '😀😀😀' | truncate(2) }}")).isEqualTo("😀😀");
    fails(
        "{{ x | truncate(2, '...') }}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{ x | truncate(2, '...') }}\" is not valid at character 8:"
            + " truncate's suffix is longer than its length 2");
    fails(
        "{{ x | truncate(-1) }}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{ x | truncate(-1) }}\" is not valid at character 8: filter"
            + " 'truncate' takes a whole number from 0 to 65536 but was given -1");
    fails(
        "{{ x | truncate(vars.n) }}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{ x | truncate(vars.n) }}\" is not valid at character 8: filter"
            + " 'truncate' takes literal arguments, not references");
  }

  @Test
  void replace_replaces_text_literally_never_as_a_pattern() {
    assertThat(eval("{{trigger.title | replace(' ', '_')}}")).isEqualTo("Trigger_Title");
    assertThat(eval("{{ 'a.b.c' | replace('.', '') }}")).isEqualTo("abc");
    assertThat(eval("{{ 'a+b' | replace('.*', 'x') }}")).isEqualTo("a+b");
    fails(
        "{{ x | replace('', 'y') }}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{ x | replace('', 'y') }}\" is not valid at character 8: replace's"
            + " first argument is empty");
    fails(
        "{{ x | replace(1, 'y') }}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{ x | replace(1, 'y') }}\" is not valid at character 8: filter"
            + " 'replace' takes quoted text but was given 1");
  }

  @Test
  void duration_writes_seconds_as_a_clock_or_in_words() {
    assertThat(eval("{{nodes.dl.output.duration | duration}}")).isEqualTo("1:23:45");
    assertThat(eval("{{ 125 | duration }}")).isEqualTo("2:05");
    assertThat(eval("{{ 'PT1M30S' | duration }}")).isEqualTo("1:30");
    assertThat(eval("{{ '1h2m3s' | duration('words') }}")).isEqualTo("1h 2m 3s");
    assertThat(eval("{{ 45 | duration('words') }}")).isEqualTo("45s");
    assertThat(eval("{{ 0 | duration('clock') }}")).isEqualTo("0:00");
    fails(
        "{{trigger.title | duration}}",
        "TEMPLATE_VALUE",
        "node 'n': {{trigger.title | duration}}: \"Trigger Title\" is not a duration");
    fails(
        "{{ -5 | duration }}",
        "TEMPLATE_VALUE",
        "node 'n': {{ -5 | duration }}: -5 is not a duration");
    fails(
        "{{ 5 | duration('long') }}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{ 5 | duration('long') }}\" is not valid at character 8: filter"
            + " 'duration' takes 'clock' or 'words' but was given 'long'");
  }

  @Test
  void filesize_writes_bytes_in_powers_of_1000_or_1024() {
    assertThat(eval("{{trigger.file.size | filesize}}")).isEqualTo("1.6 MB");
    assertThat(eval("{{trigger.file.size | filesize('binary')}}")).isEqualTo("1.5 MiB");
    assertThat(eval("{{ 999 | filesize }}")).isEqualTo("999 B");
    assertThat(eval("{{ 2000000000 | filesize }}")).isEqualTo("2.0 GB");
    assertThat(eval("{{ '1500' | filesize('si') }}")).isEqualTo("1.5 kB");
    fails(
        "{{ 'big' | filesize }}",
        "TEMPLATE_VALUE",
        "node 'n': {{ 'big' | filesize }}: \"big\" is not a number of bytes");
  }

  @Test
  void an_unknown_filter_is_a_syntax_error_with_the_closest_name() {
    fails(
        "{{ title | lowr }}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{ title | lowr }}\" is not valid at character 12: unknown filter"
            + " 'lowr'");
    fails(
        "{{ title | exec('rm') }}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{ title | exec('rm') }}\" is not valid at character 12: unknown"
            + " filter 'exec'");
  }
}
