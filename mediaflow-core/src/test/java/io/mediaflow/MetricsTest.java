package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.testkit.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private final ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));

  private static void someWork(Metrics m) {
    m.jobStarted("media");
    m.jobFinished("media", Duration.ofSeconds(2), true);
    m.jobStarted("media");
    m.jobFinished("media", Duration.ofSeconds(4), false);
    m.retried("media");
    m.jobStarted("webhook.delivery");
    m.jobFinished("webhook.delivery", Duration.ofMillis(100), true);
    m.stepFinished("probe", Duration.ofMillis(50));
    m.stepFinished("encode", Duration.ofSeconds(1));
    m.stepFinished("encode", Duration.ofSeconds(3));
    m.queueDepth(() -> 17);
    m.workerUtilization(() -> 0.75);
  }

  @Test
  void in_library_metrics_count_time_and_derive_rates() {
    Metrics m = Metrics.inLibrary(clock);
    someWork(m);

    MetricsSnapshot s = m.snapshot();

    assertThat(s.executions()).isEqualTo(3);
    assertThat(s.duration().count()).isEqualTo(3);
    assertThat(s.duration().total()).isEqualTo(Duration.ofMillis(6_100));
    assertThat(s.duration().max()).isEqualTo(Duration.ofSeconds(4));
    assertThat(s.successRate()).isEqualTo(2.0 / 3);
    assertThat(s.stepDuration().count()).isEqualTo(3);
    assertThat(s.bySteps().get("encode").mean()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.queueDepth()).isEqualTo(17);
    assertThat(s.workerUtilization()).isEqualTo(0.75);
    assertThat(s.retries()).isEqualTo(1);
    assertThat(s.errorRate()).isEqualTo(1);
    assertThat(s.byType().get("media")).isEqualTo(new MetricsSnapshot.TypeCounts(2, 1, 1, 1));
    assertThat(s.byType().get("webhook.delivery"))
        .isEqualTo(new MetricsSnapshot.TypeCounts(1, 1, 0, 0));
  }

  @Test
  void nothing_finished_means_no_success_rate_yet() {
    MetricsSnapshot s = Metrics.inLibrary(clock).snapshot();
    assertThat(s.successRate()).isNaN();
    assertThat(s.errorRate()).isZero();
    assertThat(s.queueDepth()).isZero();
    assertThat(s.duration()).isEqualTo(MetricsSnapshot.Timer.EMPTY);
  }

  @Test
  void error_rate_counts_failures_of_the_last_minute_only() {
    Metrics m = Metrics.inLibrary(clock);
    m.jobFinished("media", Duration.ZERO, false);
    clock.advance(Duration.ofSeconds(30));
    m.jobFinished("media", Duration.ZERO, false);
    m.jobFinished("media", Duration.ZERO, false);
    assertThat(m.snapshot().errorRate()).isEqualTo(3);

    clock.advance(Duration.ofSeconds(31));
    assertThat(m.snapshot().errorRate()).isEqualTo(2);

    clock.advance(Duration.ofMinutes(5)); // the same buckets come round again
    m.jobFinished("media", Duration.ZERO, false);
    assertThat(m.snapshot().errorRate()).isEqualTo(1);
  }

  @Test
  void utilization_is_clamped_and_a_failing_source_reads_as_zero() {
    Metrics m = Metrics.inLibrary(clock);
    m.workerUtilization(() -> 1.7);
    assertThat(m.snapshot().workerUtilization()).isEqualTo(1.0);
    m.queueDepth(
        () -> {
          throw new IllegalStateException("storage down");
        });
    assertThat(m.snapshot().queueDepth()).isZero();
  }

  @Test
  void counts_stay_exact_under_concurrent_reports() throws Exception {
    Metrics m = Metrics.inLibrary(clock);
    int threads = 4;
    int each = 50_000;
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < each; i++) {
                    m.jobStarted("media");
                    m.jobFinished("media", Duration.ofMillis(1), true);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  done.countDown();
                }
              })
          .start();
    }
    start.countDown();
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    MetricsSnapshot s = m.snapshot();
    assertThat(s.executions()).isEqualTo((long) threads * each);
    assertThat(s.byType().get("media").succeeded()).isEqualTo((long) threads * each);
    assertThat(s.duration().total()).isEqualTo(Duration.ofMillis((long) threads * each));
  }

  @Test
  void micrometer_bridge_registers_the_eight_metrics() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Metrics m = Metrics.micrometer(registry, clock);
    someWork(m);

    assertThat(registry.get(Metrics.EXECUTIONS).tag("type", "media").counter().count())
        .isEqualTo(2);
    assertThat(
            registry
                .get(Metrics.DURATION)
                .tags("type", "media", "outcome", "failure")
                .timer()
                .totalTime(TimeUnit.SECONDS))
        .isEqualTo(4);
    assertThat(registry.get(Metrics.SUCCESS_RATE).gauge().value()).isEqualTo(2.0 / 3);
    assertThat(registry.get(Metrics.STEP_DURATION).tag("step", "encode").timer().count())
        .isEqualTo(2);
    assertThat(registry.get(Metrics.QUEUE_DEPTH).gauge().value()).isEqualTo(17);
    assertThat(registry.get(Metrics.WORKER_UTILIZATION).gauge().value()).isEqualTo(0.75);
    assertThat(registry.get(Metrics.RETRY_COUNT).tag("type", "media").counter().count())
        .isEqualTo(1);
    assertThat(registry.get(Metrics.ERROR_RATE).gauge().value()).isEqualTo(1);
    assertThat(m.snapshot().executions()).isEqualTo(3);
  }

  @Test
  void micrometer_bridge_refuses_something_that_is_not_a_registry() {
    assertThatThrownBy(() -> Metrics.micrometer("registry"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Metrics.micrometer(...) needs an io.micrometer.core.instrument.MeterRegistry but was"
                + " given a java.lang.String");
  }

  @Test
  void micrometer_bridge_says_what_to_add_when_micrometer_is_absent() throws Exception {
    try (URLClassLoader withoutMicrometer = new URLClassLoader(new URL[0], null)) {
      assertThatThrownBy(() -> MicrometerSupport.create(new Object(), clock, withoutMicrometer))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("needs Micrometer, which is not on the class path")
          .hasMessageContaining("io.micrometer:micrometer-core")
          .hasMessageContaining("Metrics.inLibrary()");
    }
  }
}
