package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.internal.engine.EngineConfig;
import io.mediaflow.testkit.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * At start an engine whose id the host set takes back at once the leases held under that id (its
 * earlier run's); with the default id, new in every process, leases wait for their expiry. The
 * earlier run is a claim made on the store directly; the clock never moves.
 */
class MediaFlowLeaseTakeBackTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  final ManualClock clock = ManualClock.at(T0);
  final InMemoryStorage storage = new InMemoryStorage();
  final List<MediaFlow> flows = new ArrayList<>();

  @AfterEach
  void close() {
    flows.forEach(MediaFlow::close);
  }

  MediaFlow.Builder engine() {
    return MediaFlow.builder()
        .storage(storage)
        .clock(clock)
        .runOnCallingThread()
        .operators(TestOperators.registry())
        .handler("t", ctx -> Optional.of("done"));
  }

  Job claimedBy(String owner) {
    storage.jobs().submit(JobRequest.of("t", ""), T0);
    return storage
        .jobs()
        .claim(new ClaimRequest(owner, 1, MediaFlow.DEFAULT_LEASE, T0, Set.of()))
        .get(0);
  }

  @Test
  void a_node_restarted_under_the_id_the_host_set_runs_its_earlier_runs_jobs_at_once() {
    Job mine = claimedBy("encoder-1/mediaflow-encoder-1-worker-0");
    Job theirs = claimedBy("encoder-2/mediaflow-encoder-2-worker-0");
    MediaFlow flow = engine().nodeId("encoder-1").build();
    flows.add(flow);

    assertThat(flow.runDueJobs()).isOne();

    Job done = storage.jobs().find(mine.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.attempts()).as("the earlier run's attempt still counts").isEqualTo(2);
    assertThat(storage.jobs().find(theirs.id()).orElseThrow().lease()).isEqualTo(theirs.lease());
  }

  @Test
  void a_node_with_the_default_id_takes_back_nothing() {
    Job earlier = claimedBy("host-4242-ab12/mediaflow-host-4242-ab12-worker-0");
    MediaFlow flow = engine().build();
    flows.add(flow);

    assertThat(flow.runDueJobs()).isZero();
    assertThat(storage.jobs().find(earlier.id()).orElseThrow().state())
        .isEqualTo(JobState.PROCESSING);
  }

  @Test
  void only_an_id_the_host_set_is_stable_and_a_copy_of_the_config_keeps_that() {
    EngineConfig set = EngineConfig.custom().nodeId("encoder-1").build();
    EngineConfig defaulted = EngineConfig.ofDefaults();

    assertThat(set.stableNodeId()).isTrue();
    assertThat(defaulted.stableNodeId()).isFalse();
    assertThat(EngineConfig.from(set).build().stableNodeId()).isTrue();
    assertThat(EngineConfig.from(defaulted).build().stableNodeId()).isFalse();
    assertThat(set.toString()).contains("node=encoder-1 (set)");
    assertThat(defaulted.toString()).contains("(default)");
  }

  @Test
  void a_node_id_with_a_slash_is_refused_since_it_would_match_another_nodes_leases() {
    assertThatThrownBy(() -> engine().nodeId("encoder/1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "nodeId must not contain '/' but was \"encoder/1\"; use '-' or '.' to build it from"
                + " parts");
  }
}
