package io.mediaflow.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediaflow.InMemoryStorage;
import io.mediaflow.JobHandle;
import io.mediaflow.MediaFlow;
import io.mediaflow.WorkflowRun;
import io.mediaflow.Workspace;
import io.mediaflow.api.job.JobError;
import io.mediaflow.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/** Engines and one-node workflows for the web actions' tests: real engine, in-memory storage. */
final class WebFlows {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  final ManualClock clock = ManualClock.at(T0);
  final MediaFlow flow;

  /**
   * @param privateNetwork whether the host allows loopback and private addresses (the test server
   *     is on loopback)
   */
  WebFlows(Path base, boolean privateNetwork, Consumer<MediaFlow.Builder> more) {
    MediaFlow.Builder b =
        MediaFlow.builder()
            .storage(new InMemoryStorage())
            .clock(clock)
            .runOnCallingThread()
            .workspace(Workspace.builder().baseDirectory(base).build());
    if (privateNetwork) {
      b.allowPrivateNetwork();
    }
    more.accept(b);
    flow = b.build();
  }

  /** A workflow of one action node {@code n} after the trigger. */
  static String oneNode(String action, String paramsJson, String extra) {
    return "{\"version\":1,\"id\":\"wf\",\"nodes\":[{\"id\":\"start\",\"type\":\"trigger\","
        + "\"kind\":\"manual\"},{\"id\":\"n\",\"type\":\"action\",\"action\":\""
        + action
        + "\",\"params\":"
        + paramsJson
        + extra
        + "}],\"edges\":[{\"from\":\"start\",\"to\":\"n\"}]}";
  }

  /**
   * A retry policy for node {@code n}: up to {@code attempts}, 5 ms apart (an inline wait: the
   * engine sleeps waits this short on its own thread).
   */
  static String retry(int attempts) {
    return ",\"retry\":{\"maxAttempts\":"
        + attempts
        + ",\"kind\":\"FIXED\",\"initialDelay\":\"5ms\",\"jitter\":0}";
  }

  /** Starts it and runs what is due, advancing the clock past retries, until the run ends. */
  JobHandle run(String def, Map<String, Object> trigger) {
    JobHandle h = flow.workflows().start(def, trigger);
    settle(h);
    return h;
  }

  /** A test run: the actions that describe themselves are called with dryRun true. */
  JobHandle testRun(String def, Map<String, Object> trigger) {
    JobHandle h = flow.workflows().testRun(def, trigger);
    settle(h);
    return h;
  }

  private void settle(JobHandle h) {
    for (int i = 0; i < 10 && !h.status().state().isTerminal(); i++) {
      flow.runDueJobs();
      clock.advance(Duration.ofSeconds(2));
    }
  }

  WorkflowRun.NodeRun node(JobHandle h) {
    return flow.workflows().run(h.id()).orElseThrow().node("n").orElseThrow();
  }

  /** Node {@code n}'s outputs, from the run's result. */
  @SuppressWarnings("unchecked")
  Map<String, Object> outputs(JobHandle h) throws Exception {
    Map<String, Object> result = JSON.readValue(h.status().result().orElseThrow(), Map.class);
    return (Map<String, Object>) ((Map<String, Object>) result.get("outputs")).get("n");
  }

  static JobError error(JobHandle h) {
    return h.status().error().orElseThrow();
  }
}
