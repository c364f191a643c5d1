package io.mediaflow.samples.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.JobResult;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.Storage;
import io.mediaflow.jdbc.JdbcStorage;
import io.mediaflow.testkit.ManualClock;
import io.mediaflow.testkit.SimplePool;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine that starts takes back at once, before its first claim, the leases of a process known
 * to be gone, instead of waiting for them to expire: on an embedded H2 file every lease that no
 * open store of this process holds, and on a shared database those held under the node id the host
 * set, when it is the one the node had before. A "dead" engine is a store that claimed a job and
 * never heartbeats; the engines run on a manual clock that does not move, so no lease expires.
 */
class LeaseTakeBackAtStartTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Duration LEASE = MediaFlow.DEFAULT_LEASE;

  @TempDir Path dir;

  private final ManualClock clock = ManualClock.at(T0);
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private SimplePool pool;
  private String prefix;
  private JdbcStorage pgStorage;

  @AfterEach
  void dropTables() {
    if (pgStorage != null) {
      pgStorage.close();
    }
    if (pool != null) {
      ChaosDatabases.dropAll(pool, prefix);
      pool.close();
    }
  }

  @Test
  void on_an_h2_file_a_starting_engine_runs_a_dead_processs_job_at_once() throws Exception {
    Path file = dir.resolve("jobs");
    Job held;
    try (JdbcStorage dead = JdbcStorage.h2(file)) {
      dead.jobs().submit(JobRequest.of("t", "x"), T0);
      held = claim(dead, "host-4242-ab12/mediaflow-worker-1"); // a default id, gone with its JVM
    }

    try (JdbcStorage storage = JdbcStorage.h2(file);
        MediaFlow flow = engine(storage).workers(1).pollInterval(Duration.ofMillis(20)).build()) {
      flow.start();

      JobResult done = flow.job(held.id()).orElseThrow().await(Duration.ofSeconds(20));
      assertThat(done.state()).isEqualTo(JobState.COMPLETED);
      assertThat(done.attempts()).as("the dead process's attempt and this one").isEqualTo(2);
      assertThat(ran).containsExactly(held.id());
      assertThat(clock.instant()).as("no lease expired").isEqualTo(T0);
    }
  }

  @Test
  void on_postgresql_a_node_restarted_under_its_id_takes_back_its_own_leases_only() {
    JdbcStorage storage = postgres();
    Job mine = submitAndClaim(storage, "node-a/mediaflow-node-a-worker-1");
    Job theirs = submitAndClaim(storage, "node-b/mediaflow-node-b-worker-1");

    try (MediaFlow flow = engine(storage).nodeId("node-a").runOnCallingThread().build()) {
      assertThat(flow.runDueJobs()).isOne();
    }

    Job done = storage.jobs().find(mine.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.attempts()).isEqualTo(2);
    Job other = storage.jobs().find(theirs.id()).orElseThrow();
    assertThat(other.state()).as("node-b may be running").isEqualTo(JobState.PROCESSING);
    assertThat(other.lease()).isEqualTo(theirs.lease());
    assertThat(ran).containsExactly(mine.id());
  }

  @Test
  void on_postgresql_a_node_with_the_default_id_waits_for_the_leases_to_expire() {
    JdbcStorage storage = postgres();
    // the id a default node had in its earlier process: the new one cannot know it
    Job earlier = submitAndClaim(storage, "host-4242-ab12/mediaflow-host-4242-ab12-worker-1");

    try (MediaFlow flow = engine(storage).runOnCallingThread().build()) {
      assertThat(flow.runDueJobs()).as("at start, before the lease expired").isZero();
      assertThat(storage.jobs().find(earlier.id()).orElseThrow().lease())
          .isEqualTo(earlier.lease());

      clock.advance(LEASE.plusSeconds(1));
      assertThat(flow.runWatchdog()).as("expired").isOne();
      assertThat(flow.runDueJobs()).isOne();
    }
    assertThat(storage.jobs().find(earlier.id()).orElseThrow().state())
        .isEqualTo(JobState.COMPLETED);
  }

  // ---- helpers ----

  private MediaFlow.Builder engine(Storage storage) {
    return MediaFlow.builder()
        .storage(storage)
        .clock(clock)
        .handler(
            "t",
            ctx -> {
              ran.add(ctx.job().id());
              return Optional.empty();
            });
  }

  private JdbcStorage postgres() {
    pool = ChaosDatabases.postgres();
    prefix = ChaosDatabases.uniquePrefix();
    pgStorage = JdbcStorage.builder(pool).tablePrefix(prefix).build();
    return pgStorage;
  }

  private static Job submitAndClaim(JdbcStorage storage, String owner) {
    storage.jobs().submit(JobRequest.of("t", "x"), T0);
    return claim(storage, owner);
  }

  private static Job claim(JdbcStorage storage, String owner) {
    return storage.jobs().claim(new ClaimRequest(owner, 1, LEASE, T0, Set.of())).get(0);
  }
}
