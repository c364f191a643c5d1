package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.JobSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanRendererTest {

  private final ProcessingPlan plan =
      new Planner(TestOperators.registry())
          .plan(
              JobSpec.builder()
                  .input("main", "file:in.mp4")
                  .operation("trim")
                  .from("main")
                  .to("cut")
                  .param("duration", 5)
                  .operation("scale")
                  .from("cut")
                  .to("small")
                  .param("width", 640)
                  .output("small", "file:out/a.mp4")
                  .output("cut", "file:out/b.mkv")
                  .build(),
              Map.of("main", TestOperators.clip(60, 1280, 720)));

  @Test
  void json_has_one_invocation_with_its_arguments() throws Exception {
    JsonNode json =
        new ObjectMapper().readTree(PlanRenderer.json(plan, inv -> List.of("-i", "in.mp4")));

    assertThat(json.get("invocations")).hasSize(1);
    assertThat(json.get("invocations").get(0).get("args").get(1).asText()).isEqualTo("in.mp4");
    assertThat(json.get("nodes")).hasSize(5);
    assertThat(json.get("stages").get(0).get(0).asText()).isEqualTo("main");
    assertThat(json.get("expectedDurationSeconds").asDouble()).isEqualTo(5.0);
  }

  @Test
  void mermaid_draws_nodes_edges_and_the_invocation() {
    String m = PlanRenderer.mermaid(plan);

    assertThat(m).startsWith("flowchart LR\n");
    assertThat(m).contains("subgraph inv0").contains("n0 --> n1").contains("small = scale");
    assertThat(m).contains("640x360");
  }

  @Test
  void mermaid_escapes_quotes_from_user_text() {
    ProcessingPlan p =
        new Planner(TestOperators.registry())
            .plan(
                JobSpec.builder().input("in", "file:a\"b.mp4").output("in", "file:o.mkv").build(),
                Map.of("in", TestOperators.clip(1, 64, 64)));
    assertThat(PlanRenderer.mermaid(p)).doesNotContain("a\"b");
  }
}
