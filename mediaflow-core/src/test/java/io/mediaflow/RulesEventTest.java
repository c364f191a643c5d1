package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.condition.Comparison;
import io.mediaflow.api.condition.Operator;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.testkit.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Event rules on the engine in calling-thread mode: a published event fires the rules whose pattern
 * and condition match, its run durable before {@code publish} returns; once per event id; never on
 * the events of a rule's own runs; and a crash after publishing loses nothing.
 */
class RulesEventTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final ManualClock clock = ManualClock.at(T0);
  final InMemoryStorage storage = new InMemoryStorage();
  final RecordAction record = new RecordAction();
  final List<MediaFlow> flows = new ArrayList<>();

  @AfterEach
  void close() {
    flows.forEach(MediaFlow::close);
  }

  MediaFlow flow() {
    MediaFlow f =
        MediaFlow.builder()
            .storage(storage)
            .clock(clock)
            .runOnCallingThread()
            .action(record)
            .build();
    f.start();
    flows.add(f);
    return f;
  }

  static Event event(String type, Map<String, ?> data) {
    return Event.of(type, T0, data);
  }

  @Test
  void aMatchingEventFiresItsRuleWithItsData() {
    MediaFlow f = flow();
    f.rules()
        .register(
            Rule.builder("big")
                .onEvent("download.completed")
                .condition(Comparison.of("${trigger.size}", Operator.GT, 100))
                .action("test.record", Map.of("key", "big", "value", "${trigger.path}"))
                .build());

    f.events().publish(event("download.completed", Map.of("path", "a.mp4", "size", 500)));
    // durable before publish returned: the run is stored
    List<Job> runs = f.rules().runs("big", 0, 10).items();
    assertThat(runs).hasSize(1);
    f.events().publish(event("download.completed", Map.of("path", "b.mp4", "size", 5)));
    f.events().publish(event("download.started", Map.of("path", "c.mp4", "size", 500)));
    f.runDueJobs();

    assertThat(record.values("big")).containsExactly("a.mp4");
    assertThat(f.rules().get("big").orElseThrow().counters().executions()).isEqualTo(1);
    assertThat(f.rules().get("big").orElseThrow().counters().skipped())
        .as("b.mp4: the condition said no (c.mp4's type is not the rule's)")
        .isEqualTo(1);
  }

  @Test
  void aPatternMatchesMany() {
    MediaFlow f = flow();
    f.rules()
        .register(
            Rule.builder("any")
                .onEvent("download.*")
                .action("test.record", Map.of("key", "any", "value", "${trigger.eventType}"))
                .settings(
                    io.mediaflow.api.rule.RuleSettings.DEFAULTS.withConcurrency(
                        1, io.mediaflow.api.rule.OverlapPolicy.ALLOW_ALL))
                .build());
    f.events().publish(event("download.started", Map.of()));
    f.events().publish(event("download.completed", Map.of()));
    f.events().publish(event("download.step.done", Map.of()));
    f.runDueJobs();
    assertThat(record.values("any"))
        .containsExactlyInAnyOrder("download.started", "download.completed");
  }

  @Test
  void anEventIdFiresOnce() {
    MediaFlow f = flow();
    f.rules()
        .register(
            Rule.builder("once")
                .onEvent("media.imported")
                .action("test.record", Map.of("key", "once", "value", "${trigger.eventId}"))
                .build());
    f.events().publish(event("media.imported", Map.of("eventId", "e-1")));
    f.events().publish(event("media.imported", Map.of("eventId", "e-1")));
    f.runDueJobs();
    assertThat(record.values("once")).containsExactly("e-1");
  }

  @Test
  void aRuleDoesNotFireOnItsOwnRunsEvents() {
    MediaFlow f = flow();
    f.rules()
        .register(
            Rule.builder("loop")
                .onEvent("job.completed")
                .action("test.record", Map.of("key", "loop", "value", "${trigger.jobId}"))
                .build());
    f.events().publish(event("job.completed", Map.of("jobId", "host-1", "type", "x")));
    for (int i = 0; i < 5; i++) {
      f.runDueJobs();
    }
    assertThat(record.values("loop")).containsExactly("host-1");
  }

  @Test
  void aCrashAfterPublishingLosesNothing() {
    MediaFlow first = flow();
    first
        .rules()
        .register(
            Rule.builder("kept")
                .onEvent("file.arrived")
                .action("test.record", Map.of("key", "kept", "value", "${trigger.path}"))
                .build());
    first.events().publish(event("file.arrived", Map.of("path", "x.mkv")));
    flows.remove(first);
    first.close(); // before any worker ran it

    MediaFlow second = flow();
    second.runDueJobs();
    assertThat(record.values("kept")).containsExactly("x.mkv");
    assertThat(storage.jobs().query(JobQuery.all()).items())
        .extracting(Job::state)
        .containsExactly(JobState.COMPLETED);
  }

  /**
   * A run's workflow events reach the rules (they once went to the host's bus only), and are built
   * whenever a rule wants them though nothing subscribes; a rule's own run does not fire it again.
   */
  @Test
  void aRuleOnAWorkflowEventFiresThoughNothingSubscribes() {
    MediaFlow f = flow();
    f.rules()
        .register(
            Rule.builder("after")
                .onEvent("workflow.completed")
                .action("test.record", Map.of("key", "after", "value", "${trigger.runId}"))
                .build());
    f.rules()
        .register(
            Rule.builder("first")
                .onEvent("file.arrived")
                .action("test.record", Map.of("key", "first", "value", "${trigger.path}"))
                .build());

    f.events().publish(event("file.arrived", Map.of("path", "x.mkv")));
    for (int i = 0; i < 3; i++) {
      f.runDueJobs();
    }

    assertThat(record.values("first")).containsExactly("x.mkv");
    String firstRun = f.rules().runs("first", 0, 10).items().get(0).id();
    assertThat(record.values("after"))
        .as("fired once, by the first rule's run (never by its own run's event)")
        .containsExactly(firstRun);
    assertThat(f.rules().runs("after", 0, 10).items()).hasSize(1);
  }

  /** Events of a run that nobody would receive are not published at all; wanted ones are. */
  @Test
  void aRunPublishesOnlyTheWorkflowEventsSomeoneReceives() {
    List<String> published = new java.util.concurrent.CopyOnWriteArrayList<>();
    InProcessEventBus inner = InProcessEventBus.ofDefaults();
    io.mediaflow.api.event.EventBus counting =
        new io.mediaflow.api.event.EventBus() {
          @Override
          public void publish(Event e) {
            published.add(e.type());
            inner.publish(e);
          }

          @Override
          public io.mediaflow.api.event.Subscription subscribe(
              String pattern, io.mediaflow.api.event.EventHandler handler) {
            return inner.subscribe(pattern, handler);
          }

          @Override
          public boolean hasSubscribers(String type) {
            return inner.hasSubscribers(type);
          }

          @Override
          public void close() {
            inner.close();
          }
        };
    MediaFlow f =
        MediaFlow.builder()
            .storage(storage)
            .clock(clock)
            .runOnCallingThread()
            .eventBus(counting)
            .action(record)
            .build();
    f.start();
    flows.add(f);
    List<Event> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    f.events().subscribe("workflow.completed", received::add);
    f.rules()
        .register(
            Rule.builder("r")
                .onEvent("file.arrived")
                .action("test.record", Map.of("key", "r", "value", "${trigger.path}"))
                .build());

    f.events().publish(event("file.arrived", Map.of("path", "y.mkv")));
    f.runDueJobs();

    assertThat(record.values("r")).containsExactly("y.mkv");
    assertThat(published.stream().filter(t -> t.startsWith("workflow.")))
        .as("started and the node events had no receiver; completed had one")
        .containsExactly("workflow.completed");
    inner.close(); // delivers what was queued
    assertThat(received).extracting(Event::type).containsExactly("workflow.completed");
  }
}
