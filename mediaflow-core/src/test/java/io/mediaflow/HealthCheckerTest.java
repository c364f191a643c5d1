package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.Health.Status;
import io.mediaflow.internal.observe.HealthChecker;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HealthCheckerTest {

  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private final ManualClock clock = ManualClock.at(NOW);

  private final AtomicLong pending = new AtomicLong();
  private final AtomicInteger alive = new AtomicInteger(4);
  private volatile Optional<Instant> oldest = Optional.empty();
  private volatile boolean storageUp = true;
  private volatile boolean backendFound = true;

  private HealthChecker checker() {
    return HealthChecker.builder(clock)
        .storage(
            () -> {
              if (!storageUp) {
                throw new IllegalStateException("connection refused");
              }
              return true;
            })
        .mediaBackend(() -> backendFound)
        .backlog(pending::get)
        .oldestDueJob(() -> oldest)
        .workers(alive::get, 4)
        .build();
  }

  @Test
  void all_well_is_healthy_with_a_reason_for_every_check() {
    pending.set(12);
    oldest = Optional.of(NOW.minusSeconds(30));

    Health h = checker().check();

    assertThat(h.status()).isEqualTo(Status.HEALTHY);
    assertThat(h.isHealthy()).isTrue();
    assertThat(h.checks())
        .extracting(HealthCheck.Result::name, HealthCheck.Result::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("storage", "storage reachable"),
            org.assertj.core.groups.Tuple.tuple("mediaBackend", "media backend found"),
            org.assertj.core.groups.Tuple.tuple("backlog", "12 jobs waiting"),
            org.assertj.core.groups.Tuple.tuple("oldestJob", "the oldest due job has waited PT30S"),
            org.assertj.core.groups.Tuple.tuple("workers", "4 of 4 workers alive"));
  }

  @Test
  void unreachable_storage_is_unhealthy_and_says_why() {
    storageUp = false;
    Health h = checker().check();
    assertThat(h.status()).isEqualTo(Status.UNHEALTHY);
    assertThat(h.checks().get(0))
        .isEqualTo(
            new HealthCheck.Result(
                "storage", Status.UNHEALTHY, "storage unreachable: connection refused"));
  }

  @Test
  void no_media_backend_is_unhealthy() {
    backendFound = false;
    assertThat(checker().check().checks().get(1).status()).isEqualTo(Status.UNHEALTHY);
  }

  @Test
  void a_backlog_over_the_limit_is_unhealthy() {
    pending.set(HealthChecker.DEFAULT_MAX_BACKLOG);
    assertThat(checker().check().status()).isEqualTo(Status.HEALTHY);
    pending.set(HealthChecker.DEFAULT_MAX_BACKLOG + 1);
    Health h = checker().check();
    assertThat(h.status()).isEqualTo(Status.UNHEALTHY);
    assertThat(h.checks().get(2).reason())
        .isEqualTo("1001 jobs waiting, more than the limit of 1000");
  }

  @Test
  void an_old_due_job_is_degraded_as_the_clock_moves() {
    HealthChecker checker = checker();
    oldest = Optional.of(NOW);
    clock.advance(Duration.ofHours(1));
    assertThat(checker.check().status()).isEqualTo(Status.HEALTHY);
    clock.advance(Duration.ofSeconds(1));
    Health h = checker.check();
    assertThat(h.status()).isEqualTo(Status.DEGRADED);
    assertThat(h.checks().get(3).reason())
        .isEqualTo("the oldest due job has waited PT1H1S, longer than PT1H");
  }

  @Test
  void missing_workers_degrade_and_none_is_unhealthy() {
    alive.set(3);
    assertThat(checker().check().status()).isEqualTo(Status.DEGRADED);
    alive.set(0);
    Health h = checker().check();
    assertThat(h.status()).isEqualTo(Status.UNHEALTHY);
    assertThat(h.checks().get(4).reason()).isEqualTo("0 of 4 workers alive");
  }

  @Test
  void stuck_workers_degrade_and_are_named_in_the_reason() {
    AtomicInteger stuck = new AtomicInteger(2);
    HealthChecker checker =
        HealthChecker.builder(clock).workers(alive::get, 4).stuckWorkers(stuck::get).build();
    Health h = checker.check();
    assertThat(h.status()).isEqualTo(Status.DEGRADED);
    assertThat(h.checks().get(0).reason())
        .isEqualTo(
            "4 of 4 workers alive, 2 stuck in a handler that ignored its timeout (replaced)");
    alive.set(0);
    assertThat(checker.check().status()).isEqualTo(Status.UNHEALTHY);
    alive.set(4);
    stuck.set(0);
    assertThat(checker.check().status()).isEqualTo(Status.HEALTHY);
    assertThat(checker.check().checks().get(0).reason()).isEqualTo("4 of 4 workers alive");
  }

  @Test
  void the_worst_check_wins() {
    alive.set(2); // degraded
    pending.set(5_000); // unhealthy
    assertThat(checker().check().status()).isEqualTo(Status.UNHEALTHY);
  }

  @Test
  void a_throwing_source_makes_its_check_unhealthy_not_the_call_fail() {
    HealthChecker checker =
        HealthChecker.builder(clock)
            .backlog(
                () -> {
                  throw new IllegalStateException("queue closed");
                })
            .build();
    assertThat(checker.check().checks())
        .containsExactly(
            new HealthCheck.Result(
                "backlog", Status.UNHEALTHY, "the backlog check failed: queue closed"));
  }

  @Test
  void thresholds_are_configurable_and_checked() {
    HealthChecker checker =
        HealthChecker.builder(clock)
            .backlog(() -> 11)
            .maxBacklog(10)
            .oldestDueJob(() -> Optional.of(NOW.minus(Duration.ofMinutes(6))))
            .maxOldestJobAge(Duration.ofMinutes(5))
            .build();
    assertThat(checker.check().checks())
        .extracting(HealthCheck.Result::status)
        .containsExactly(Status.UNHEALTHY, Status.DEGRADED);
    assertThatThrownBy(() -> HealthChecker.builder(clock).maxOldestJobAge(Duration.ZERO))
        .hasMessage("maxOldestJobAge must be positive but was PT0S");
    assertThatThrownBy(() -> HealthChecker.builder(clock).maxBacklog(1).maxBacklog(2))
        .hasMessage("maxBacklog was already set");
  }

  @Test
  void nothing_configured_is_healthy() {
    assertThat(HealthChecker.builder(clock).build().check())
        .isEqualTo(new Health(Status.HEALTHY, java.util.List.of()));
  }
}
