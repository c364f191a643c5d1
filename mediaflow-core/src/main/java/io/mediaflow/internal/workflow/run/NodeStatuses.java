package io.mediaflow.internal.workflow.run;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.internal.workflow.run.RunState.NodeStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keeps each node's status in the cursor (state, start, end, duration, summary, error, wait reason)
 * and publishes the node events that go with each change.
 */
final class NodeStatuses {

  /** Longest summary kept: a status is for people, and it is saved with every node. */
  static final int MAX_SUMMARY = 200;

  private static final Set<String> UNDER_WAY = Set.of("RUNNING", "WAITING", "PAUSED");

  private final RunEvents events;

  NodeStatuses(RunEvents events) {
    this.events = events;
  }

  RunEvents events() {
    return events;
  }

  /** The node starts (or goes on after a wait, keeping its start). */
  void begin(Run run, String nodeId) {
    NodeStatus s = run.state().nodes.get(nodeId);
    boolean goesOn = s != null && UNDER_WAY.contains(s.state);
    if (s == null) {
      s = new NodeStatus();
      run.state().nodes.put(nodeId, s);
    }
    if (!goesOn) {
      s.start = run.now();
      s.end = 0;
      s.durationMillis = 0;
      s.summary = "";
      s.errorCode = "";
      s.errorMessage = "";
    }
    s.state = "RUNNING";
    s.waitReason = "";
    s.runs++;
    events.node("started", run, nodeId, Map.of());
  }

  /** The node waits: {@code WAITING}, {@code PAUSED}, or {@code RUNNING} between retries. */
  void waiting(Run run, String nodeId, String state, String reason) {
    NodeStatus s = run.state().nodes.get(nodeId);
    if (s == null || !UNDER_WAY.contains(s.state)) {
      if (s == null) {
        s = new NodeStatus();
        run.state().nodes.put(nodeId, s);
      }
      s.start = run.now();
      s.end = 0;
      s.durationMillis = 0;
      s.runs++;
    }
    s.state = state;
    s.waitReason = reason;
  }

  void completed(Run run, String nodeId, String summary, Map<String, Object> extra) {
    NodeStatus s = ended(run, nodeId, "COMPLETED", summary);
    s.errorCode = "";
    s.errorMessage = "";
    Map<String, Object> data = new LinkedHashMap<>(extra);
    data.put("durationMillis", s.durationMillis);
    events.node("completed", run, nodeId, data);
  }

  /** An attempt failed: its error is kept, whatever follows. */
  void failedAttempt(Run run, String nodeId, MediaFlowException e) {
    NodeStatus s = run.state().nodes.computeIfAbsent(nodeId, k -> new NodeStatus());
    s.errorCode = e.code().code();
    s.errorMessage = cut(e.getMessage(), 1000);
    events.node(
        "failed",
        run,
        nodeId,
        Map.of("code", s.errorCode, "message", s.errorMessage, "retryable", e.retryable()));
  }

  NodeStatus ended(Run run, String nodeId, String state, String summary) {
    NodeStatus s = run.state().nodes.computeIfAbsent(nodeId, k -> new NodeStatus());
    if (s.start == 0) {
      s.start = run.now();
    }
    s.state = state;
    s.end = run.now();
    s.durationMillis = Math.max(0, s.end - s.start);
    s.waitReason = "";
    s.summary = cut(summary == null ? "" : summary, MAX_SUMMARY);
    return s;
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
