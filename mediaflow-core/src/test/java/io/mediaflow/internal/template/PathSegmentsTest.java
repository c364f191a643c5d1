package io.mediaflow.internal.template;

import static io.mediaflow.internal.template.TemplateScopes.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.MediaFlowException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values placed in a path become harmless pieces of one segment. */
class PathSegmentsTest {

  @Test
  void separators_dot_dot_control_characters_and_a_leading_dash_are_neutralised() {
    assertThat(PathSegments.sanitize("a/b\\c")).isEqualTo("a_b_c");
    assertThat(PathSegments.sanitize("..")).isEqualTo("_");
    assertThat(PathSegments.sanitize("../../etc/passwd")).isEqualTo("____etc_passwd");
    assertThat(PathSegments.sanitize("a...b")).isEqualTo("a_b");
    assertThat(PathSegments.sanitize(".")).isEqualTo("_");
    assertThat(PathSegments.sanitize(".\u0000.")).isEqualTo("_");
    assertThat(PathSegments.sanitize("line\nbreak\ttab\u007f")).isEqualTo("linebreaktab");
    assertThat(PathSegments.sanitize("-rf")).isEqualTo("_rf");
    assertThat(PathSegments.sanitize("")).isEmpty();
    assertThat(PathSegments.sanitize("Épisode 1.mp3")).isEqualTo("Épisode 1.mp3");
    assertThat(PathSegments.sanitize(".hidden")).isEqualTo(".hidden");
  }

  @Test
  void render_path_sanitises_each_value_but_not_the_templates_own_text() {
    Map<String, Object> scope =
        Map.of(
            "trigger",
            Map.of("title", "../../etc/passwd", "show", "-x", "dot", "."),
            "run",
            Map.of("startedAt", "2026-05-01T00:00:00Z"));
    String where = "node 'save', params.destination";
    assertThat(
            Templates.renderPath(
                "Podcasts/{{date:YYYY-MM}}/{{trigger.show}}/{{trigger.title}}.mp3", scope, where))
        .isEqualTo("Podcasts/2026-05/_x/____etc_passwd.mp3");
    assertThat(Templates.renderPath("a/{{trigger.dot}}{{trigger.dot}}/b", scope, where))
        .isEqualTo("a/__/b");
    assertThat(Templates.renderPath("../{{trigger.show}}", scope, where)).isEqualTo("../_x");
  }

  @Test
  void a_lone_expression_is_a_whole_path_and_must_be_one_text() {
    assertThat(path("{{nodes.dl.output.path}}")).isEqualTo("/media/in/a.mp4");
    assertThat(path("${vars.n}")).isEqualTo("3");
    assertThatThrownBy(() -> path("{{trigger.files}}"))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code().code()).isEqualTo("TEMPLATE_VALUE");
              assertThat(e.detail())
                  .isEqualTo("node 'n': {{trigger.files}}: a list cannot be a path");
            });
  }
}
