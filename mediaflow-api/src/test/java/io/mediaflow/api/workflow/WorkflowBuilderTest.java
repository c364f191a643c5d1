package io.mediaflow.api.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.condition.Comparison;
import io.mediaflow.api.condition.Operator;
import io.mediaflow.api.job.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowBuilderTest {

  @Test
  void builds_the_javadoc_example() {
    Workflow wf =
        Workflow.builder("archive")
            .name("Archive")
            .variable("quality", "best")
            .trigger("start")
            .action("dl", "download.url")
            .param("url", "${trigger.url}")
            .timeout(Duration.ofMinutes(30))
            .output("file", "path")
            .onError("failed")
            .condition("big", "${nodes.dl.output.size}", Operator.GT, 1_000_000)
            .action("small", "media.convert")
            .param("input", "${vars.file}")
            .action("large", "media.convert")
            .param("input", "${vars.file}")
            .param("crf", 28)
            .error("failed", ErrorPolicy.skip())
            .chain("start", "dl", "big")
            .edge("big", "large", ConditionNode.TRUE)
            .edge("big", "small", ConditionNode.FALSE)
            .build();

    assertThat(wf.version()).isEqualTo(Workflow.CURRENT_VERSION);
    assertThat(wf.name()).isEqualTo("Archive");
    assertThat(wf.onError()).isEqualTo(ErrorPolicy.ABORT);
    assertThat(wf.nodes())
        .extracting(Node::id)
        .containsExactly("start", "dl", "big", "small", "large", "failed");
    assertThat(wf.node("dl"))
        .contains(
            new ActionNode(
                "dl",
                "download.url",
                Map.of("url", "${trigger.url}"),
                new NodeSettings(
                    Duration.ofMinutes(30), RetryPolicy.none(), Map.of("file", "path"), "failed")));
    assertThat(wf.edgesFrom("big"))
        .containsExactly(new Edge("big", "large", "true"), new Edge("big", "small", "false"));
    assertThat(wf.edges()).startsWith(Edge.of("start", "dl"), Edge.of("dl", "big"));
  }

  @Test
  void builds_every_node_type() {
    Workflow wf =
        Workflow.builder("w")
            .trigger("t")
            .switchOn("s", "${trigger.kind}", "a", "b")
            .delay("d", Duration.ofHours(1))
            .delayUntil("u", Instant.parse("2026-12-24T00:00:00Z"))
            .awaitSignal("g", "approved", Duration.ofDays(3), "${trigger.path}")
            .loop("l", "${trigger.files}", "file", 10, 2)
            .parallel("p")
            .merge("m")
            .node(MergeNode.any("any"))
            .build();

    assertThat(wf.nodes())
        .containsExactly(
            TriggerNode.manual("t"),
            new SwitchNode("s", "${trigger.kind}", List.of("a", "b")),
            new DelayNode("d", new DelayNode.For(Duration.ofHours(1))),
            new DelayNode("u", new DelayNode.Until(Instant.parse("2026-12-24T00:00:00Z"))),
            new DelayNode(
                "g", new DelayNode.Signal("approved", Duration.ofDays(3), "${trigger.path}")),
            new LoopNode("l", "${trigger.files}", "file", 10, 2),
            new ParallelNode("p"),
            MergeNode.all("m"),
            MergeNode.any("any"));
    assertThat(wf.nodes())
        .extracting(Node::type)
        .containsExactly(
            "trigger",
            "condition",
            "delay",
            "delay",
            "delay",
            "loop",
            "parallel",
            "merge",
            "merge");
  }

  @Test
  void each_node_type_names_its_ports() {
    assertThat(new ConditionNode("c", Comparison.of(1, Operator.EQ, 1)).ports())
        .containsExactlyInAnyOrder("true", "false");
    assertThat(new SwitchNode("s", "x", List.of("a", "b")).ports())
        .containsExactly("a", "b", "default");
    assertThat(LoopNode.of("l", "${x}", "i").ports()).containsExactlyInAnyOrder("each", "done");
    assertThat(new ErrorNode("e", ErrorPolicy.fallback()).ports()).containsExactly("fallback");
    assertThat(new ParallelNode("p").ports()).containsExactly(Edge.NEXT);
    assertThat(new DelayNode("d", new DelayNode.For(Duration.ofMinutes(1))).ports())
        .containsExactly(Edge.NEXT);
    assertThat(new DelayNode("s", new DelayNode.Signal("go", Duration.ofDays(1), "")).ports())
        .containsExactlyInAnyOrder(Edge.NEXT, DelayNode.TIMEOUT);
  }

  @Test
  void an_action_step_is_closed_once_the_next_node_starts() {
    Workflow.ActionStep step = Workflow.builder("w").action("a", "x.y");
    step.parallel("p");

    assertThatThrownBy(() -> step.param("k", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "action node 'a' is already part of the workflow: set its parameters and settings"
                + " before the next node, edge or build()");
  }

  @Test
  void a_param_or_variable_is_set_once() {
    assertThatThrownBy(() -> Workflow.builder("w").action("a", "x.y").param("k", 1).param("k", 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("param 'k' of action node 'a' was already set to 1; set each parameter once");
    assertThatThrownBy(() -> Workflow.builder("w").variable("v", 1).variable("v", 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("variable 'v' was already set to 1");
  }

  @Test
  void error_policies_read_as_they_are_written() {
    ErrorPolicy p =
        ErrorPolicy.pause("notify.email", Map.of("to", "ops@example.com"))
            .withRetry(RetryPolicy.builder().maxAttempts(3).build());

    assertThat(p.then()).isEqualTo(ErrorPolicy.Then.PAUSE);
    assertThat(p.notifyAction()).isEqualTo("notify.email");
    assertThat(p.retry().maxAttempts()).isEqualTo(3);
    assertThat(ErrorPolicy.abort()).isEqualTo(ErrorPolicy.ABORT);
    assertThat(ErrorPolicy.Then.FALLBACK.jsonName()).isEqualTo("fallback");
  }
}
