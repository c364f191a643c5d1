package io.mediaflow.internal.action.system;

import static io.mediaflow.internal.action.ActionRuns.completes;
import static io.mediaflow.internal.action.ActionRuns.fails;
import static io.mediaflow.internal.action.ActionRuns.node;
import static io.mediaflow.internal.action.ActionRuns.nodeRun;
import static io.mediaflow.internal.action.ActionRuns.outputs;
import static io.mediaflow.internal.action.ActionRuns.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.JobHandle;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code system.wait}: a durable sleep inside a real workflow run, on a manual clock. */
class WaitActionTest {

  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  final ManualClock clock = ManualClock.at(T0);
  final InMemoryStorage storage = new InMemoryStorage();
  final MediaFlow flow =
      MediaFlow.builder().storage(storage).clock(clock).runOnCallingThread().build();

  @AfterEach
  void close() {
    flow.close();
  }

  static String def(String duration) {
    return workflow(node("pause", "system.wait", "{\"duration\":\"" + duration + "\"}"));
  }

  @Test
  void the_run_yields_holding_no_thread_and_goes_on_when_the_time_has_come() {
    JobHandle h = flow.workflows().start(def("2h"), Map.of());

    flow.runDueJobs();

    assertThat(h.status().state()).isEqualTo(JobState.SCHEDULED);
    assertThat(h.status().waitReason()).contains(WaitReason.SLEEP);
    assertThat(h.status().lease()).isEmpty();
    assertThat(h.status().scheduledAt()).isEqualTo(T0.plus(Duration.ofHours(2)));

    clock.advance(Duration.ofMinutes(119));
    assertThat(flow.runDueJobs()).isZero();
    clock.advance(Duration.ofMinutes(1));
    completes(flow, h);

    assertThat(outputs(h, "pause")).containsEntry("until", "2026-03-01T14:00:00Z");
    assertThat(nodeRun(flow, h, "pause").summary()).isEqualTo("waited 2h");
  }

  @Test
  void a_test_run_does_not_wait() {
    JobHandle h = completes(flow, flow.workflows().testRun(def("72h"), Map.of()));

    assertThat(nodeRun(flow, h, "pause").summary()).isEqualTo("test run: would wait 72h");
  }

  @Test
  void a_wait_longer_than_a_year_and_a_day_is_refused() {
    JobError e = fails(flow, flow.workflows().start(def("9000h"), Map.of()));

    assertThat(e.code()).isEqualTo("OUT_OF_RANGE");
    assertThat(e.message()).contains("nodes[pause].params.duration");
  }
}
