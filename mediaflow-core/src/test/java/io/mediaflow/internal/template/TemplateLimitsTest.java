package io.mediaflow.internal.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.MediaFlowException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bounds: template length, output length, nesting, steps; the bounded cache. */
class TemplateLimitsTest {

  static void limited(Runnable r, String detail) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code().code()).isEqualTo("TEMPLATE_LIMIT");
              assertThat(e.detail()).isEqualTo(detail);
              assertThat(e.suggestion()).isNotBlank();
            });
  }

  @Test
  void a_template_longer_than_the_bound_is_refused_before_it_is_read() {
    String t = "{{a}}" + "x".repeat(65_532);
    limited(
        () -> Templates.standard().compile(t, "node 'n'"),
        "node 'n': the template is 65537 characters long; at most 65536 are allowed");
  }

  @Test
  void a_result_longer_than_the_bound_is_refused() {
    Map<String, Object> scope = Map.of("big", "a".repeat(40_000));
    limited(
        () -> Templates.render("{{big}}{{big}}", scope, "node 'n'"),
        "node 'n': the template's result is longer than 65536 characters");
    limited(
        () -> Templates.render("{{big | replace('a', 'aa')}}", scope, "node 'n'"),
        "node 'n': the template's result is longer than 65536 characters");
    assertThat(Templates.render("{{big | truncate(10)}}", scope, "node 'n'"))
        .isEqualTo("aaaaaaaaaa");
  }

  @Test
  void a_value_that_holds_itself_stops_at_the_nesting_bound() {
    Map<String, Object> self = new HashMap<>();
    self.put("self", self);
    limited(
        () -> Templates.render("x {{v}}", Map.of("v", self), "node 'n'"),
        "node 'n': a value is nested more than 256 levels deep");
    List<Object> deep = List.of(List.of(List.of(1)));
    assertThat(Templates.render("{{v}}!", Map.of("v", deep), "node 'n'")).isEqualTo("[[[1]]]!");
  }

  @Test
  void a_render_stops_after_its_steps() {
    Templates small = new Templates(new TemplateLimits(10_000, 10_000, 20), 16);
    Map<String, Object> scope = Map.of("a", "x");
    assertThat(small.compile("{{a}}{{a}}{{a}}", "n").render(scope, "n")).isEqualTo("xxx");
    limited(
        () -> small.compile("{{a}}".repeat(10), "node 'n'").render(scope, "node 'n'"),
        "node 'n': the template takes more than 20 evaluation steps");
  }

  @Test
  void the_cache_keeps_at_most_its_capacity_and_hands_out_one_compiled_template() {
    Templates t = new Templates(TemplateLimits.DEFAULTS, 8);
    CompiledTemplate first = t.compile("{{a}}-0", "n");
    assertThat(t.compile("{{a}}-0", "n")).isSameAs(first);
    for (int i = 1; i < 100; i++) {
      t.compile("{{a}}-" + i, "n");
      assertThat(t.cacheSize()).isLessThanOrEqualTo(8);
    }
    assertThat(t.compile("{{a}}-0", "n").render(Map.of("a", "z"), "n")).isEqualTo("z-0");
  }

  @Test
  void the_cache_holds_at_most_its_budget_of_template_text() {
    Templates t = new Templates(TemplateLimits.DEFAULTS, 4096);
    String body = "x".repeat(60_000);
    for (int i = 0; i < 200; i++) {
      t.compile("{{a}}" + i + body, "n");
      assertThat(t.cacheCharacters()).isLessThanOrEqualTo(TemplateCache.MAX_CHARACTERS);
    }
    assertThat(t.cacheSize()).isBetween(60, 70);
  }

  @Test
  void limits_must_be_positive() {
    assertThatThrownBy(() -> new TemplateLimits(0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("template limits must be at least 1 but were 0, 1, 1");
    assertThatThrownBy(() -> new Templates(TemplateLimits.DEFAULTS, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be at least 1 but was 0");
  }
}
