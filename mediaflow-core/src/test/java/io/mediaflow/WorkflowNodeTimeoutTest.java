package io.mediaflow;

import static io.mediaflow.WorkflowRunTest.edge;
import static io.mediaflow.WorkflowRunTest.wf;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.testkit.FakeMediaBackend;
import io.mediaflow.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's {@code timeout} stops its action: one that blocks on the run's thread is interrupted at
 * the deadline of the engine's clock, and one that waits for its media job (holding no thread) is
 * woken at the deadline, which survives the run's resumes, and its job is cancelled.
 */
class WorkflowNodeTimeoutTest {

  @TempDir Path dir;
  final ManualClock clock = ManualClock.at(MediaFlowEngineTest.T0);
  final InMemoryStorage storage = new InMemoryStorage();
  final AtomicInteger blockCalls = new AtomicInteger();
  final AtomicBoolean interruptedAfterwards = new AtomicBoolean();
  MediaFlow flow;

  @AfterEach
  void close() {
    if (flow != null) {
      flow.close();
    }
  }

  /**
   * {@code test.block}: the first call moves the clock past the node's deadline and then blocks for
   * ever on a latch nobody counts down; later calls return at once.
   */
  final class Block implements Action {
    public ActionDescriptor descriptor() {
      return ActionDescriptor.builder("test.block").dryRun(DryRun.DESCRIBES_ITSELF).build();
    }

    public ActionResult execute(ActionContext ctx, Params params) throws InterruptedException {
      if (blockCalls.incrementAndGet() == 1) {
        clock.advance(Duration.ofMinutes(2));
        new CountDownLatch(1).await();
      }
      return ActionResult.empty().withSummary("returned");
    }
  }

  /** {@code test.after}: records whether the run's thread is still interrupted when it runs. */
  final class After implements Action {
    public ActionDescriptor descriptor() {
      return ActionDescriptor.builder("test.after").build();
    }

    public ActionResult execute(ActionContext ctx, Params params) {
      interruptedAfterwards.set(Thread.currentThread().isInterrupted());
      return ActionResult.empty();
    }
  }

  /** {@code test.remux}: one media job writing {@code out/copy.mp4}. */
  static final class Remux implements Action {
    public ActionDescriptor descriptor() {
      return ActionDescriptor.builder("test.remux").build();
    }

    public ActionResult execute(ActionContext ctx, Params params) {
      Job media =
          ctx.runMedia(
              JobSpec.builder()
                  .input("main", "file:in.mp4")
                  .output("main", "file:out/copy.mp4")
                  .build());
      return ActionResult.of(Map.of("state", media.state().name()));
    }
  }

  MediaFlow flow(FakeMediaBackend backend) throws IOException {
    Path input = Files.writeString(dir.resolve("in.mp4"), "not really media");
    flow =
        MediaFlow.builder()
            .storage(storage)
            .clock(clock)
            .runOnCallingThread()
            .operators(TestOperators.registry())
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .mediaBackend(
                backend == null
                    ? FakeMediaBackend.builder()
                        .media(input, TestOperators.clip(4, 1280, 720))
                        .build()
                    : backend)
            // a failed media job is tried again only after ten minutes
            .retryPolicy(
                "media",
                RetryPolicy.from(RetryPolicy.ofDefaults())
                    .fixed(Duration.ofMinutes(10))
                    .maxDelay(Duration.ofMinutes(10))
                    .jitter(0)
                    .maxAttempts(3)
                    .build())
            .action(new Block())
            .action(new After())
            .action(new Remux())
            .build();
    return flow;
  }

  @Test
  void an_action_blocked_on_the_runs_thread_is_interrupted_at_its_deadline_and_retried()
      throws Exception {
    flow(null);
    String def =
        wf(
            "{\"id\":\"slow\",\"type\":\"action\",\"action\":\"test.block\",\"timeout\":\"1m\","
                + "\"retry\":{\"maxAttempts\":2,\"kind\":\"FIXED\",\"initialDelay\":\"1s\","
                + "\"jitter\":0}},"
                + "{\"id\":\"after\",\"type\":\"action\",\"action\":\"test.after\"}",
            edge("start", "slow") + "," + edge("slow", "after"));
    JobHandle h = flow.workflows().start(def, Map.of());

    flow.runDueJobs(); // blocks in the first call until the watch interrupts it
    clock.advance(Duration.ofSeconds(1));
    flow.runDueJobs();

    assertThat(h.status().error()).isEmpty();
    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(blockCalls).hasValue(2);
    assertThat(interruptedAfterwards).as("the run's thread is left interrupted").isFalse();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    WorkflowRun run = flow.workflows().run(h.id()).orElseThrow();
    assertThat(run.node("slow").orElseThrow().runs()).isEqualTo(2);
  }

  @Test
  void an_action_blocked_past_its_deadline_without_retries_fails_with_node_timeout()
      throws Exception {
    flow(null);
    String def =
        wf(
            "{\"id\":\"slow\",\"type\":\"action\",\"action\":\"test.block\",\"timeout\":\"1m\"}",
            edge("start", "slow"));
    JobHandle h = flow.workflows().start(def, Map.of());

    flow.runDueJobs();

    Job dead = h.status();
    assertThat(dead.state()).isEqualTo(JobState.DEAD);
    JobError error = dead.error().orElseThrow();
    assertThat(error.code()).isEqualTo("NODE_TIMEOUT");
    assertThat(error.message())
        .isEqualTo(
            "workflow 'wf' run "
                + h.id()
                + " at node 'slow': action 'test.block' ran longer than its timeout 1m");
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void a_media_job_still_unfinished_at_the_nodes_deadline_is_cancelled_and_the_node_times_out()
      throws Exception {
    Path input = dir.resolve("in.mp4");
    flow(
        FakeMediaBackend.builder()
            .media(input, TestOperators.clip(4, 1280, 720))
            .failWith(ErrorCode.DISK_FULL, 1) // retryable: the job waits ten minutes
            .build());
    String def =
        wf(
            "{\"id\":\"remux\",\"type\":\"action\",\"action\":\"test.remux\",\"timeout\":\"5m\"}",
            edge("start", "remux"));
    JobHandle h = flow.workflows().start(def, Map.of());

    flow.runDueJobs(); // the run starts the job and waits; the job fails once, due again at +10m
    Job media = onlyChild(h);
    assertThat(media.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(h.status().state()).isEqualTo(JobState.SCHEDULED);

    clock.advance(Duration.ofMinutes(3)); // nothing is due before the deadline
    flow.runDueJobs();
    assertThat(h.status().state()).isEqualTo(JobState.SCHEDULED);

    clock.advance(Duration.ofMinutes(2)); // the deadline, counted from the node's start
    flow.runDueJobs();

    Job dead = h.status();
    assertThat(dead.state()).isEqualTo(JobState.DEAD);
    assertThat(dead.error().orElseThrow().code()).isEqualTo("NODE_TIMEOUT");
    assertThat(dead.error().orElseThrow().message())
        .isEqualTo(
            "workflow 'wf' run "
                + h.id()
                + " at node 'remux': action 'test.remux' ran longer than its timeout 5m");
    assertThat(onlyChild(h).state()).isEqualTo(JobState.CANCELLED);
    assertThat(dir.resolve("out/copy.mp4")).doesNotExist();
  }

  @Test
  void a_media_job_that_ends_before_the_deadline_is_waited_for_as_without_a_timeout()
      throws Exception {
    flow(null);
    String def =
        wf(
            "{\"id\":\"remux\",\"type\":\"action\",\"action\":\"test.remux\",\"timeout\":\"5m\"}",
            edge("start", "remux"));
    JobHandle h = flow.workflows().start(def, Map.of());

    flow.runDueJobs();

    assertThat(h.status().error()).isEmpty();
    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(onlyChild(h).state()).isEqualTo(JobState.COMPLETED);
    assertThat(h.status().result().orElseThrow()).contains("\"state\":\"COMPLETED\"");
  }

  private Job onlyChild(JobHandle h) {
    List<Job> children =
        storage.jobs().query(JobQuery.all().withParent(h.id()).withPage(0, 10)).items();
    assertThat(children).hasSize(1);
    return children.get(0);
  }
}
