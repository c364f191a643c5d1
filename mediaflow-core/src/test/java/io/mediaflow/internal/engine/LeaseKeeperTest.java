package io.mediaflow.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@link LeaseKeeper}: a heartbeat that finds a lease gone stops the attempt that still runs, with
 * a line in its job's log; an attempt whose handler already returned is left to the recording of
 * its outcome. A heartbeat racing a worker's batch completion found those jobs completed, and wrote
 * a false "lost its lease" warning (and a store write) for each one.
 */
class LeaseKeeperTest {

  static final Instant T0 = Instant.parse("2026-12-04T16:45:00Z");

  final ManualClock clock = ManualClock.at(T0);
  final InMemoryStorage storage = new InMemoryStorage();
  final EngineConfig config =
      EngineConfig.custom()
          .storage(storage)
          .clock(clock)
          .lease(Duration.ofSeconds(30))
          .nodeId("lease-test")
          .build();
  final Map<String, Attempt> attempts = new ConcurrentHashMap<>();
  final LeaseKeeper keeper = new LeaseKeeper(config, attempts);

  @Test
  void an_attempt_still_running_whose_lease_is_gone_is_stopped_with_a_line_in_its_log() {
    Attempt running = claimOne();
    running.begin(Thread.currentThread());
    storage.jobs().cancel(running.id(), T0);

    keeper.heartbeatAll();

    assertThat(running.stopReason()).isEqualTo(StopReason.LEASE_LOST);
    assertThat(lines(running)).anySatisfy(m -> assertThat(m).contains("lost its lease"));
    Thread.interrupted(); // the stop interrupted this thread, which stood for the handler's
  }

  @Test
  void an_attempt_whose_handler_returned_and_whose_job_completed_meanwhile_is_left_alone() {
    Attempt ended = claimOne();
    ended.begin(Thread.currentThread());
    assertThat(ended.end()).isTrue();
    // its batch's completion committed; the worker has not removed it from the map yet
    assertThat(storage.jobs().complete(ended.id(), ended.token, Optional.empty(), T0)).isNotNull();

    keeper.heartbeatAll();

    assertThat(ended.stopReason()).isEqualTo(StopReason.RUNNING);
    assertThat(lines(ended)).noneSatisfy(m -> assertThat(m).contains("lost its lease"));
  }

  @Test
  void the_leases_of_attempts_held_are_extended() {
    Attempt held = claimOne();
    clock.advance(Duration.ofSeconds(10));

    keeper.heartbeatAll();

    Job after = storage.jobs().find(held.id()).orElseThrow();
    assertThat(after.lease().orElseThrow().expiresAt()).isEqualTo(T0.plusSeconds(40));
    assertThat(held.stopReason()).isEqualTo(StopReason.RUNNING);
  }

  private Attempt claimOne() {
    storage.jobs().submit(JobRequest.of("t", "{}"), T0);
    Job job =
        storage
            .jobs()
            .claim(new ClaimRequest("lease-test", 1, Duration.ofSeconds(30), T0, Set.of("t")))
            .get(0);
    Attempt a = new Attempt(job);
    attempts.put(job.id(), a);
    return a;
  }

  private List<String> lines(Attempt a) {
    return storage.jobs().logs(a.id()).stream().map(JobLog::message).toList();
  }
}
