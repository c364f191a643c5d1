package io.mediaflow;

import static io.mediaflow.WorkflowRunTest.edge;
import static io.mediaflow.WorkflowRunTest.wf;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.testkit.FakeMediaBackend;
import io.mediaflow.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An action's {@code runMedia}: a child media job the run waits for, planned only in a test run.
 */
class WorkflowMediaTest {

  @TempDir Path dir;
  final ManualClock clock = ManualClock.at(MediaFlowEngineTest.T0);
  final InMemoryStorage storage = new InMemoryStorage();
  MediaFlow flow;

  @BeforeEach
  void build() throws IOException {
    Path input = Files.writeString(dir.resolve("in.mp4"), "not really media");
    flow =
        MediaFlow.builder()
            .storage(storage)
            .clock(clock)
            .runOnCallingThread()
            .operators(TestOperators.registry())
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .mediaBackend(
                FakeMediaBackend.builder().media(input, TestOperators.clip(4, 1280, 720)).build())
            .action(new Shrink())
            .build();
  }

  @AfterEach
  void close() {
    flow.close();
  }

  /** {@code test.shrink}: scales the input down through a media job. */
  static final class Shrink implements Action {
    public ActionDescriptor descriptor() {
      return ActionDescriptor.builder("test.shrink")
          .param(ParamSpec.builder("out", ParamType.STRING).required().build())
          .output(ActionOutput.of("result", "the media job's result", "{}"))
          .dryRun(DryRun.DESCRIBES_ITSELF)
          .build();
    }

    public ActionResult execute(ActionContext ctx, Params params) {
      JobSpec spec =
          JobSpec.builder()
              .input("main", "file:in.mp4")
              .operation("scale")
              .from("main")
              .to("small")
              .param("width", 640)
              .param("height", -2)
              .output("small", "file:out/" + params.getString("out"))
              .build();
      Job media = ctx.runMedia(spec);
      return ActionResult.of(Map.of("result", media.result().orElse("")))
          .withSummary((ctx.dryRun() ? "would write " : "wrote ") + params.getString("out"));
    }
  }

  String def() {
    return wf(
        "{\"id\":\"shrink\",\"type\":\"action\",\"action\":\"test.shrink\","
            + "\"params\":{\"out\":\"${trigger.out}\"}}",
        edge("start", "shrink"));
  }

  @Test
  void run_media_runs_a_child_media_job_and_the_run_waits_for_it_holding_no_thread() {
    JobHandle h = flow.workflows().start(def(), Map.of("out", "small.mp4"));

    flow.runDueJobs();

    assertThat(h.status().error()).isEmpty();
    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    Job child =
        storage.jobs().query(JobQuery.all().withParent(h.id()).withPage(0, 10)).items().get(0);
    assertThat(child.type()).isEqualTo("media");
    assertThat(child.state()).isEqualTo(JobState.COMPLETED);
    assertThat(dir.resolve("out/small.mp4")).isNotEmptyFile();
    assertThat(h.status().result().orElseThrow()).contains("small.mp4");
    assertThat(flow.workflows().run(h.id()).orElseThrow().node("shrink").orElseThrow().summary())
        .isEqualTo("wrote small.mp4");
  }

  @Test
  void a_test_run_plans_the_media_job_and_runs_nothing() {
    JobHandle h = flow.workflows().testRun(def(), Map.of("out", "dry.mp4"));

    flow.runDueJobs();

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(storage.jobs().query(JobQuery.all().withParent(h.id()).withPage(0, 10)).items())
        .isEmpty();
    assertThat(dir.resolve("out/dry.mp4")).doesNotExist();
    assertThat(h.status().result().orElseThrow()).contains("dryRun").contains("dry.mp4");
    assertThat(flow.workflows().run(h.id()).orElseThrow().node("shrink").orElseThrow().summary())
        .isEqualTo("would write dry.mp4");
  }
}
