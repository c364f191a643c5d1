package io.mediaflow.internal.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediaflow.JobHandle;
import io.mediaflow.MediaFlow;
import io.mediaflow.WorkflowRun;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Built-in actions run the way a host runs them: as nodes of a real workflow run. */
public final class ActionRuns {

  static final ObjectMapper JSON = new ObjectMapper();

  private ActionRuns() {}

  /** A workflow {@code wf} of a manual trigger and then these nodes, one after the other. */
  public static String workflow(String... nodes) {
    StringBuilder n =
        new StringBuilder("{\"id\":\"start\",\"type\":\"trigger\",\"kind\":\"manual\"}");
    StringBuilder e = new StringBuilder();
    String previous = "start";
    for (String node : nodes) {
      n.append(',').append(node);
      String id = node.replaceAll("(?s)^\\{\"id\":\"([^\"]+)\".*", "$1");
      e.append(e.length() == 0 ? "" : ",")
          .append("{\"from\":\"")
          .append(previous)
          .append("\",\"to\":\"")
          .append(id)
          .append("\"}");
      previous = id;
    }
    return "{\"version\":1,\"id\":\"wf\",\"nodes\":[" + n + "],\"edges\":[" + e + "]}";
  }

  /** An action node. */
  public static String node(String id, String action, String paramsJson) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\"action\",\"action\":\""
        + action
        + "\",\"params\":"
        + paramsJson
        + "}";
  }

  /** A JSON string literal. */
  public static String quoted(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs what is due and expects the run to have completed. */
  public static JobHandle completes(MediaFlow flow, JobHandle h) {
    flow.runDueJobs();
    assertThat(h.status().error()).as("run error").isEmpty();
    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    return h;
  }

  /** Runs what is due and expects the run to have failed; its error. */
  public static JobError fails(MediaFlow flow, JobHandle h) {
    flow.runDueJobs();
    assertThat(h.status().state()).isIn(JobState.FAILED, JobState.DEAD);
    return h.status().error().orElseThrow();
  }

  /** A node's outputs, from the run's result. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> outputs(JobHandle h, String node) {
    try {
      Map<String, Object> result = JSON.readValue(h.status().result().orElseThrow(), Map.class);
      return (Map<String, Object>) ((Map<String, Object>) result.get("outputs")).get(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A node's status in the run. */
  public static WorkflowRun.NodeRun nodeRun(MediaFlow flow, JobHandle h, String node) {
    return flow.workflows().run(h.id()).orElseThrow().node(node).orElseThrow();
  }
}
