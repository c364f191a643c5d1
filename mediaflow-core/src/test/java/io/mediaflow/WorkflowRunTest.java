package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Workflow runs on the engine in calling-thread mode, on a manual clock and in-memory storage, with
 * real actions: each node kind, waits that hold no thread, error policies, test runs, events,
 * per-node status and bad input.
 */
class WorkflowRunTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final ManualClock clock = ManualClock.at(T0);
  final InMemoryStorage storage = new InMemoryStorage();
  final WorkflowTestActions actions = new WorkflowTestActions();
  final List<Event> events = new CopyOnWriteArrayList<>();
  final List<MediaFlow> flows = new ArrayList<>();

  @AfterEach
  void close() {
    flows.forEach(MediaFlow::close);
  }

  MediaFlow flow() {
    MediaFlow f =
        actions
            .register(
                MediaFlow.builder()
                    .storage(storage)
                    .clock(clock)
                    .runOnCallingThread()
                    .operators(TestOperators.registry()))
            .build();
    f.events().subscribe("workflow.**", events::add);
    flows.add(f);
    return f;
  }

  static String wf(String nodes, String edges) {
    return "{\"version\":1,\"id\":\"wf\",\"nodes\":[{\"id\":\"start\",\"type\":\"trigger\","
        + "\"kind\":\"manual\"},"
        + nodes
        + "],\"edges\":["
        + edges
        + "]}";
  }

  static String count(String id, String name) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\"action\",\"action\":\"test.count\",\"params\":"
        + "{\"name\":\""
        + name
        + "\"}}";
  }

  static String edge(String from, String to) {
    return "{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}";
  }

  static String edge(String from, String to, String port) {
    return "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"port\":\"" + port + "\"}";
  }

  Job job(JobHandle h) {
    return h.status();
  }

  WorkflowRun run(MediaFlow f, JobHandle h) {
    return f.workflows().run(h.id()).orElseThrow();
  }

  List<String> eventTypes() {
    awaitEvents();
    return events.stream().map(Event::type).toList();
  }

  void awaitEvents() {
    // the bus is asynchronous: wait until it is quiet
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    int seen = -1;
    while (System.nanoTime() < deadline) {
      int now = events.size();
      if (now == seen) {
        return;
      }
      seen = now;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  // ---------------------------------------------------------------- action, templates, mapping

  @Test
  void a_linear_workflow_runs_each_action_once_maps_outputs_and_shows_per_node_status() {
    MediaFlow f = flow();
    String def =
        wf(
            count("a", "a")
                + ","
                + "{\"id\":\"b\",\"type\":\"action\",\"action\":\"test.echo\","
                + "\"params\":{\"value\":\"${trigger.title}-${nodes.a.output.n}\"},"
                + "\"output\":{\"label\":\"value\"}}",
            edge("start", "a") + "," + edge("a", "b"));
    JobHandle h = f.workflows().start(def, Map.of("title", "clip"));

    f.runDueJobs();

    assertThat(job(h).state()).isEqualTo(JobState.COMPLETED);
    assertThat(job(h).result().orElseThrow()).contains("\"label\":\"clip-1\"");
    assertThat(actions.effects("a")).isEqualTo(1);
    WorkflowRun r = run(f, h);
    assertThat(r.workflowId()).isEqualTo("wf");
    assertThat(r.vars()).containsEntry("label", "clip-1");
    assertThat(r.nodes())
        .extracting(WorkflowRun.NodeRun::nodeId)
        .containsExactly("start", "a", "b");
    WorkflowRun.NodeRun b = r.node("b").orElseThrow();
    assertThat(b.state()).isEqualTo("COMPLETED");
    assertThat(b.summary()).isEqualTo("echo clip-1");
    assertThat(b.start()).isEqualTo(T0);
    assertThat(b.end()).contains(T0);
    assertThat(b.duration()).isZero();
    assertThat(b.runs()).isEqualTo(1);
    assertThat(r.pending()).isEmpty();
    assertThat(eventTypes())
        .containsExactly(
            "workflow.started",
            "workflow.node.started",
            "workflow.node.completed",
            "workflow.node.started",
            "workflow.node.completed",
            "workflow.node.started",
            "workflow.node.completed",
            "workflow.completed");
    assertThat(events.get(0).data())
        .containsEntry("runId", h.id())
        .containsEntry("workflowId", "wf");
  }

  // ---------------------------------------------------------------- condition

  @Test
  void an_if_condition_follows_its_true_or_false_port_and_a_switch_its_case_or_default() {
    MediaFlow f = flow();
    String def =
        wf(
            "{\"id\":\"big\",\"type\":\"condition\",\"if\":{\"left\":\"${trigger.size}\","
                + "\"op\":\"gt\",\"right\":1000}},"
                + count("large", "large")
                + ","
                + count("small", "small")
                + ","
                + "{\"id\":\"kind\",\"type\":\"condition\",\"switch\":\"${trigger.kind}\","
                + "\"cases\":[\"movie\",\"episode\"]},"
                + count("movie", "movie")
                + ","
                + count("other", "other"),
            edge("start", "big")
                + ","
                + edge("big", "large", "true")
                + ","
                + edge("big", "small", "false")
                + ","
                + edge("large", "kind")
                + ","
                + edge("small", "kind")
                + ","
                + edge("kind", "movie", "movie")
                + ","
                + edge("kind", "other", "default"));

    JobHandle one = f.workflows().start(def, Map.of("size", 5000, "kind", "movie"));
    JobHandle two = f.workflows().start(def, Map.of("size", "12", "kind", "clip"));
    f.runDueJobs();

    assertThat(job(one).state()).isEqualTo(JobState.COMPLETED);
    assertThat(job(two).state()).isEqualTo(JobState.COMPLETED);
    assertThat(actions.effects("large")).isEqualTo(1);
    assertThat(actions.effects("small")).isEqualTo(1);
    assertThat(actions.effects("movie")).isEqualTo(1);
    assertThat(actions.effects("other")).isEqualTo(1);
    assertThat(run(f, one).node("big").orElseThrow().summary()).isEqualTo("took true");
    assertThat(run(f, two).node("kind").orElseThrow().summary()).isEqualTo("took default");
  }

  // ---------------------------------------------------------------- delay

  @Test
  void a_three_node_workflow_with_a_delay_holds_no_thread_and_goes_on_at_the_next_node() {
    MediaFlow f = flow();
    String def =
        wf(
            count("a", "a")
                + ",{\"id\":\"wait\",\"type\":\"delay\",\"duration\":\"1h\"},"
                + count("b", "b"),
            edge("start", "a") + "," + edge("a", "wait") + "," + edge("wait", "b"));
    JobHandle h = f.workflows().start(def, Map.of());

    f.runDueJobs();

    Job waiting = job(h);
    assertThat(waiting.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(waiting.waitReason()).contains(WaitReason.SLEEP);
    assertThat(waiting.lease()).isEmpty();
    assertThat(waiting.scheduledAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(f.engine().busyWorkers()).isZero();
    assertThat(f.engine().heldJobs()).isZero();
    WorkflowRun r = run(f, h);
    assertThat(r.node("wait").orElseThrow().state()).isEqualTo("WAITING");
    assertThat(r.node("wait").orElseThrow().waitReason()).isEqualTo("sleep 1h");
    assertThat(r.pending()).containsExactly("wait");
    assertThat(actions.effects("b")).isZero();

    clock.advance(Duration.ofMinutes(59));
    assertThat(f.runDueJobs()).isZero();
    clock.advance(Duration.ofMinutes(1));
    f.runDueJobs();

    assertThat(job(h).state()).isEqualTo(JobState.COMPLETED);
    assertThat(actions.calls("a")).as("a is not asked for again").isEqualTo(1);
    assertThat(actions.effects("a")).isEqualTo(1);
    assertThat(actions.effects("b")).isEqualTo(1);
    WorkflowRun.NodeRun wait = run(f, h).node("wait").orElseThrow();
    assertThat(wait.state()).isEqualTo("COMPLETED");
    assertThat(wait.duration()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void a_delay_until_a_signal_takes_its_payload_or_times_out() {
    MediaFlow f = flow();
    String def =
        wf(
            "{\"id\":\"ok\",\"type\":\"delay\",\"signal\":\"approved\",\"timeout\":\"3d\"},"
                + "{\"id\":\"b\",\"type\":\"action\",\"action\":\"test.echo\","
                + "\"params\":{\"value\":\"${nodes.ok.output.payload.by}\"}}",
            edge("start", "ok") + "," + edge("ok", "b"));
    JobHandle h = f.workflows().start(def, Map.of());
    f.runDueJobs();
    assertThat(job(h).waitReason()).contains(WaitReason.SIGNAL);
    assertThat(run(f, h).node("ok").orElseThrow().waitReason()).isEqualTo("signal approved");

    f.signal(h.id(), "approved", "{\"by\":\"ana\"}");
    f.runDueJobs();

    assertThat(job(h).state()).isEqualTo(JobState.COMPLETED);
    assertThat(job(h).result().orElseThrow()).contains("\"value\":\"ana\"");

    String timesOut =
        wf(
            "{\"id\":\"ok\",\"type\":\"delay\",\"signal\":\"approved\",\"timeout\":\"3d\"}",
            edge("start", "ok"));
    JobHandle t = f.workflows().start(timesOut, Map.of());
    f.runDueJobs();
    clock.advance(Duration.ofDays(3));
    f.runDueJobs();
    assertThat(job(t).state()).isEqualTo(JobState.COMPLETED);
    assertThat(job(t).result().orElseThrow()).contains("\"received\":false");
    assertThat(run(f, t).node("ok").orElseThrow().summary()).isEqualTo("timed out");
  }

  // ---------------------------------------------------------------- loop

  @Test
  void a_loop_runs_its_body_once_per_item_then_follows_done() {
    MediaFlow f = flow();
    String def =
        wf(
            "{\"id\":\"each\",\"type\":\"loop\",\"items\":\"${trigger.files}\",\"as\":\"file\"},"
                + "{\"id\":\"body\",\"type\":\"action\",\"action\":\"test.echo\","
                + "\"params\":{\"value\":\"${loop.file}#${loop.index}\"},"
                + "\"output\":{\"last\":\"value\"}},"
                + count("after", "after"),
            edge("start", "each")
                + ","
                + edge("each", "body", "each")
                + ","
                + edge("each", "after", "done"));
    JobHandle h = f.workflows().start(def, Map.of("files", List.of("a.mp4", "b.mp4", "c.mp4")));

    f.runDueJobs();

    assertThat(job(h).state()).isEqualTo(JobState.COMPLETED);
    assertThat(actions.calls("echo")).isEqualTo(3);
    assertThat(actions.effects("after")).isEqualTo(1);
    WorkflowRun r = run(f, h);
    assertThat(r.vars()).containsEntry("last", "c.mp4#2");
    assertThat(r.node("each").orElseThrow().summary()).isEqualTo("3 items");
    assertThat(r.node("body").orElseThrow().runs()).isEqualTo(3);
  }

  @Test
  void a_loop_over_more_items_than_its_max_fails_with_loop_invalid() {
    MediaFlow f = flow();
    String def =
        wf(
            "{\"id\":\"each\",\"type\":\"loop\",\"items\":\"${trigger.files}\",\"maxItems\":2},"
                + count("body", "body"),
            edge("start", "each") + "," + edge("each", "body", "each"));
    JobHandle h = f.workflows().start(def, Map.of("files", List.of(1, 2, 3)));

    f.runDueJobs();

    Job dead = job(h);
    assertThat(dead.state()).isEqualTo(JobState.DEAD);
    assertThat(dead.error().orElseThrow().code()).isEqualTo("LOOP_INVALID");
    assertThat(dead.error().orElseThrow().message())
        .isEqualTo(
            "workflow 'wf' run "
                + h.id()
                + " at node 'each': 3 items, more than the loop's"
                + " maxItems 2");
    assertThat(actions.effects("body")).isZero();
  }

  // ---------------------------------------------------------------- test run

  @Test
  void a_test_run_calls_no_placeholder_action_skips_delays_and_touches_nothing() {
    MediaFlow f = flow();
    String def =
        wf(
            "{\"id\":\"dl\",\"type\":\"action\",\"action\":\"test.download\","
                + "\"params\":{\"url\":\"${trigger.url}\"}},"
                + "{\"id\":\"wait\",\"type\":\"delay\",\"duration\":\"3d\"},"
                + "{\"id\":\"tag\",\"type\":\"action\",\"action\":\"test.describe\","
                + "\"params\":{\"file\":\"${nodes.dl.output.path}\"}}",
            edge("start", "dl") + "," + edge("dl", "wait") + "," + edge("wait", "tag"));

    JobHandle h = f.workflows().testRun(def, Map.of("url", "https://example.com/a.mp4"));
    f.runDueJobs();

    assertThat(job(h).state()).isEqualTo(JobState.COMPLETED);
    assertThat(actions.effects("download")).isZero();
    assertThat(actions.effects("describe")).isZero();
    WorkflowRun r = run(f, h);
    assertThat(r.node("dl").orElseThrow().summary())
        .isEqualTo("test run: test.download not called; placeholders");
    assertThat(r.node("wait").orElseThrow().summary()).isEqualTo("test run: delay skipped");
    assertThat(r.node("tag").orElseThrow().summary()).isEqualTo("would tag /placeholder/file.mp4");
    awaitEvents();
    assertThat(events.get(0).data()).containsEntry("dryRun", true);
  }

  // ---------------------------------------------------------------- error policies

  @Test
  void a_failing_node_is_retried_after_durable_waits_and_then_goes_on() {
    MediaFlow f = flow();
    actions.failuresLeft.put("x", new java.util.concurrent.atomic.AtomicInteger(2));
    String def =
        wf(
            "{\"id\":\"x\",\"type\":\"action\",\"action\":\"test.flaky\",\"params\":{\"name\":"
                + "\"x\"},\"retry\":{\"maxAttempts\":3,\"kind\":\"fixed\",\"initialDelay\":\"10s\","
                + "\"jitter\":0}},"
                + count("after", "after"),
            edge("start", "x") + "," + edge("x", "after"));
    JobHandle h = f.workflows().start(def, Map.of());

    f.runDueJobs();
    assertThat(job(h).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(job(h).waitReason()).contains(WaitReason.SLEEP);
    WorkflowRun.NodeRun x = run(f, h).node("x").orElseThrow();
    assertThat(x.state()).isEqualTo("RUNNING");
    assertThat(x.errorCode()).isEqualTo("TEST_FLAKY");
    assertThat(x.waitReason()).isEqualTo("retry at 2026-01-01T00:00:10Z");
    clock.advance(Duration.ofSeconds(10));
    f.runDueJobs();
    clock.advance(Duration.ofSeconds(10));
    f.runDueJobs();

    assertThat(job(h).state()).isEqualTo(JobState.COMPLETED);
    assertThat(actions.calls("x")).isEqualTo(3);
    assertThat(actions.effects("after")).isEqualTo(1);
    assertThat(run(f, h).node("x").orElseThrow().runs()).isEqualTo(3);
  }

  @Test
  void skip_goes_on_after_the_failed_node_and_fallback_follows_the_error_nodes_port() {
    MediaFlow f = flow();
    actions.failuresLeft.put("x", new java.util.concurrent.atomic.AtomicInteger(100));
    String skip =
        wf(
            "{\"id\":\"x\",\"type\":\"action\",\"action\":\"test.flaky\",\"params\":{\"name\":"
                + "\"x\"},\"onError\":\"e\"},{\"id\":\"e\",\"type\":\"error\",\"then\":\"skip\"},"
                + count("after", "after"),
            edge("start", "x") + "," + edge("x", "after"));
    String fallback =
        wf(
            "{\"id\":\"x\",\"type\":\"action\",\"action\":\"test.flaky\",\"params\":{\"name\":"
                + "\"x\"},\"onError\":\"e\"},{\"id\":\"e\",\"type\":\"error\",\"then\":"
                + "\"fallback\"},"
                + count("fb", "fb")
                + ","
                + count("after", "after2"),
            edge("start", "x") + "," + edge("x", "after") + "," + edge("e", "fb", "fallback"));
    JobHandle s = f.workflows().start(skip, Map.of());
    JobHandle b = f.workflows().start(fallback, Map.of());

    f.runDueJobs();

    assertThat(job(s).state()).isEqualTo(JobState.COMPLETED);
    assertThat(job(b).state()).isEqualTo(JobState.COMPLETED);
    assertThat(run(f, s).node("x").orElseThrow().state()).isEqualTo("SKIPPED");
    assertThat(actions.effects("after")).isEqualTo(1);
    assertThat(run(f, b).node("x").orElseThrow().state()).isEqualTo("FAILED");
    assertThat(actions.effects("fb")).isEqualTo(1);
    assertThat(actions.effects("after2")).as("fallback replaces the next nodes").isZero();
  }

  /**
   * Workflow events reach webhooks' receivers: a secret quoted in an error never goes with them.
   */
  @Test
  void the_failure_events_carry_the_message_with_its_secrets_masked() {
    MediaFlow f = flow();
    actions.failuresLeft.put("x token=s3cr3t", new java.util.concurrent.atomic.AtomicInteger(100));
    String def =
        wf(
            "{\"id\":\"x\",\"type\":\"action\",\"action\":\"test.flaky\",\"params\":{\"name\":"
                + "\"x token=s3cr3t\"}}",
            edge("start", "x"));
    JobHandle h = f.workflows().start(def, Map.of());

    f.runDueJobs();

    assertThat(job(h).state()).isEqualTo(JobState.DEAD);
    awaitEvents();
    List<String> messages =
        events.stream()
            .filter(e -> e.type().endsWith(".failed"))
            .map(e -> String.valueOf(e.data().get("message")))
            .toList();
    assertThat(messages).hasSize(2); // workflow.node.failed, workflow.failed
    assertThat(messages)
        .allSatisfy(m -> assertThat(m).contains("token=***").doesNotContain("s3cr3t"));
  }

  @Test
  void abort_fails_the_run_dead_with_the_nodes_code_and_message() {
    MediaFlow f = flow();
    actions.failuresLeft.put("x", new java.util.concurrent.atomic.AtomicInteger(100));
    String def =
        wf(
            "{\"id\":\"x\",\"type\":\"action\",\"action\":\"test.flaky\",\"params\":{\"name\":"
                + "\"x\"}},"
                + count("after", "after"),
            edge("start", "x") + "," + edge("x", "after"));
    JobHandle h = f.workflows().start(def, Map.of());

    f.runDueJobs();

    Job dead = job(h);
    assertThat(dead.state()).isEqualTo(JobState.DEAD);
    assertThat(dead.error().orElseThrow().code()).isEqualTo("TEST_FLAKY");
    assertThat(dead.error().orElseThrow().message())
        .isEqualTo("workflow 'wf' run " + h.id() + " at node 'x': flaky x failed");
    assertThat(actions.calls("x")).as("no retry policy: one attempt, no job retry").isEqualTo(1);
    assertThat(run(f, h).node("x").orElseThrow().state()).isEqualTo("FAILED");
    assertThat(eventTypes()).contains("workflow.node.failed").endsWith("workflow.failed");
  }

  @Test
  void pause_notifies_waits_for_resume_and_runs_the_node_again() {
    MediaFlow f = flow();
    actions.failuresLeft.put("x", new java.util.concurrent.atomic.AtomicInteger(1));
    String def =
        wf(
            "{\"id\":\"x\",\"type\":\"action\",\"action\":\"test.flaky\",\"params\":{\"name\":"
                + "\"x\"},\"onError\":\"e\"},{\"id\":\"e\",\"type\":\"error\",\"then\":\"pause\","
                + "\"notify\":{\"action\":\"test.count\",\"params\":{\"name\":\"notified\"}}},"
                + count("after", "after"),
            edge("start", "x") + "," + edge("x", "after"));
    JobHandle h = f.workflows().start(def, Map.of());

    f.runDueJobs();
    assertThat(job(h).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(job(h).waitReason()).contains(WaitReason.SIGNAL);
    assertThat(run(f, h).node("x").orElseThrow().state()).isEqualTo("PAUSED");
    assertThat(actions.effects("notified")).isEqualTo(1);
    assertThat(eventTypes()).contains("workflow.paused");
    clock.advance(Duration.ofDays(30));
    assertThat(f.runDueJobs()).as("a pause waits for resume, not for a time").isZero();

    f.signal(h.id(), "resume", "");
    f.runDueJobs();

    assertThat(job(h).state()).isEqualTo(JobState.COMPLETED);
    assertThat(actions.calls("x")).isEqualTo(2);
    assertThat(actions.effects("notified")).as("notified once").isEqualTo(1);
    assertThat(actions.effects("after")).isEqualTo(1);
  }

  @Test
  void a_node_past_its_timeout_fails_with_node_timeout() {
    MediaFlow f = flow();
    actions.during.put("slow", ctx -> clock.advance(Duration.ofMinutes(2)));
    String def =
        wf(
            "{\"id\":\"slow\",\"type\":\"action\",\"action\":\"test.count\",\"params\":{\"name\":"
                + "\"slow\"},\"timeout\":\"1m\"}",
            edge("start", "slow"));
    JobHandle h = f.workflows().start(def, Map.of());

    f.runDueJobs();

    Job dead = job(h);
    assertThat(dead.state()).isEqualTo(JobState.DEAD);
    assertThat(dead.error().orElseThrow().code()).isEqualTo("NODE_TIMEOUT");
    assertThat(dead.error().orElseThrow().message())
        .isEqualTo(
            "workflow 'wf' run "
                + h.id()
                + " at node 'slow': action 'test.count' ran longer"
                + " than its timeout 1m");
  }

  // ---------------------------------------------------------------- bad input

  @Test
  void a_definition_that_cannot_be_walked_is_refused_at_start_with_code_and_message() {
    MediaFlow f = flow();
    assertThatThrownBy(() -> f.workflows().start("{\"id\":\"wf\",\"nodes\":[]}", Map.of()))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> assertThat(e.code().code()).isEqualTo("INVALID_WORKFLOW_RUN"))
        .hasMessage(
            "INVALID_WORKFLOW_RUN: workflow 'wf' cannot be run: the workflow has no nodes"
                + " (validate the workflow (WorkflowJson) before starting a run)");
    assertThatThrownBy(() -> f.workflows().start("{not json", Map.of()))
        .isInstanceOfSatisfying(
            MediaFlowException.class, e -> assertThat(e.code().code()).isEqualTo("MALFORMED_JSON"))
        .hasMessageStartingWith("MALFORMED_JSON: the workflow definition is not JSON: ");
  }

  @Test
  void bad_params_unknown_references_and_unknown_actions_fail_the_run_with_code_and_message() {
    MediaFlow f = flow();
    JobHandle missing =
        f.workflows()
            .start(
                wf(
                    "{\"id\":\"a\",\"type\":\"action\",\"action\":\"test.count\",\"params\":{}}",
                    edge("start", "a")),
                Map.of());
    JobHandle unresolved =
        f.workflows()
            .start(
                wf(
                    "{\"id\":\"a\",\"type\":\"action\",\"action\":\"test.count\",\"params\":"
                        + "{\"name\":\"${trigger.nope}\"}}",
                    edge("start", "a")),
                Map.of());
    JobHandle unknown =
        f.workflows()
            .start(
                wf(
                    "{\"id\":\"a\",\"type\":\"action\",\"action\":\"no.such\",\"params\":{}}",
                    edge("start", "a")),
                Map.of());

    f.runDueJobs();

    assertThat(job(missing).error().orElseThrow().code()).isEqualTo("MISSING_FIELD");
    assertThat(job(missing).error().orElseThrow().message())
        .contains("at node 'a'")
        .contains("nodes[a].params.name")
        .contains("parameter 'name' is required");
    assertThat(job(unresolved).error().orElseThrow().code()).isEqualTo("TEMPLATE_UNRESOLVED");
    assertThat(job(unresolved).error().orElseThrow().message())
        .isEqualTo(
            "workflow 'wf' run "
                + unresolved.id()
                + " at node 'a', params.name: ${trigger.nope} cannot be"
                + " resolved: 'trigger.nope' is not known");
    assertThat(job(unknown).error().orElseThrow().code()).isEqualTo("ACTION_UNKNOWN");
    assertThat(job(unknown).error().orElseThrow().message())
        .isEqualTo(
            "workflow 'wf' run "
                + unknown.id()
                + " at node 'a': no action 'no.such' is"
                + " registered on this engine");
    for (JobHandle h : List.of(missing, unresolved, unknown)) {
      assertThat(job(h).state()).isEqualTo(JobState.DEAD);
    }
  }
}
