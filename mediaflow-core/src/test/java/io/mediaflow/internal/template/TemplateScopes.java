package io.mediaflow.internal.template;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.MediaFlowException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;

/** The scope the template tests render against, shaped as a workflow run's. */
final class TemplateScopes {

  static final String WHERE = "node 'n'";

  private TemplateScopes() {}

  static Map<String, Object> scope() {
    Map<String, Object> vars = new HashMap<>();
    vars.put("title", "Var Title");
    vars.put("n", 3);
    vars.put("ratio", 2.0);
    vars.put("empty", "");
    vars.put("nothing", null);
    Map<String, Object> trigger = new HashMap<>();
    trigger.put("title", "Trigger Title");
    trigger.put("url", "https://example.com/v?id=1");
    trigger.put("file", Map.of("name", "Clip.MP4", "size", 1_572_864));
    trigger.put("files", List.of("a", "b"));
    trigger.put("headers", Map.of("content-type", "video/mp4"));
    trigger.put("show", "Ça va? Très BIEN!");
    trigger.put("at", "2024-12-30T10:15:30Z");
    Map<String, Object> s = new HashMap<>();
    s.put("trigger", trigger);
    s.put("vars", vars);
    s.put(
        "nodes",
        Map.of(
            "dl", Map.of("output", Map.of("path", "/media/in/a.mp4", "duration", 5025.5, "n", 7))));
    s.put("run", Map.of("id", "r1", "startedAt", Instant.parse("2026-12-31T23:30:00Z")));
    s.put("workflow", Map.of("id", "wf"));
    return s;
  }

  static Object eval(String template) {
    return Templates.standard().compile(template, WHERE).evaluate(scope(), WHERE);
  }

  static String render(String template) {
    return Templates.standard().compile(template, WHERE).render(scope(), WHERE);
  }

  static String path(String template) {
    return Templates.standard().compile(template, WHERE).renderPath(scope(), WHERE);
  }

  /** Asserts that rendering fails with {@code code} and exactly {@code message} (its detail). */
  static AbstractThrowableAssert<?, ? extends Throwable> fails(
      String template, String code, String message) {
    return assertThatThrownBy(() -> eval(template))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              org.assertj.core.api.Assertions.assertThat(e.code().code()).isEqualTo(code);
              org.assertj.core.api.Assertions.assertThat(e.detail()).isEqualTo(message);
            })
        .hasMessageStartingWith(code + ": " + message);
  }
}
