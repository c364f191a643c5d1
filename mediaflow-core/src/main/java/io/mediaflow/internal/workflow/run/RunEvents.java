package io.mediaflow.internal.workflow.run;

import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.internal.observe.Redactor;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@code workflow.started|completed|failed|cancelled|paused} and {@code
 * workflow.node.started|completed|failed}. Each carries {@code runId} (the job id), {@code
 * workflowId}, {@code ruleId} for a rule's run and, for node events, {@code nodeId}; a resumed run
 * may publish a node's {@code started} again (at least once). An event of a type nobody would
 * receive is not built. A bus that throws is logged, never fails the run.
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
    if (!wanted("workflow." + type)) {
      return;
    }
    Map<String, Object> data = base(run);
    data.putAll(extra);
    publish("workflow." + type, data);
  }

  void node(String type, Run run, String nodeId, Map<String, Object> extra) {
    if (!wanted("workflow.node." + type)) {
      return;
    }
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

  /**
   * Whether anyone would receive an event of this type (a subscriber, a rule, a webhook): a run
   * publishes six events or more, which nobody may listen to, so they are not built for nothing.
   */
  private boolean wanted(String type) {
    try {
      return bus.hasSubscribers(type);
    } catch (RuntimeException e) {
      return true; // let publish say what is wrong
    }
  }

  private static Map<String, Object> base(Run run) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("runId", run.jobId());
    data.put("workflowId", run.graph().id());
    data.put("revision", run.graph().revision());
    String ruleId = run.ctx().job().ruleId();
    if (!ruleId.isEmpty()) {
      data.put("ruleId", ruleId); // as on job.* events: a rule never fires on its own runs' events
    }
    if (run.dryRun()) {
      data.put("dryRun", true);
    }
    return data;
  }

  private void publish(String type, Map<String, Object> data) {
    if (data.get("message") instanceof String m) {
      // an error's message may quote a URL or a header: these events reach webhooks' receivers
      data.put("message", Redactor.redact(m));
    }
    try {
      bus.publish(Event.of(type, clock.instant(), data));
    } catch (RuntimeException e) {
      LOG.warn("could not publish {}: {}", type, e.toString());
    }
  }
}
