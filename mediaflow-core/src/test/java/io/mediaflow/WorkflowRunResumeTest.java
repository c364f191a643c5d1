package io.mediaflow;

import static io.mediaflow.WorkflowRunTest.count;
import static io.mediaflow.WorkflowRunTest.edge;
import static io.mediaflow.WorkflowRunTest.wf;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.api.store.Checkpoint;
import io.mediaflow.api.store.CheckpointStore;
import io.mediaflow.api.store.JobStore;
import io.mediaflow.api.store.SavedState;
import io.mediaflow.api.store.ScheduleStore;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.WebhookStore;
import io.mediaflow.api.store.WorkflowStore;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run resumes from its saved cursor: after a lost lease at the node it was at, with each finished
 * action's side effect once; a loop's store work grows with its items, not their square; a delay on
 * a correlation key is reached by {@code flow.workflows().signal(key, …)}.
 */
class WorkflowRunResumeTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final ManualClock clock = ManualClock.at(T0);
  final CountingStorage storage = new CountingStorage(new InMemoryStorage());
  final WorkflowTestActions actions = new WorkflowTestActions();
  final List<MediaFlow> flows = new ArrayList<>();

  @AfterEach
  void close() {
    flows.forEach(MediaFlow::close);
  }

  MediaFlow flow() {
    MediaFlow f =
        actions
            .register(
                MediaFlow.builder()
                    .storage(storage)
                    .clock(clock)
                    .runOnCallingThread()
                    .operators(TestOperators.registry()))
            .build();
    flows.add(f);
    return f;
  }

  @Test
  void
      a_run_whose_lease_was_taken_back_inside_an_action_resumes_at_that_node_with_each_effect_once() {
    MediaFlow f = flow();
    AtomicReference<Boolean> stalled = new AtomicReference<>(false);
    // node b's worker stalls after b's side effect: its lease expires and the watchdog takes the
    // run back; the stalled attempt must write nothing more, the next one goes on at b
    actions.during.put(
        "b",
        ctx -> {
          if (!stalled.getAndSet(true)) {
            clock.advance(MediaFlow.DEFAULT_LEASE.plusSeconds(1));
            assertThat(f.runWatchdog()).isOne();
          }
        });
    String def =
        wf(
            count("a", "a") + "," + count("b", "b") + "," + count("c", "c"),
            edge("start", "a") + "," + edge("a", "b") + "," + edge("b", "c"));
    JobHandle h = f.workflows().start(def, Map.of());

    f.runDueJobs();

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(actions.calls("a")).as("a finished before the stall: not asked for again").isOne();
    assertThat(actions.calls("b")).as("b is run again by the next attempt").isEqualTo(2);
    assertThat(actions.effects("a")).isOne();
    assertThat(actions.effects("b")).as("b's step answers from its checkpoint").isOne();
    assertThat(actions.effects("c")).isOne();
    assertThat(f.workflows().run(h.id()).orElseThrow().node("c").orElseThrow().state())
        .isEqualTo("COMPLETED");
  }

  @Test
  void a_loop_costs_store_work_in_proportion_to_its_items() {
    Cost ten = loopCost(10);
    Cost thousand = loopCost(1000);

    System.out.printf(
        "loop cost: 10 items %s; 1000 items %s; ratio calls %.1f, history rows %.1f, bytes %.1f%n",
        ten,
        thousand,
        (double) thousand.calls / ten.calls,
        (double) thousand.rows / ten.rows,
        (double) thousand.bytes / ten.bytes);
    // 100 times the items: linear is about 100 times the work, quadratic 10,000 times
    assertThat(thousand.calls).isLessThan(ten.calls * 110);
    assertThat(thousand.rows).isLessThan(ten.rows * 110);
    // bytes per item: the cursor is the same size whatever the item, and a resume reads one page
    // of at most 256 items (ten items fit in a smaller page, hence the margin)
    assertThat(thousand.bytes).isLessThan(ten.bytes * 150);
  }

  record Cost(long calls, long rows, long bytes) {}

  /** A loop whose body sleeps 1 s per item: each item is a resume from the saved cursor. */
  Cost loopCost(int items) {
    MediaFlow f = flow();
    List<Integer> list = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      list.add(i);
    }
    String def =
        wf(
            "{\"id\":\"each\",\"type\":\"loop\",\"items\":\"${trigger.items}\",\"as\":\"n\","
                + "\"maxItems\":10000},"
                + "{\"id\":\"nap\",\"type\":\"delay\",\"duration\":\"1s\"},"
                + "{\"id\":\"body\",\"type\":\"action\",\"action\":\"test.echo\","
                + "\"params\":{\"value\":\"item ${loop.n}\"}}",
            edge("start", "each") + "," + edge("each", "nap", "each") + "," + edge("nap", "body"));
    storage.counting.reset();
    JobHandle h = f.workflows().start(def, Map.of("items", list));
    f.runDueJobs();
    for (int i = 0; i < items; i++) {
      assertThat(h.status().waitReason()).contains(WaitReason.SLEEP);
      clock.advance(Duration.ofSeconds(1));
      f.runDueJobs();
    }
    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(h.status().result().orElseThrow()).contains("item " + (items - 1));
    Counting c = storage.counting;
    return new Cost(c.calls.get(), c.rows.get(), c.bytes.get());
  }

  @Test
  void a_delay_on_a_correlation_key_is_reached_by_signal_on_that_key() {
    MediaFlow f = flow();
    String def =
        wf(
            "{\"id\":\"ok\",\"type\":\"delay\",\"signal\":\"approved\",\"timeout\":\"3d\","
                + "\"key\":\"${trigger.path}\"},"
                + count("done", "done"),
            edge("start", "ok") + "," + edge("ok", "done"));
    JobHandle one = f.workflows().start(def, Map.of("path", "/media/a.mp4"));
    JobHandle two = f.workflows().start(def, Map.of("path", "/media/a.mp4"));
    JobHandle other = f.workflows().start(def, Map.of("path", "/media/b.mp4"));
    f.runDueJobs();
    assertThat(f.workflows().run(one.id()).orElseThrow().node("ok").orElseThrow().waitReason())
        .isEqualTo("signal approved for key /media/a.mp4");

    List<String> sent = f.workflows().signal("/media/a.mp4", "approved", "{\"by\":\"ana\"}");
    f.runDueJobs();

    assertThat(sent).containsExactlyInAnyOrder(one.id(), two.id());
    assertThat(one.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(two.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(other.status().state()).isEqualTo(JobState.SCHEDULED);
    assertThat(actions.effects("done")).isEqualTo(2);
    assertThat(f.workflows().signal("/media/a.mp4", "approved", "{}"))
        .as("the finished runs left the index")
        .isEmpty();
  }

  /**
   * Counts checkpoint store calls, history rows read and bytes of state and checkpoints written.
   */
  static final class Counting implements CheckpointStore {
    final AtomicLong calls = new AtomicLong();
    final AtomicLong rows = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    CheckpointStore delegate;

    void reset() {
      calls.set(0);
      rows.set(0);
      bytes.set(0);
    }

    @Override
    public List<Checkpoint> history(String jobId, int fromSeq) {
      calls.incrementAndGet();
      List<Checkpoint> h = delegate.history(jobId, fromSeq);
      rows.addAndGet(h.size());
      return h;
    }

    @Override
    public void saveAll(List<Checkpoint> checkpoints) {
      calls.incrementAndGet();
      checkpoints.forEach(c -> bytes.addAndGet(c.value().length()));
      delegate.saveAll(checkpoints);
    }

    @Override
    public void saveState(String jobId, String name, SavedState state) {
      calls.incrementAndGet();
      bytes.addAndGet(state.value().length());
      delegate.saveState(jobId, name, state);
    }

    @Override
    public Optional<SavedState> loadState(String jobId, String name) {
      calls.incrementAndGet();
      Optional<SavedState> s = delegate.loadState(jobId, name);
      s.ifPresent(v -> bytes.addAndGet(v.value().length()));
      return s;
    }

    @Override
    public Optional<String> takeSignal(String jobId, String name, int seq) {
      calls.incrementAndGet();
      return delegate.takeSignal(jobId, name, seq);
    }
  }

  /** InMemoryStorage with its checkpoints counted. */
  static final class CountingStorage implements Storage {
    final InMemoryStorage store;
    final Counting counting = new Counting();

    CountingStorage(InMemoryStorage store) {
      this.store = store;
      counting.delegate = store.checkpoints();
    }

    @Override
    public JobStore jobs() {
      return store.jobs();
    }

    @Override
    public ScheduleStore schedules() {
      return store.schedules();
    }

    @Override
    public WebhookStore webhooks() {
      return store.webhooks();
    }

    @Override
    public CheckpointStore checkpoints() {
      return counting;
    }

    @Override
    public WorkflowStore workflows() {
      return store.workflows();
    }
  }
}
