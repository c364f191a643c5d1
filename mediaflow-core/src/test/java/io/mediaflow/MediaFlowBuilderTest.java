package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.internal.engine.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MediaFlowBuilderTest {

  @Test
  void setters_validate_at_once_and_say_what_was_given() {
    assertThatThrownBy(() -> MediaFlow.builder().workers(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workers must be between 1 and 1024 but was 0");
    assertThatThrownBy(() -> MediaFlow.builder().workers(4, 2))
        .hasMessage("max workers must be between 4 and 1024 but was 2");
    assertThatThrownBy(() -> MediaFlow.builder().lease(Duration.ZERO))
        .hasMessage("lease must be positive but was PT0S");
    assertThatThrownBy(() -> MediaFlow.builder().cpuBudget(0))
        .hasMessage("cpuBudget must be between 0 and 4096 but was 0.0");
    assertThatThrownBy(() -> MediaFlow.builder().timeoutGrace(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeoutGrace must be positive but was PT-1S");
    assertThatThrownBy(
            () ->
                MediaFlow.builder()
                    .timeoutGrace(Duration.ofSeconds(5))
                    .timeoutGrace(Duration.ofSeconds(6)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("timeoutGrace is already set; set it once");
  }

  @Test
  void an_option_set_twice_is_an_error() {
    assertThatThrownBy(() -> MediaFlow.builder().workers(2).workers(3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("workers is already set; set it once");
    assertThatThrownBy(
            () ->
                MediaFlow.builder()
                    .handler("a", c -> Optional.empty())
                    .handler("a", c -> Optional.empty()))
        .hasMessage("handler of a is already set; set it once");
    assertThatThrownBy(() -> MediaFlow.builder().allowPrivateNetwork().allowPrivateNetwork())
        .hasMessage("allowPrivateNetwork is already set; set it once");
    assertThatThrownBy(
            () ->
                MediaFlow.builder().downloadDirectory(Path.of("a")).downloadDirectory(Path.of("b")))
        .hasMessage("downloadDirectory is already set; set it once");
    assertThatThrownBy(
            () ->
                MediaFlow.builder()
                    .actionService(String.class, "a")
                    .actionService(String.class, "b"))
        .hasMessage("actionService(String) is already set; set it once");
  }

  @Test
  void reserved_types_cannot_be_taken_by_a_host() {
    assertThatThrownBy(() -> MediaFlow.builder().handler("workflow", c -> Optional.empty()))
        .hasMessageContaining("job type 'workflow' is reserved");
    assertThatThrownBy(() -> MediaFlow.builder().handler("media", c -> Optional.empty()))
        .hasMessageContaining("reserved");
  }

  @Test
  void heartbeat_must_be_shorter_than_the_lease() {
    assertThatThrownBy(
            () ->
                MediaFlow.builder()
                    .lease(Duration.ofSeconds(10))
                    .heartbeatInterval(Duration.ofSeconds(10))
                    .operators(TestOperators.registry())
                    .build())
        .hasMessage("heartbeatInterval must be shorter than the lease (PT10S) but was PT10S");
  }

  @Test
  void retry_policy_defaults_and_validation() {
    RetryPolicy d = RetryPolicy.ofDefaults();
    assertThat(d.kind()).isEqualTo(RetryPolicy.Kind.EXPONENTIAL);
    assertThat(d.initialDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(d.maxDelay()).isEqualTo(Duration.ofMinutes(5));
    assertThat(d.multiplier()).isEqualTo(2.0);
    assertThat(d.jitter()).isEqualTo(0.2);
    assertThat(d.maxAttempts()).isEqualTo(3);
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5))
        .hasMessage("jitter must be between 0 and 1 but was 1.5");
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
        .hasMessage("maxAttempts must be between 1 and 1000 but was 0");
    assertThatThrownBy(() -> RetryPolicy.builder().exponential(Duration.ofSeconds(1), 0.5))
        .hasMessage("multiplier must be at least 1 but was 0.5");
    assertThatThrownBy(
            () ->
                RetryPolicy.builder()
                    .fixed(Duration.ofMinutes(10))
                    .maxDelay(Duration.ofMinutes(1))
                    .build())
        .hasMessageContaining("maxDelay must be at least the initial delay (PT10M) but was PT1M");
  }

  @Test
  void backoff_follows_the_policy_exactly_without_jitter() {
    Backoff fixed =
        new Backoff(RetryPolicy.builder().fixed(Duration.ofSeconds(3)).jitter(0).build());
    assertThat(fixed.delayAfter(1)).isEqualTo(Duration.ofSeconds(3));
    assertThat(fixed.delayAfter(5)).isEqualTo(Duration.ofSeconds(3));
    Backoff linear =
        new Backoff(
            RetryPolicy.builder()
                .linear(Duration.ofSeconds(2))
                .jitter(0)
                .maxDelay(Duration.ofSeconds(7))
                .build());
    assertThat(linear.delayAfter(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(linear.delayAfter(3)).isEqualTo(Duration.ofSeconds(6));
    assertThat(linear.delayAfter(9)).isEqualTo(Duration.ofSeconds(7));
    Backoff exp =
        new Backoff(
            RetryPolicy.builder()
                .exponential(Duration.ofSeconds(1), 2)
                .jitter(0)
                .maxDelay(Duration.ofSeconds(10))
                .build());
    assertThat(exp.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(exp.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(exp.delayAfter(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(exp.delayAfter(10)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void jitter_spreads_delays_within_its_bounds() {
    Backoff exp =
        new Backoff(
            RetryPolicy.builder().exponential(Duration.ofSeconds(10), 2).jitter(0.2).build());
    Backoff lin =
        new Backoff(RetryPolicy.builder().linear(Duration.ofSeconds(10)).jitter(0.5).build());
    for (int i = 0; i < 200; i++) {
      assertThat(exp.delayAfter(1).toMillis()).isBetween(8_000L, 12_000L);
      assertThat(lin.delayAfter(2).toMillis()).isBetween(10_000L, 30_000L);
    }
  }

  @Test
  void health_reports_workers_and_storage() {
    try (MediaFlow flow =
        MediaFlow.builder().operators(TestOperators.registry()).workers(1).build()) {
      assertThat(flow.health().checks()).isNotEmpty();
      flow.start();
      assertThat(flow.health().checks().toString()).contains("storage");
    }
  }
}
