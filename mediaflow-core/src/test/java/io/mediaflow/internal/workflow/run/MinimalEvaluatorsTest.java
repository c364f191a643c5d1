package io.mediaflow.internal.workflow.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.MediaFlowException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The minimal comparison evaluator and {@code ${...}} resolver the later issue replaces. */
class MinimalEvaluatorsTest {

  final ConditionEvaluator c = ConditionEvaluator.minimal();
  final TemplateResolver t = TemplateResolver.standard();

  @Test
  void comparisons_over_numbers_strings_and_booleans() {
    assertThat(c.test(1, "eq", 1.0, "n")).isTrue();
    assertThat(c.test("5000", "gt", 1000, "n")).isTrue();
    assertThat(c.test(3, "lte", 3, "n")).isTrue();
    assertThat(c.test("b", "gt", "a", "n")).isTrue();
    assertThat(c.test(true, "eq", "true", "n")).isTrue();
    assertThat(c.test("movie", "ne", "episode", "n")).isTrue();
    assertThat(c.test("/media/a.mp4", "endsWith", ".mp4", "n")).isTrue();
    assertThat(c.test("/media/a.mp4", "startsWith", "/media", "n")).isTrue();
    assertThat(c.test(List.of("a", "b"), "contains", "b", "n")).isTrue();
    assertThat(c.test("abc", "contains", "x", "n")).isFalse();
  }

  @Test
  void an_unknown_operator_or_values_that_cannot_be_ordered_are_refused_with_code_and_message() {
    assertThatThrownBy(() -> c.test(1, "like", 2, "node 'big'"))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> assertThat(e.code().code()).isEqualTo("CONDITION_INVALID"))
        .hasMessage(
            "CONDITION_INVALID: node 'big': unknown comparison 'like' (use one of eq ne gt gte lt"
                + " lte contains startsWith endsWith)");
    assertThatThrownBy(() -> c.test("abc", "gt", 2, "node 'big'"))
        .isInstanceOf(MediaFlowException.class)
        .hasMessageStartingWith(
            "CONDITION_INVALID: node 'big': cannot compare \"abc\" (string) gt 2 (integer)");
  }

  @Test
  void a_lone_reference_keeps_its_type_and_references_in_text_are_written_as_text() {
    Map<String, Object> scope =
        Map.of(
            "trigger", Map.of("files", List.of("a", "b"), "n", 3),
            "vars", Map.of("q", "best"));
    assertThat(t.resolve("${trigger.files}", scope, "w")).isEqualTo(List.of("a", "b"));
    assertThat(t.resolve("${trigger.n}", scope, "w")).isEqualTo(3);
    assertThat(t.resolve("${trigger.files.1}-${vars.q}", scope, "w")).isEqualTo("b-best");
    assertThat(t.resolve(Map.of("x", List.of("${vars.q}")), scope, "w"))
        .isEqualTo(Map.of("x", List.of("best")));
    assertThatThrownBy(() -> t.resolve("${vars.nope}", scope, "node 'a'"))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> assertThat(e.code().code()).isEqualTo("TEMPLATE_UNRESOLVED"))
        .hasMessageStartingWith(
            "TEMPLATE_UNRESOLVED: node 'a': ${vars.nope} cannot be resolved: 'vars.nope' is not"
                + " known");
  }
}
