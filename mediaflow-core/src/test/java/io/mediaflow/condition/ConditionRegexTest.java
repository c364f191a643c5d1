package io.mediaflow.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.condition.CompiledCondition;
import io.mediaflow.api.condition.Condition;
import io.mediaflow.api.condition.ConditionErrors;
import io.mediaflow.api.condition.Value;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Regular expressions: RE2 syntax, flags, and hostile patterns that finish in linear time. */
class ConditionRegexTest {

  /** What one hostile match may take at most on a loaded CI machine (it takes milliseconds). */
  static final Duration BOUND = Duration.ofSeconds(2);

  static MediaFlow flow;

  @BeforeAll
  static void build() {
    flow =
        MediaFlow.builder()
            .storage(new InMemoryStorage())
            .clock(ManualClock.at(Instant.parse("2026-12-03T10:00:00Z")))
            .runOnCallingThread()
            .build();
  }

  @AfterAll
  static void close() {
    flow.close();
  }

  static boolean matches(String pattern, String flags, Object text) {
    CompiledCondition c =
        flow.conditions().compile(Condition.regex(Value.ref("trigger", "t"), pattern, flags));
    java.util.Map<String, Object> trigger = new java.util.HashMap<>();
    trigger.put("t", text);
    return c.test(Map.of("trigger", trigger));
  }

  @Test
  void finds_a_match_anywhere_unless_anchored() {
    assertThat(matches("podcast|interview", "", "my interview no. 3")).isTrue();
    assertThat(matches("^interview$", "", "my interview")).isFalse();
    assertThat(matches("^S[0-9]{2}E[0-9]{2}", "", "S01E02 pilot")).isTrue();
    assertThat(matches("[0-9]+", "", 42)).isTrue(); // the text of a number
    assertThat(matches(".*", "", null)).isFalse(); // a missing value never matches
  }

  @Test
  void flags_ignore_case_multi_line_and_dot_all() {
    assertThat(matches("PODCAST", "", "a podcast")).isFalse();
    assertThat(matches("PODCAST", "i", "a podcast")).isTrue();
    assertThat(matches("^two$", "", "one\ntwo")).isFalse();
    assertThat(matches("^two$", "m", "one\ntwo")).isTrue();
    assertThat(matches("one.two", "", "one\ntwo")).isFalse();
    assertThat(matches("one.two", "s", "one\ntwo")).isTrue();
    assertThat(matches("^TWO$", "im", "one\ntwo")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "(a+)+$",
        "(a|aa)+$",
        "(a|a?)+$",
        "(.*a){20}$",
        "^(([a-z])+.)+[A-Z]([a-z])+$",
        "(x+x+)+y",
        "(\\w+\\s?)*$"
      })
  void hostile_patterns_finish_within_the_bound_on_long_inputs(String pattern) {
    String text = "a".repeat(50_000) + "!";
    long start = System.nanoTime();

    boolean found = matches(pattern, "", text);

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).as("%s took %s", pattern, took).isLessThan(BOUND);
    assertThat(found).isIn(true, false);
  }

  @Test
  void patterns_whose_automaton_would_be_too_large_are_refused_at_validation() {
    // java.util.regex takes seconds on 24 characters here; RE2 is linear, but in states x text
    List<Violation> problems =
        flow.conditions()
            .validate("{\"type\": \"regex\", \"field\": \"x\", \"pattern\": \"(.*){1,1000}[bc]\"}");

    assertThat(problems)
        .extracting(Violation::path, Violation::code)
        .containsExactly(tuple("pattern", ConditionErrors.CONDITION_REGEX_INVALID));
    assertThat(problems.get(0).message())
        .isEqualTo(
            "the pattern is too large to match quickly: about 2001 states, at most 500 are allowed");
  }

  @Test
  void a_text_longer_than_the_limit_is_a_typed_error_not_a_long_search() {
    String text = "a".repeat((1 << 20) + 1);
    assertThatThrownBy(() -> matches("b", "", text))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> assertThat(e.code()).isEqualTo(ConditionErrors.CONDITION_REGEX_LIMIT))
        .hasMessage(
            "CONDITION_REGEX_LIMIT: condition at (root): the text is 1048577 characters; a regex"
                + " condition searches at most 1048576 (test a shorter value, such as a file name"
                + " rather than a file's content)");
  }

  @Test
  void a_hostile_pattern_on_a_megabyte_of_text_finishes_within_the_bound() {
    String text = "x".repeat(1_000_000);
    long start = System.nanoTime();

    boolean found = matches("(x+x+)+y", "", text);

    assertThat(found).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
  }
}
