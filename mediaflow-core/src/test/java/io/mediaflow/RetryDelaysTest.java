package io.mediaflow;

import static io.mediaflow.testkit.JobAssertions.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.RetryAfterException;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.workflow.Workflow;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Explicit retry delays ({@code RetryPolicy.delays}) and a handler's Retry-After. */
class RetryDelaysTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final RetryPolicy WEBHOOK_SCHEDULE =
      RetryPolicy.builder()
          .delays(
              Duration.ofMinutes(1),
              Duration.ofMinutes(5),
              Duration.ofMinutes(15),
              Duration.ofHours(1))
          .build();

  final ManualClock clock = ManualClock.at(T0);
  final List<MediaFlow> flows = new ArrayList<>();

  @AfterEach
  void close() {
    flows.forEach(MediaFlow::close);
  }

  MediaFlow flow(RetryPolicy policy, AtomicReference<RuntimeException> failure) {
    MediaFlow f =
        MediaFlow.builder()
            .clock(clock)
            .runOnCallingThread()
            .nodeId("test")
            .retryPolicy("flaky", policy)
            .handler(
                "flaky",
                ctx -> {
                  throw failure.get();
                })
            .build();
    flows.add(f);
    return f;
  }

  @Test
  void delays_imply_their_attempts_no_jitter_and_the_longest_as_max() {
    assertThat(WEBHOOK_SCHEDULE.kind()).isEqualTo(RetryPolicy.Kind.DELAYS);
    assertThat(WEBHOOK_SCHEDULE.maxAttempts()).isEqualTo(5);
    assertThat(WEBHOOK_SCHEDULE.jitter()).isZero();
    assertThat(WEBHOOK_SCHEDULE.initialDelay()).isEqualTo(Duration.ofMinutes(1));
    assertThat(WEBHOOK_SCHEDULE.maxDelay()).isEqualTo(Duration.ofHours(1));

    RetryPolicy asked =
        RetryPolicy.builder()
            .jitter(0.1)
            .maxAttempts(9)
            .delays(Duration.ofSeconds(5), Duration.ofSeconds(1))
            .build();
    assertThat(asked.jitter()).isEqualTo(0.1);
    assertThat(asked.maxAttempts()).isEqualTo(9);
    assertThat(asked.maxDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(RetryPolicy.from(asked).fixed(Duration.ofSeconds(2)).build().delays()).isEmpty();
  }

  @Test
  void bad_delays_are_refused_at_once() {
    assertThatThrownBy(() -> RetryPolicy.builder().delays())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delays must list 1 to 1000 durations but had 0");
    assertThatThrownBy(() -> RetryPolicy.builder().delays(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delays must be zero or positive but was PT-1S");
    assertThatThrownBy(
            () ->
                new RetryPolicy(
                    RetryPolicy.Kind.DELAYS,
                    Duration.ZERO,
                    Duration.ZERO,
                    1,
                    0,
                    2,
                    java.util.Set.of(),
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a DELAYS policy needs at least one delay");
    assertThatThrownBy(
            () ->
                RetryPolicy.builder()
                    .maxDelay(Duration.ofSeconds(1))
                    .delays(Duration.ofMinutes(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDelay must be at least the first delay (PT1M) but was PT1S");
    assertThatThrownBy(
            () -> new RetryAfterException(ErrorCode.NETWORK, "busy", "", Duration.ofSeconds(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retryAfter must be zero or positive but was PT-5S");
  }

  @Test
  void a_failing_job_follows_the_delays_after_each_previous_attempt_then_dies() {
    MediaFlow flow =
        flow(
            WEBHOOK_SCHEDULE,
            new AtomicReference<>(new MediaFlowException(ErrorCode.NETWORK, "down", "")));
    JobHandle h = flow.submit("flaky", "");
    assertThat(h.status().maxAttempts()).isEqualTo(5);

    Instant expected = T0;
    for (Duration d : WEBHOOK_SCHEDULE.delays()) {
      assertThat(flow.runDueJobs()).isEqualTo(1);
      expected = expected.plus(d);
      assertThat(h.status().scheduledAt()).isEqualTo(expected);
      clock.advance(d.minusSeconds(1));
      assertThat(flow.runDueJobs()).as("not due a second early").isZero();
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(Duration.between(T0, expected)).isEqualTo(Duration.ofMinutes(81));
    assertThat(flow.runDueJobs()).isEqualTo(1);
    assertThatJob(h.status()).isDead().hasAttempts(5).failedWith("NETWORK");
  }

  @Test
  void retry_after_waits_longer_than_the_policy_and_is_capped_at_an_hour() {
    AtomicReference<RuntimeException> failure =
        new AtomicReference<>(
            new RetryAfterException(
                ErrorCode.NETWORK, "429 Too Many Requests", "", Duration.ofMinutes(2)));
    MediaFlow flow =
        flow(
            RetryPolicy.builder().fixed(Duration.ofSeconds(1)).jitter(0).maxAttempts(4).build(),
            failure);
    JobHandle h = flow.submit("flaky", "");

    flow.runDueJobs();
    assertThatJob(h.status()).isInState(JobState.SCHEDULED).failedWith("NETWORK");
    assertThat(h.status().scheduledAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));

    failure.set(new RetryAfterException(ErrorCode.NETWORK, "503", "", Duration.ofDays(2)));
    clock.advance(Duration.ofMinutes(2));
    flow.runDueJobs();
    assertThat(h.status().scheduledAt())
        .isEqualTo(clock.instant().plus(RetryAfterException.MAX_RETRY_AFTER));

    failure.set(new RetryAfterException(ErrorCode.NETWORK, "soon", "", Duration.ofMillis(10)));
    clock.advance(Duration.ofHours(1));
    flow.runDueJobs();
    assertThat(h.status().scheduledAt())
        .as("the policy's delay when the hint is shorter")
        .isEqualTo(clock.instant().plusSeconds(1));

    clock.advance(Duration.ofSeconds(1));
    flow.runDueJobs();
    assertThatJob(h.status()).as("attempts still count").isDead().hasAttempts(4);
  }

  @Test
  void delays_read_and_write_in_workflow_json() {
    Workflow wf =
        WorkflowJson.parse(
            "{\"id\": \"w\", \"onError\": {\"retry\": {\"delays\": [\"1m\", \"5m\", \"15m\","
                + " \"1h\"]}}, \"nodes\": [{\"id\": \"a\", \"type\": \"action\", \"action\":"
                + " \"x.y\", \"retry\": {\"kind\": \"delays\", \"delays\": [\"10s\"],"
                + " \"maxAttempts\": 4, \"jitter\": 0.5}}]}");
    assertThat(wf.onError().retry()).isEqualTo(WEBHOOK_SCHEDULE);
    String written = WorkflowJson.write(wf);
    assertThat(written.replaceAll("\\s+", ""))
        .contains("\"retry\":{\"delays\":[\"1m\",\"5m\",\"15m\",\"1h\"]}");
    assertThat(WorkflowJson.parse(written)).isEqualTo(wf);
  }

  @Test
  void bad_delays_in_json_are_reported_at_their_paths() {
    List<Violation> problems =
        problems(
            "{\"id\": \"w\", \"onError\": {\"retry\": {\"kind\": \"fixed\", \"delays\":"
                + " [\"1m\"]}}, \"nodes\": [{\"id\": \"a\", \"type\": \"action\", \"action\":"
                + " \"x.y\", \"retry\": {\"delays\": [\"1m\", \"soon\", 5]}}, {\"id\": \"b\","
                + " \"type\": \"action\", \"action\": \"x.y\", \"retry\": {\"kind\": \"delays\"}},"
                + " {\"id\": \"c\", \"type\": \"action\", \"action\": \"x.y\", \"retry\":"
                + " {\"delays\": [\"1m\"], \"multiplier\": 2}}, {\"id\": \"d\", \"type\":"
                + " \"action\", \"action\": \"x.y\", \"retry\": {\"delays\": []}}]}");

    assertThat(problems)
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            tuple("onError.retry.delays", ErrorCode.INVALID_VALUE),
            tuple("nodes[0].retry.delays[1]", ErrorCode.INVALID_VALUE),
            tuple("nodes[0].retry.delays[2]", ErrorCode.WRONG_TYPE),
            tuple("nodes[1].retry.delays", ErrorCode.MISSING_FIELD),
            tuple("nodes[2].retry.multiplier", ErrorCode.INVALID_VALUE),
            tuple("nodes[3].retry.delays", ErrorCode.WRONG_TYPE));
    assertThat(problems.get(0).message())
        .isEqualTo("\"delays\" belongs to a retry policy of kind delays, not fixed");
    assertThat(problems.get(0).suggestion())
        .isEqualTo("remove \"kind\" (delays imply it) or remove \"delays\"");
    assertThat(problems.get(1).message()).startsWith("\"soon\" is not a duration; expected");
    assertThat(problems.get(3).message())
        .isEqualTo("a retry policy of kind delays needs its \"delays\"");
    assertThat(problems.get(4).message())
        .isEqualTo("\"multiplier\" does not apply to a retry policy with \"delays\"");
  }

  static List<Violation> problems(String json) {
    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> WorkflowJson.parse(json));
    assertThat(e).as("problems of %s", json).isNotNull();
    return e.violations();
  }
}
