package io.mediaflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.event.EventPatterns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventPatternsTest {

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
    "job.failed, job.failed, true",
    "job.failed, job.completed, false",
    "job.*, job.failed, true",
    "job.*, job.step.failed, false",
    "job.*, job, false",
    "*.failed, job.failed, true",
    "*.failed, job.step.failed, false",
    "**, job, true",
    "**, job.step.failed, true",
    "job.**, job, true",
    "job.**, job.step.failed, true",
    "job.**, media.failed, false",
    "**.failed, failed, true",
    "**.failed, job.step.failed, true",
    "**.failed, job.failed.again, false",
    "job.**.failed, job.failed, true",
    "job.**.failed, job.a.b.failed, true",
    "job.**.failed, job.a.b.done, false",
    "*.*, job.failed, true",
    "*.*, job, false",
    "job, job.failed, false"
  })
  void matches_like_the_design_says(String pattern, String type, boolean expected) {
    assertThat(EventPatterns.matches(pattern, type)).isEqualTo(expected);
  }

  @Test
  void tells_wildcards_from_exact_types() {
    assertThat(EventPatterns.isWildcard("job.*")).isTrue();
    assertThat(EventPatterns.isWildcard("**")).isTrue();
    assertThat(EventPatterns.isWildcard("job.failed")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"job", "job.failed", "media.download_done", "a-b.c1"})
  void accepts_valid_types(String type) {
    EventPatterns.checkType(type);
    EventPatterns.checkPattern(type);
  }

  @ParameterizedTest
  @ValueSource(strings = {"job..failed", ".job", "job.", "job failed", "job.*", "job/x"})
  void rejects_invalid_types_naming_them(String type) {
    assertThatThrownBy(() -> EventPatterns.checkType(type))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "\""
                + type
                + "\" is not a valid event type: use dot-separated segments of letters, digits,"
                + " '_' or '-'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"job..*", "job.*x", "job.***", "*job", "job.**."})
  void rejects_invalid_patterns_naming_them(String pattern) {
    assertThatThrownBy(() -> EventPatterns.checkPattern(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("\"" + pattern + "\" is not a valid event pattern")
        .hasMessageEndingWith(", or * and **");
  }

  @Test
  void rejects_empty_and_null() {
    assertThatThrownBy(() -> EventPatterns.checkType(""))
        .hasMessage("an event type must not be empty");
    assertThatThrownBy(() -> EventPatterns.checkType(null))
        .hasMessage("an event type must not be empty");
    assertThatThrownBy(() -> EventPatterns.checkPattern(""))
        .hasMessage("an event pattern must not be empty");
  }
}
