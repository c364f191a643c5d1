package io.mediaflow.internal.template;

import static io.mediaflow.internal.template.TemplateScopes.eval;
import static io.mediaflow.internal.template.TemplateScopes.fails;
import static io.mediaflow.internal.template.TemplateScopes.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.MediaFlowException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the language reads: references, bare names, literals, the {@code ${}} alias, and errors. */
class TemplateLanguageTest {

  @Test
  void references_walk_maps_by_key_and_lists_by_index() {
    assertThat(eval("{{trigger.file.name}}")).isEqualTo("Clip.MP4");
    assertThat(eval("{{ trigger.files[1] }}")).isEqualTo("b");
    assertThat(eval("{{trigger.files.0}}")).isEqualTo("a");
    assertThat(eval("{{trigger.headers['content-type']}}")).isEqualTo("video/mp4");
    assertThat(eval("{{trigger.headers.content-type}}")).isEqualTo("video/mp4");
    assertThat(eval("{{nodes.dl.output.path}}")).isEqualTo("/media/in/a.mp4");
    assertThat(eval("{{run.id}}/{{workflow.id}}")).isEqualTo("r1/wf");
  }

  @Test
  void a_bare_name_is_a_variable_first_then_a_trigger_field() {
    assertThat(eval("{{title}}")).isEqualTo("Var Title");
    assertThat(eval("{{url}}")).isEqualTo("https://example.com/v?id=1");
    assertThat(eval("{{file.name}}")).isEqualTo("Clip.MP4");
  }

  @Test
  void dollar_braces_are_the_same_language() {
    assertThat(eval("${trigger.url}")).isEqualTo("https://example.com/v?id=1");
    assertThat(eval("${ title | upper }-{{n}}")).isEqualTo("VAR TITLE-3");
  }

  @Test
  void a_lone_expression_keeps_its_type_and_text_gets_text() {
    assertThat(eval("{{trigger.files}}")).isEqualTo(List.of("a", "b"));
    assertThat(eval("{{vars.n}}")).isEqualTo(3);
    assertThat(eval("{{vars.nothing}}")).isNull();
    assertThat(eval("n={{vars.n}} r={{vars.ratio}} d={{nodes.dl.output.duration}}"))
        .isEqualTo("n=3 r=2 d=5025.5");
    assertThat(eval("[{{vars.nothing}}]")).isEqualTo("[]");
    assertThat(eval("files {{trigger.files}} file {{trigger.file.size}}"))
        .isEqualTo("files [\"a\",\"b\"] file 1572864");
    assertThat(render("{{vars.n}}")).isEqualTo("3");
  }

  @Test
  void literals_text_numbers_booleans_and_null() {
    assertThat(eval("{{ 'a\\'b' }}")).isEqualTo("a'b");
    assertThat(eval("{{ \"x\" }}")).isEqualTo("x");
    assertThat(eval("{{ '{{' }}literal{{ '}}' }}")).isEqualTo("{{literal}}");
    assertThat(eval("{{ 12 }}")).isEqualTo(12L);
    assertThat(eval("{{ -2.5 }}")).isEqualTo(-2.5);
    assertThat(eval("{{ true }}")).isEqualTo(true);
    assertThat(eval("{{ null | default('x') }}")).isEqualTo("x");
  }

  @Test
  void text_without_a_template_and_stray_braces_stay_as_they_are() {
    assertThat(eval("plain } }} {x} $x")).isEqualTo("plain } }} {x} $x");
    assertThat(Templates.hasTemplate("a {b} }}")).isFalse();
    assertThat(Templates.hasTemplate("a {{b}}")).isTrue();
    assertThat(Templates.hasTemplate("a ${b}")).isTrue();
  }

  @Test
  void a_reference_to_nothing_is_an_error_naming_the_part_not_known() {
    fails(
        "x {{vars.nope}}",
        "TEMPLATE_UNRESOLVED",
        "node 'n': {{vars.nope}} cannot be resolved: 'vars.nope' is not known");
    fails(
        "${trigger.files.5}",
        "TEMPLATE_UNRESOLVED",
        "node 'n': ${trigger.files.5} cannot be resolved: 'trigger.files.5' is not known");
    fails(
        "{{ nope.x | lower }}",
        "TEMPLATE_UNRESOLVED",
        "node 'n': {{ nope.x | lower }} cannot be resolved: 'nope' is not known");
    fails(
        "{{nope}}",
        "TEMPLATE_UNRESOLVED",
        "node 'n': {{nope}} cannot be resolved: 'nope' is not known (no variable or trigger field"
            + " has that name)");
    fails(
            "{{vars.n.x}}",
            "TEMPLATE_UNRESOLVED",
            "node 'n': {{vars.n.x}} cannot be resolved: 'vars.n.x' is not known")
        .satisfies(
            e -> assertThat(((MediaFlowException) e).suggestion()).contains("default('none')"));
  }

  @Test
  void no_method_field_or_class_is_reachable_only_keys_of_maps() {
    fails(
        "{{trigger.class}}",
        "TEMPLATE_UNRESOLVED",
        "node 'n': {{trigger.class}} cannot be resolved: 'trigger.class' is not known");
    fails(
        "{{trigger.title.length}}",
        "TEMPLATE_UNRESOLVED",
        "node 'n': {{trigger.title.length}} cannot be resolved: 'trigger.title.length' is not"
            + " known");
    fails(
        "{{ trigger.getClass() }}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{ trigger.getClass() }}\" is not valid at character 20: '|' before"
            + " a filter or '}}' to end the expression is expected");
    fails(
        "{{ a + b }}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{ a + b }}\" is not valid at character 6: '|' before a filter or"
            + " '}}' to end the expression is expected");
  }

  @Test
  void syntax_errors_name_the_character_and_what_was_expected() {
    fails(
        "Podcasts/{{ title",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"Podcasts/{{ title\" is not valid at character 10: the expression"
            + " opened here is not closed with '}}'");
    fails(
        "${title",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"${title\" is not valid at character 1: the expression opened here"
            + " is not closed with '}'");
    fails(
        "{{}}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{}}\" is not valid at character 3: '}' cannot start a value here");
    fails(
        "{{ title | }}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{ title | }}\" is not valid at character 12: a filter's name is"
            + " expected after '|'");
    fails(
        "{{ 'open }}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{ 'open }}\" is not valid at character 4: a quoted text is not"
            + " closed");
    fails(
        "{{ 'a\\qb' }}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{ 'a\\qb' }}\" is not valid at character 6: unknown escape in a"
            + " quoted text");
    fails(
        "{{ a[x] }}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{ a[x] }}\" is not valid at character 6: 'x' cannot start a value"
            + " here");
    fails(
        "{{ a. }}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{ a. }}\" is not valid at character 6: a name or an index is"
            + " expected after '.'");
    fails(
        "{{ 1234567890123456789 }}",
        "TEMPLATE_SYNTAX",
        "node 'n': template \"{{ 1234567890123456789 }}\" is not valid at character 4: the number"
            + " has more than 18 digits");
  }
}
