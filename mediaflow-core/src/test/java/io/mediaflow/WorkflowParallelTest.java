package io.mediaflow;

import static io.mediaflow.WorkflowRunTest.count;
import static io.mediaflow.WorkflowRunTest.edge;
import static io.mediaflow.WorkflowRunTest.wf;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.testkit.ManualClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Parallel branches as child runs, joined by a merge: all, any (the rest cancelled), n. */
class WorkflowParallelTest {

  final ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
  final InMemoryStorage storage = new InMemoryStorage();
  final WorkflowTestActions actions = new WorkflowTestActions();
  MediaFlow flow;

  @AfterEach
  void close() {
    flow.close();
  }

  MediaFlow flow() {
    flow =
        actions
            .register(
                MediaFlow.builder()
                    .storage(storage)
                    .clock(clock)
                    .runOnCallingThread()
                    .operators(TestOperators.registry()))
            .build();
    return flow;
  }

  List<Job> children(JobHandle h) {
    return storage.jobs().query(JobQuery.all().withParent(h.id()).withPage(0, 1000)).items();
  }

  @Test
  void a_merge_of_all_waits_for_every_branch_and_takes_their_variables() {
    MediaFlow f = flow();
    String def =
        wf(
            "{\"id\":\"fan\",\"type\":\"parallel\"},"
                + "{\"id\":\"b1\",\"type\":\"action\",\"action\":\"test.echo\",\"params\":"
                + "{\"value\":\"one-${trigger.t}\"},\"output\":{\"first\":\"value\"}},"
                + "{\"id\":\"b2\",\"type\":\"action\",\"action\":\"test.count\",\"params\":"
                + "{\"name\":\"b2\"},\"output\":{\"second\":\"n\"}},"
                + "{\"id\":\"join\",\"type\":\"merge\",\"mode\":\"all\"},"
                + "{\"id\":\"after\",\"type\":\"action\",\"action\":\"test.echo\",\"params\":"
                + "{\"value\":\"${vars.first}+${vars.second}\"}}",
            edge("start", "fan")
                + ","
                + edge("fan", "b1")
                + ","
                + edge("fan", "b2")
                + ","
                + edge("b1", "join")
                + ","
                + edge("b2", "join")
                + ","
                + edge("join", "after"));
    JobHandle h = f.workflows().start(def, Map.of("t", "x"));

    f.runDueJobs();

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(h.status().result().orElseThrow()).contains("\"value\":\"one-x+1\"");
    assertThat(children(h)).hasSize(2).allMatch(j -> j.state() == JobState.COMPLETED);
    assertThat(actions.effects("b2")).isOne();
    WorkflowRun r = f.workflows().run(h.id()).orElseThrow();
    assertThat(r.node("join").orElseThrow().summary()).isEqualTo("2 of 2 branches");
    assertThat(r.node("b1")).as("branches run in their own runs").isEmpty();
  }

  @Test
  void a_merge_of_any_goes_on_with_the_first_branch_and_cancels_the_rest() {
    MediaFlow f = flow();
    String def =
        wf(
            "{\"id\":\"fan\",\"type\":\"parallel\"},"
                + count("fast", "fast")
                + ","
                + "{\"id\":\"slow\",\"type\":\"delay\",\"signal\":\"go\"},"
                + count("late", "late")
                + ","
                + "{\"id\":\"join\",\"type\":\"merge\",\"mode\":\"any\"},"
                + count("after", "after"),
            edge("start", "fan")
                + ","
                + edge("fan", "fast")
                + ","
                + edge("fan", "slow")
                + ","
                + edge("slow", "late")
                + ","
                + edge("fast", "join")
                + ","
                + edge("late", "join")
                + ","
                + edge("join", "after"));
    JobHandle h = f.workflows().start(def, Map.of());

    f.runDueJobs();

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(actions.effects("fast")).isOne();
    assertThat(actions.effects("after")).isOne();
    assertThat(children(h))
        .extracting(Job::state)
        .containsExactlyInAnyOrder(JobState.COMPLETED, JobState.CANCELLED);
    assertThat(actions.effects("late")).isZero();
    assertThat(f.workflows().run(h.id()).orElseThrow().node("join").orElseThrow().summary())
        .isEqualTo("1 of 2 branches, 1 cancelled");
  }

  @Test
  void a_thousand_branches_run_as_child_runs_and_join() {
    MediaFlow f = flow();
    StringBuilder nodes = new StringBuilder("{\"id\":\"fan\",\"type\":\"parallel\"},");
    StringBuilder edges = new StringBuilder(edge("start", "fan"));
    for (int i = 0; i < 1000; i++) {
      nodes.append(count("b" + i, "b" + i)).append(',');
      edges.append(',').append(edge("fan", "b" + i)).append(',').append(edge("b" + i, "join"));
    }
    nodes.append("{\"id\":\"join\",\"type\":\"merge\"}");
    JobHandle h = f.workflows().start(wf(nodes.toString(), edges.toString()), Map.of());

    long t = System.nanoTime();
    f.runDueJobs();
    System.out.printf("1000 branches: %d ms%n", (System.nanoTime() - t) / 1_000_000);

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    int done = 0;
    for (int i = 0; i < 1000; i++) {
      done += actions.effects("b" + i);
    }
    assertThat(done).isEqualTo(1000);
    assertThat(f.workflows().run(h.id()).orElseThrow().node("join").orElseThrow().summary())
        .isEqualTo("1000 of 1000 branches");
  }

  @Test
  void a_branch_joins_its_own_nested_parallel_before_the_outer_merge() {
    MediaFlow f = flow();
    String def =
        wf(
            "{\"id\":\"outer\",\"type\":\"parallel\"},"
                + count("a", "a")
                + ","
                + "{\"id\":\"inner\",\"type\":\"parallel\"},"
                + count("b1", "b1")
                + ","
                + count("b2", "b2")
                + ","
                + "{\"id\":\"innerJoin\",\"type\":\"merge\"},"
                + count("afterInner", "afterInner")
                + ","
                + "{\"id\":\"outerJoin\",\"type\":\"merge\"},"
                + count("end", "end"),
            edge("start", "outer")
                + ","
                + edge("outer", "a")
                + ","
                + edge("outer", "inner")
                + ","
                + edge("inner", "b1")
                + ","
                + edge("inner", "b2")
                + ","
                + edge("b1", "innerJoin")
                + ","
                + edge("b2", "innerJoin")
                + ","
                + edge("innerJoin", "afterInner")
                + ","
                + edge("afterInner", "outerJoin")
                + ","
                + edge("a", "outerJoin")
                + ","
                + edge("outerJoin", "end"));
    JobHandle h = f.workflows().start(def, Map.of());

    f.runDueJobs();

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    for (String n : List.of("a", "b1", "b2", "afterInner", "end")) {
      assertThat(actions.effects(n)).as(n).isOne();
    }
  }

  @Test
  void a_loop_with_parallelism_runs_its_items_as_child_runs_at_most_n_at_once() {
    MediaFlow f = flow();
    List<Integer> items = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      items.add(i);
    }
    String def =
        wf(
            "{\"id\":\"each\",\"type\":\"loop\",\"items\":\"${trigger.items}\",\"as\":\"n\","
                + "\"parallelism\":8},"
                + "{\"id\":\"body\",\"type\":\"action\",\"action\":\"test.count\","
                + "\"params\":{\"name\":\"item-${loop.n}\"}},"
                + count("after", "after"),
            edge("start", "each")
                + ","
                + edge("each", "body", "each")
                + ","
                + edge("each", "after", "done"));
    JobHandle h = f.workflows().start(def, Map.of("items", items));

    f.runDueJobs();

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    int done = 0;
    for (int i = 0; i < 1000; i++) {
      done += actions.effects("item-" + i);
    }
    assertThat(done).isEqualTo(1000);
    assertThat(actions.effects("after")).isOne();
    assertThat(children(h)).hasSize(1000);
    assertThat(f.workflows().run(h.id()).orElseThrow().node("each").orElseThrow().summary())
        .isEqualTo("1000 items, 8 at once");
  }

  @Test
  void cancelling_a_waiting_run_cancels_its_branches_and_publishes_workflow_cancelled()
      throws Exception {
    MediaFlow f = flow();
    java.util.concurrent.CompletableFuture<io.mediaflow.api.event.Event> cancelled =
        new java.util.concurrent.CompletableFuture<>();
    f.events().subscribe("workflow.cancelled", cancelled::complete);
    String def =
        wf(
            "{\"id\":\"fan\",\"type\":\"parallel\"},"
                + "{\"id\":\"w1\",\"type\":\"delay\",\"signal\":\"go\"},"
                + "{\"id\":\"w2\",\"type\":\"delay\",\"signal\":\"go\"},"
                + "{\"id\":\"join\",\"type\":\"merge\"}",
            edge("start", "fan")
                + ","
                + edge("fan", "w1")
                + ","
                + edge("fan", "w2")
                + ","
                + edge("w1", "join")
                + ","
                + edge("w2", "join"));
    JobHandle h = f.workflows().start(def, Map.of());
    f.runDueJobs();
    assertThat(h.status().state()).isEqualTo(JobState.SCHEDULED);

    assertThat(f.cancel(h.id())).isTrue();

    assertThat(h.status().state()).isEqualTo(JobState.CANCELLED);
    assertThat(children(h)).hasSize(2).allMatch(j -> j.state() == JobState.CANCELLED);
    assertThat(cancelled.get(5, java.util.concurrent.TimeUnit.SECONDS).data())
        .containsEntry("runId", h.id());
  }
}
