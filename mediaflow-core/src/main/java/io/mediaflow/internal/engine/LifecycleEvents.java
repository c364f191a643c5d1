package io.mediaflow.internal.engine;

import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.store.Wait;
import io.mediaflow.internal.observe.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the {@code job.*} lifecycle events cheaply: no event is built when nobody could receive
 * it, and a bus that throws never fails the engine.
 */
final class LifecycleEvents {

  private static final Logger LOG = LoggerFactory.getLogger(LifecycleEvents.class);

  private final EventBus bus;
  private final Clock clock;

  LifecycleEvents(EventBus bus, Clock clock) {
    this.bus = bus;
    this.clock = clock;
  }

  void created(Job j) {
    publish("job.created", j, null, null);
  }

  void started(Job j) {
    publish("job.started", j, null, null);
  }

  void completed(Job j) {
    publish("job.completed", j, null, null);
  }

  void failed(Job j, JobError e) {
    publish("job.failed", j, e, null);
  }

  void retrying(Job j, JobError e, Duration delay) {
    publish("job.retrying", j, e, delay);
  }

  void dead(Job j, JobError e) {
    publish("job.dead", j, e, null);
  }

  /** The job yielded to wait (a durable sleep, a signal, its children): {@code job.waiting}. */
  void waiting(Job j, Wait wait) {
    if (!bus.hasSubscribers("job.waiting")) {
      return;
    }
    Map<String, Object> data = new LinkedHashMap<>(8);
    data.put("jobId", j.id());
    data.put("type", j.type());
    data.put("attempt", j.attempts());
    data.put("reason", wait.reason().name());
    data.put("until", wait.until().toString());
    if (!wait.signal().isEmpty()) {
      data.put("signal", wait.signal());
    }
    if (wait.children() > 0) {
      data.put("children", wait.children());
    }
    send(new Event("job.waiting", clock.instant(), data));
  }

  void cancelled(Job j) {
    publish("job.cancelled", j, null, null);
  }

  void progress(Job j, JobProgress p) {
    if (!bus.hasSubscribers("job.progress")) {
      return;
    }
    Map<String, Object> data = new LinkedHashMap<>(8);
    data.put("jobId", j.id());
    data.put("type", j.type());
    data.put("attempt", j.attempts());
    data.put("percent", p.percent());
    data.put("step", p.step());
    p.eta().ifPresent(eta -> data.put("etaMillis", eta.toMillis()));
    send(new Event("job.progress", clock.instant(), data));
  }

  private void publish(String type, Job j, JobError error, Duration delay) {
    if (!bus.hasSubscribers(type)) {
      return; // nobody listens: building the event would be all cost
    }
    Map<String, Object> data = new LinkedHashMap<>(8);
    data.put("jobId", j.id());
    data.put("type", j.type());
    data.put("attempt", j.attempts());
    if (!j.ruleId().isEmpty()) {
      data.put("ruleId", j.ruleId()); // rules count their runs, and never fire on their own
    }
    if (error != null) {
      data.put("code", error.code());
      data.put("message", Redactor.redact(error.message()));
      data.put("retryable", error.retryable());
    }
    if (delay != null) {
      data.put("runAt", j.scheduledAt().toString());
      data.put("delayMillis", delay.toMillis());
    }
    send(new Event(type, clock.instant(), data));
  }

  private void send(Event e) {
    try {
      bus.publish(e);
    } catch (RuntimeException ex) {
      LOG.debug("event {} was not published: {}", e.type(), ex.toString());
    }
  }
}
