package io.mediaflow.internal.workflow.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.MediaFlowException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The minimal {@code ${...}} resolver the later issue replaces (conditions: ConditionsTest). */
class MinimalEvaluatorsTest {

  final TemplateResolver t = TemplateResolver.standard();

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
