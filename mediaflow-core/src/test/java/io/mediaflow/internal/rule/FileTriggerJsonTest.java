package io.mediaflow.internal.rule;

import static io.mediaflow.internal.rule.RuleFixtures.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.rule.FileTrigger;
import io.mediaflow.api.rule.Rule;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The watched-folder trigger as JSON: read, written back the same, and every bad input reported at
 * its JSON path with its code, message and suggestion (the workspace is {@code /srv/media}).
 */
class FileTriggerJsonTest {

  private static final String ACTIONS = "'actions':[{'type':'media.convert','format':'mp3'}]";

  private static String rule(String trigger) {
    return q("{'id':'watch','trigger':" + trigger + "," + ACTIONS + "}");
  }

  @Test
  void reads_every_field() {
    Rule r =
        RuleFixtures.json()
            .parse(
                rule(
                    "{'type':'file','path':'incoming','glob':'*.{mkv,mp4}','recursive':true,"
                        + "'debounce':'PT10S','rescan':'5m'}"));

    assertThat(r.trigger())
        .isEqualTo(
            new FileTrigger(
                "incoming", "*.{mkv,mp4}", true, Duration.ofSeconds(10), Duration.ofMinutes(5)));
  }

  @Test
  void defaults_every_field_but_the_path_and_writes_only_what_differs() {
    Rule r = RuleFixtures.json().parse(rule("{'type':'file','path':'/srv/media/in'}"));

    assertThat(r.trigger()).isEqualTo(FileTrigger.folder("/srv/media/in"));
    FileTrigger t = (FileTrigger) r.trigger();
    assertThat(t.glob()).isEqualTo("*");
    assertThat(t.recursive()).isFalse();
    assertThat(t.debounce()).isEqualTo(FileTrigger.DEFAULT_DEBOUNCE);
    assertThat(t.rescan()).isEqualTo(FileTrigger.DEFAULT_RESCAN);
    assertThat(RuleJson.write(r))
        .contains("\"path\": \"/srv/media/in\"")
        .doesNotContain("glob", "recursive", "debounce", "rescan");
  }

  @Test
  void a_written_rule_reads_back_equal() {
    Rule r =
        Rule.builder("round")
            .trigger(
                FileTrigger.folder("in")
                    .glob("shows/*.mkv")
                    .recursive(true)
                    .debounce(Duration.ZERO)
                    .rescan(Duration.ofHours(2)))
            .action("media.convert", Map.of("format", "mp3"))
            .build();

    String json = RuleJson.write(r);

    assertThat(RuleFixtures.json().parse(json)).isEqualTo(r);
    assertThat(json).contains("\"debounce\": \"PT0S\"", "\"rescan\": \"PT2H\"");
  }

  private static Arguments bad(
      String trigger, ErrorCode code, String path, String message, String suggestion) {
    return Arguments.of(rule(trigger), code, path, message, suggestion);
  }

  static Stream<Arguments> badTriggers() {
    return Stream.of(
        bad(
            "{'type':'file'}",
            ErrorCode.MISSING_FIELD,
            "trigger.path",
            "missing required field \"path\"; expected the folder to watch",
            ""),
        bad("{'type':'file','path':7}", ErrorCode.WRONG_TYPE, "trigger.path", "a string", ""),
        bad(
            "{'type':'file','path':'  '}",
            ErrorCode.INVALID_VALUE,
            "trigger.path",
            "must not be blank",
            "name the folder"),
        bad(
            "{'type':'file','path':'/etc'}",
            ErrorCode.PATH_NOT_ALLOWED,
            "trigger.path",
            "folder /etc is outside the allowed folders",
            "allowRoot"),
        bad(
            "{'type':'file','path':'in/../../../etc'}",
            ErrorCode.PATH_NOT_ALLOWED,
            "trigger.path",
            "is outside the allowed folders",
            "allowRoot"),
        bad(
            "{'type':'file','path':'https://example.com/in'}",
            ErrorCode.UNSUPPORTED_SOURCE,
            "trigger.path",
            "is a URL",
            "download"),
        bad(
            "{'type':'file','path':'in','glob':'*.{mkv'}",
            ErrorCode.INVALID_VALUE,
            "trigger.glob",
            "\"*.{mkv\" is not a valid glob",
            "braces and brackets must close"),
        bad(
            "{'type':'file','path':'in','glob':''}",
            ErrorCode.INVALID_VALUE,
            "trigger.glob",
            "a glob must not be empty",
            "*.mkv"),
        bad("{'type':'file','path':'in','glob':3}", ErrorCode.WRONG_TYPE, "trigger.glob", "", ""),
        bad(
            "{'type':'file','path':'in','recursive':'yes'}",
            ErrorCode.WRONG_TYPE,
            "trigger.recursive",
            "true or false",
            ""),
        bad(
            "{'type':'file','path':'in','debounce':'PT2H'}",
            ErrorCode.OUT_OF_RANGE,
            "trigger.debounce",
            "debounce must be at most PT1H but was PT2H",
            "PT1H or less"),
        bad(
            "{'type':'file','path':'in','debounce':'-PT1S'}",
            ErrorCode.OUT_OF_RANGE,
            "trigger.debounce",
            "debounce must be at least PT0S",
            ""),
        bad(
            "{'type':'file','path':'in','debounce':'soon'}",
            ErrorCode.INVALID_VALUE,
            "trigger.debounce",
            "",
            ""),
        bad(
            "{'type':'file','path':'in','rescan':'PT0.5S'}",
            ErrorCode.OUT_OF_RANGE,
            "trigger.rescan",
            "rescan must be at least PT1S",
            ""),
        bad(
            "{'type':'file','path':'in','rescan':'P2D'}",
            ErrorCode.OUT_OF_RANGE,
            "trigger.rescan",
            "rescan must be at most PT24H",
            ""),
        bad(
            "{'type':'file','path':'in','event':'download.completed'}",
            ErrorCode.UNKNOWN_FIELD,
            "trigger.event",
            "unknown field \"event\" in a watched folder",
            ""),
        bad(
            "{'type':'files','path':'in'}",
            ErrorCode.INVALID_VALUE,
            "trigger.type",
            "\"files\" is not a trigger type; expected one of schedule, event, file",
            "file"));
  }

  @ParameterizedTest
  @MethodSource("badTriggers")
  void each_bad_input_is_reported_at_its_path_with_its_code(
      String json, ErrorCode code, String path, String message, String suggestion) {
    // code, path and message as every rule input is checked, parse included
    new RuleJsonValidationTest()
        .each_bad_input_is_reported_at_its_path_with_its_code(json, code, path, message);

    assertThat(RuleFixtures.json().validate(json))
        .filteredOn(v -> v.code() == code && v.path().equals(path))
        .anySatisfy(v -> assertThat(v.suggestion()).contains(suggestion));
  }

  @Test
  void the_java_form_checks_its_values_too() {
    assertThatThrownBy(() -> FileTrigger.folder(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be blank");
    assertThatThrownBy(() -> FileTrigger.folder("in").glob("[a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"[a\" is not a valid glob");
    assertThatThrownBy(() -> FileTrigger.folder("in").debounce(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("debounce must be between PT0S and PT1H but was PT-1S");
    assertThatThrownBy(() -> FileTrigger.folder("in").rescan(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rescan must be between PT1S and PT24H but was PT0.01S");
  }
}
