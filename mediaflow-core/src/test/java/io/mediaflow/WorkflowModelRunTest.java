package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.condition.Operator;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.workflow.ConditionNode;
import io.mediaflow.api.workflow.ErrorPolicy;
import io.mediaflow.api.workflow.LoopNode;
import io.mediaflow.api.workflow.Workflow;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A workflow built with the model's builder, validated, written by WorkflowJson and run. */
class WorkflowModelRunTest {

  final ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
  final WorkflowTestActions actions = new WorkflowTestActions();
  MediaFlow flow;

  @AfterEach
  void close() {
    flow.close();
  }

  @Test
  void a_built_workflow_with_a_branch_a_loop_a_delay_and_an_error_handler_validates_and_runs() {
    flow =
        actions
            .register(
                MediaFlow.builder()
                    .storage(new InMemoryStorage())
                    .clock(clock)
                    .runOnCallingThread()
                    .operators(TestOperators.registry()))
            .build();
    actions.failuresLeft.put("flaky", new AtomicInteger(1));
    Workflow wf =
        Workflow.builder("archive")
            .variable("quality", "best")
            .trigger("start")
            .action("dl", "test.flaky")
            .param("name", "flaky")
            .retry(
                RetryPolicy.builder()
                    .fixed(Duration.ofSeconds(10))
                    .jitter(0)
                    .maxAttempts(2)
                    .build())
            .onError("failed")
            .condition("big", "${trigger.size}", Operator.GT, 1000)
            .loop("each", "${trigger.files}", "file")
            .action("body", "test.echo")
            .param("value", "${loop.file}/${vars.quality}")
            .output("last", "value")
            .delay("wait", Duration.ofMinutes(90))
            .action("small", "test.count")
            .param("name", "small")
            .error("failed", ErrorPolicy.skip())
            .chain("start", "dl", "big")
            .edge("big", "each", ConditionNode.TRUE)
            .edge("big", "small", ConditionNode.FALSE)
            .edge("each", "body", LoopNode.EACH)
            .edge("each", "wait", LoopNode.DONE)
            .build();
    assertThat(flow.validateWorkflow(WorkflowJson.write(wf))).isEmpty();

    JobHandle h = flow.workflows().start(wf, Map.of("size", 5000, "files", List.of("a", "b")));
    flow.runDueJobs();
    clock.advance(Duration.ofSeconds(10));
    flow.runDueJobs();
    assertThat(h.status().state()).isEqualTo(JobState.SCHEDULED);
    clock.advance(Duration.ofMinutes(90));
    flow.runDueJobs();

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(actions.calls("flaky")).isEqualTo(2);
    assertThat(actions.effects("small")).isZero();
    WorkflowRun run = flow.workflows().run(h.id()).orElseThrow();
    assertThat(run.vars()).containsEntry("last", "b/best");
    assertThat(run.node("wait").orElseThrow().duration()).isEqualTo(Duration.ofMinutes(90));
    assertThat(run.nodes())
        .extracting(WorkflowRun.NodeRun::nodeId)
        .containsExactly("start", "dl", "big", "each", "body", "wait");
  }
}
