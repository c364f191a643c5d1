package io.mediaflow.internal.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.Violation;
import io.mediaflow.api.workflow.TemplateErrors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Templates checked before a run: each problem a violation at the JSON path of its value. */
class TemplateValidationTest {

  final Templates templates = Templates.standard();

  @Test
  void text_without_a_template_and_good_templates_have_no_problem() {
    assertThat(templates.check("plain {text}", "p")).isEmpty();
    assertThat(templates.check("{{title | slug}}/{{date:YYYY}}", "p")).isEmpty();
    assertThat(templates.checkAll(Map.of("a", List.of("${x}", 3)), "p")).isEmpty();
  }

  @Test
  void every_bad_template_in_lists_and_maps_is_reported_at_its_own_path() {
    Object params =
        Map.of("headers", Map.of("x", List.of("ok", "{{ a | nope }}")), "n", 1, "s", "${a");
    List<Violation> v = templates.checkAll(params, "nodes[2].params");

    assertThat(v)
        .extracting(Violation::path)
        .containsExactlyInAnyOrder("nodes[2].params.headers.x[1]", "nodes[2].params.s");
    Violation filter = v.stream().filter(x -> x.path().endsWith("x[1]")).findFirst().orElseThrow();
    assertThat(filter.code()).isEqualTo(TemplateErrors.TEMPLATE_SYNTAX);
    assertThat(filter.message())
        .isEqualTo(
            "template \"{{ a | nope }}\" is not valid at character 8: unknown filter 'nope'");
    assertThat(filter.suggestion())
        .isEqualTo("use one of default lower upper slug truncate replace date duration filesize");
  }

  @Test
  void a_template_too_long_is_a_limit_violation() {
    Violation v =
        templates.check("{{a}}" + "x".repeat(70_000), "nodes[1].params.body").orElseThrow();
    assertThat(v.code()).isEqualTo(TemplateErrors.TEMPLATE_LIMIT);
    assertThat(v.path()).isEqualTo("nodes[1].params.body");
    assertThat(v.message())
        .isEqualTo("the template is 70005 characters long; at most 65536 are allowed");
    assertThat(v.suggestion()).isEqualTo("split it into several parameters");
  }
}
