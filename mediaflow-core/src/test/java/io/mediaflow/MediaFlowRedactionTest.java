package io.mediaflow;

import static io.mediaflow.MediaFlowEngineTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.testkit.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A secret in a failure's message reaches neither the log, nor the events, nor the store. */
class MediaFlowRedactionTest {

  static final String SECRETS =
      "login refused: password=hunter2 token: s3cr3t-t0ken Authorization: Bearer xyzzy-b3arer";

  final ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
  final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  PrintStream originalErr;
  MediaFlow flow;

  @BeforeEach
  void captureLog() {
    // slf4j-simple, the test binding, writes to whatever System.err is when it logs
    originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(originalErr);
    if (flow != null) {
      flow.close();
    }
    originalErr.print(log());
  }

  String log() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  MediaFlow.Builder deterministic() {
    return MediaFlow.builder()
        .clock(clock)
        .runOnCallingThread()
        .operators(TestOperators.registry())
        .nodeId("redaction");
  }

  static void assertRedacted(String text) {
    assertThat(text).doesNotContain("hunter2", "s3cr3t-t0ken", "xyzzy-b3arer");
  }

  /** One subscriber per type: the order across types is not fixed. */
  List<Event> failureEvents() {
    List<Event> events = new CopyOnWriteArrayList<>();
    flow.events().subscribe("job.failed", events::add);
    flow.events().subscribe("job.dead", events::add);
    flow.events().subscribe("job.retrying", events::add);
    return events;
  }

  @Test
  void a_host_handler_exception_is_redacted_in_the_dead_warning_the_events_and_the_store() {
    flow =
        deterministic()
            .retryPolicy(RetryPolicy.builder().maxAttempts(1).build())
            .handler(
                "login",
                ctx -> {
                  throw new IllegalStateException(SECRETS);
                })
            .build();
    List<Event> events = failureEvents();

    JobHandle h = flow.submit("login", "");
    flow.runDueJobs();

    assertThat(h.status().state()).isEqualTo(JobState.DEAD);
    eventually(() -> events.size() >= 2, "job.failed and job.dead");
    assertThat(events).extracting(Event::type).containsExactlyInAnyOrder("job.failed", "job.dead");
    for (Event e : events) {
      String message = (String) e.data().get("message");
      assertRedacted(message);
      assertThat(message).contains("login refused", "password=***", "token: ***");
    }
    String error = h.status().error().orElseThrow().message();
    assertRedacted(error);
    assertThat(error).contains("IllegalStateException: login refused");
    assertThat(log()).contains("job " + h.id() + " is dead after 1 attempts");
    assertRedacted(log());
    assertThat(log()).contains("password=***");
  }

  @Test
  void a_mediaflow_exception_detail_is_redacted_too() {
    flow =
        deterministic()
            .handler(
                "login",
                ctx -> {
                  throw new MediaFlowException(ErrorCode.INPUT_INVALID, SECRETS, "fix the input");
                })
            .build();
    List<Event> events = failureEvents();

    JobHandle h = flow.submit("login", "");
    flow.runDueJobs();

    eventually(() -> events.size() >= 2, "job.failed and job.dead");
    events.forEach(e -> assertRedacted((String) e.data().get("message")));
    assertRedacted(h.status().error().orElseThrow().message());
    assertThat(h.status().error().orElseThrow().suggestion()).isEqualTo("fix the input");
    assertRedacted(log());
  }

  @Test
  void a_retried_failure_is_redacted_in_its_events() {
    flow =
        deterministic()
            .retryPolicy(RetryPolicy.builder().maxAttempts(3).build())
            .handler(
                "login",
                ctx -> {
                  throw new IllegalStateException(SECRETS);
                })
            .build();
    List<Event> events = failureEvents();

    flow.submit("login", "");
    flow.runDueJobs();

    eventually(() -> events.size() >= 2, "job.failed and job.retrying");
    assertThat(events)
        .extracting(Event::type)
        .containsExactlyInAnyOrder("job.failed", "job.retrying");
    events.forEach(e -> assertRedacted(String.valueOf(e.data())));
    assertRedacted(log());
  }

  @Test
  void an_error_stored_unredacted_by_an_older_engine_is_redacted_when_its_job_is_buried() {
    flow = deterministic().handler("login", ctx -> Optional.empty()).build();
    io.mediaflow.api.store.Storage store = flow.storage();
    String id =
        store.jobs().submit(io.mediaflow.api.job.JobRequest.of("login", ""), clock.instant()).id();
    io.mediaflow.api.job.Job claimed =
        store
            .jobs()
            .claim(
                new io.mediaflow.api.store.ClaimRequest(
                    "old-engine",
                    1,
                    java.time.Duration.ofSeconds(30),
                    clock.instant(),
                    java.util.Set.of()))
            .get(0);
    store
        .jobs()
        .fail(
            id,
            claimed.lease().orElseThrow().token(),
            new io.mediaflow.api.job.JobError("INPUT_INVALID", SECRETS, false, ""),
            clock.instant());
    clock.advance(java.time.Duration.ofMinutes(5));
    List<Event> events = failureEvents();

    flow.start(); // moves on failures an engine left stranded: this one is buried

    assertThat(store.jobs().find(id).orElseThrow().state()).isEqualTo(JobState.DEAD);
    eventually(() -> !events.isEmpty(), "job.dead");
    assertThat(events.get(0).type()).isEqualTo("job.dead");
    assertRedacted((String) events.get(0).data().get("message"));
  }
}
