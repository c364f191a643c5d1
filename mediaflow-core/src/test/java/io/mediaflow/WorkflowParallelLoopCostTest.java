package io.mediaflow;

import static io.mediaflow.WorkflowRunTest.edge;
import static io.mediaflow.WorkflowRunTest.wf;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.WorkflowRunResumeTest.CountingStorage;
import io.mediaflow.api.job.JobState;
import io.mediaflow.testkit.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A loop run in parallel keeps a sliding window of item runs and costs store work in proportion to
 * its items: each turn reads the runs in flight, not every item finished so far.
 */
class WorkflowParallelLoopCostTest {

  final ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
  final WorkflowTestActions actions = new WorkflowTestActions();
  final List<MediaFlow> flows = new ArrayList<>();

  @AfterEach
  void close() {
    flows.forEach(MediaFlow::close);
  }

  @Test
  void ten_thousand_items_eight_at_once_each_run_once_and_the_cost_grows_linearly() {
    Cost hundred = run(100);
    Cost thousand = run(1_000);
    Cost tenThousand = run(10_000);

    System.out.printf(
        "parallel loop cost: 100 items %s; 1,000 %s; 10,000 %s%n", hundred, thousand, tenThousand);
    // ten times the items: linear is about ten times the work, quadratic a hundred times
    assertThat(tenThousand.calls).isLessThan(thousand.calls * 12);
    assertThat(tenThousand.rows).isLessThan(thousand.rows * 12);
    assertThat(tenThousand.bytes).isLessThan(thousand.bytes * 12);
    assertThat(thousand.calls).isLessThan(hundred.calls * 12);
    assertThat(thousand.rows).isLessThan(hundred.rows * 12);
    assertThat(thousand.bytes).isLessThan(hundred.bytes * 12);
  }

  record Cost(long calls, long rows, long bytes) {}

  Cost run(int items) {
    CountingStorage storage = new CountingStorage(new InMemoryStorage());
    MediaFlow f =
        actions
            .register(
                MediaFlow.builder()
                    .storage(storage)
                    .clock(clock)
                    .runOnCallingThread()
                    .operators(TestOperators.registry()))
            .build();
    flows.add(f);
    List<Integer> list = new ArrayList<>(items);
    for (int i = 0; i < items; i++) {
      list.add(i);
    }
    String def =
        wf(
            "{\"id\":\"each\",\"type\":\"loop\",\"items\":\"${trigger.items}\",\"as\":\"n\","
                + "\"parallelism\":8,\"maxItems\":10000},"
                + "{\"id\":\"body\",\"type\":\"action\",\"action\":\"test.count\","
                + "\"params\":{\"name\":\"item-${loop.n}\"}}",
            edge("start", "each") + "," + edge("each", "body", "each"));
    actions.effects.clear();
    storage.counting.reset();

    JobHandle h = f.workflows().start(def, Map.of("items", list));
    f.runDueJobs();

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    int once = 0;
    for (int i = 0; i < items; i++) {
      once += actions.effects("item-" + i) == 1 ? 1 : 0;
    }
    assertThat(once).as("every item's body ran exactly once").isEqualTo(items);
    assertThat(f.workflows().run(h.id()).orElseThrow().node("each").orElseThrow().summary())
        .isEqualTo(items + " items, 8 at once");
    var c = storage.counting;
    return new Cost(c.calls.get(), c.rows.get(), c.bytes.get());
  }
}
