package io.mediaflow.internal.workflow.run;

import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventBus;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@code workflow.started|completed|failed|cancelled|paused} and {@code
 * workflow.node.started|completed|failed}. Each carries {@code runId} (the job id), {@code
 * workflowId} and, for node events, {@code nodeId}; a resumed run may publish a node's {@code
 * started} again (at least once). A bus that throws is logged, never fails the run.
 */
final class RunEvents {

  private static final Logger LOG = LoggerFactory.getLogger(RunEvents.class);

  private final EventBus bus;
  private final Clock clock;

  RunEvents(EventBus bus, Clock clock) {
    this.bus = bus;
    this.clock = clock;
  }

  void run(String type, Run run, Map<String, Object> extra) {
    Map<String, Object> data = base(run);
    data.putAll(extra);
    publish("workflow." + type, data);
  }

  void node(String type, Run run, String nodeId, Map<String, Object> extra) {
    Map<String, Object> data = base(run);
    data.put("nodeId", nodeId);
    data.putAll(extra);
    publish("workflow.node." + type, data);
  }

  /** {@code workflow.cancelled} for a run cancelled while no attempt ran it. */
  void cancelled(String runId) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("runId", runId);
    publish("workflow.cancelled", data);
  }

  private static Map<String, Object> base(Run run) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("runId", run.jobId());
    data.put("workflowId", run.graph().id());
    data.put("revision", run.graph().revision());
    if (run.dryRun()) {
      data.put("dryRun", true);
    }
    return data;
  }

  private void publish(String type, Map<String, Object> data) {
    try {
      bus.publish(Event.of(type, clock.instant(), data));
    } catch (RuntimeException e) {
      LOG.warn("could not publish {}: {}", type, e.toString());
    }
  }
}
