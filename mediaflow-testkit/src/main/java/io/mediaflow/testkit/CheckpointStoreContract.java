package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.store.Checkpoint;
import io.mediaflow.api.store.Checkpoint.Kind;
import io.mediaflow.api.store.CheckpointStore;
import io.mediaflow.api.store.CheckpointStore.StateSave;
import io.mediaflow.api.store.SavedState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@link CheckpointStore} contract: the durable history of jobs ({@link
 * io.mediaflow.api.store.Storage#checkpoints()}).
 *
 * <p>Subclass it (or {@link StorageContract}, which runs every suite) and return a fresh, empty
 * store from {@link #newStorage()}.
 *
 * <p>A history lists a job's checkpoints by position; the first checkpoint written at a position
 * wins and later ones change nothing; a batch saves checkpoints of many jobs at once. A saved state
 * is replaced by the next save under its name. A signal is taken at most once, oldest first, and
 * taking again at the same position returns what that position took. Deleting or purging a job
 * deletes its history, states and signals. Every checkpoint here belongs to a job the store holds.
 */
public abstract class CheckpointStoreContract extends StorageContractSupport {

  /** The part under test. */
  protected CheckpointStore checkpoints() {
    return storage.checkpoints();
  }

  /** A checkpoint of {@code job} at {@code seq}. */
  protected static Checkpoint step(Job job, int seq, String name, String value) {
    return new Checkpoint(job.id(), seq, Kind.STEP, name, value);
  }

  // ---- history ----

  @Test
  void a_job_without_checkpoints_has_an_empty_history() {
    Job job = submit();

    assertThat(checkpoints().history(job.id(), 0)).isEmpty();
    assertThat(checkpoints().history("no-such-job", 0)).isEmpty();
  }

  @Test
  void history_lists_every_kind_in_position_order_from_the_position_asked() {
    Job job = submit();
    List<Checkpoint> saved =
        List.of(
            new Checkpoint(job.id(), 0, Kind.STEP, "fetch", "{\"n\":1}"),
            new Checkpoint(job.id(), 1, Kind.TIMER, "sleep", "1714557600000"),
            new Checkpoint(job.id(), 2, Kind.TIMER, "approve", "1714557660000"),
            new Checkpoint(job.id(), 3, Kind.SIGNAL, "approve", "{\"payload\":\"yes\"}"),
            new Checkpoint(job.id(), 4, Kind.CHILD, "resize", "\"child-1\""),
            new Checkpoint(job.id(), 5, Kind.CHILDREN, "children", "[\"child-1\"]"),
            new Checkpoint(job.id(), 6, Kind.STEP, "nothing", "null"));
    // saved out of order, one at a time and in a batch: the history is ordered by position
    checkpoints().save(saved.get(3));
    checkpoints().saveAll(List.of(saved.get(6), saved.get(0), saved.get(5)));
    checkpoints().saveAll(List.of(saved.get(2), saved.get(1), saved.get(4)));

    assertThat(checkpoints().history(job.id(), 0)).containsExactlyElementsOf(saved);
    assertThat(checkpoints().history(job.id(), 4)).containsExactlyElementsOf(saved.subList(4, 7));
    assertThat(checkpoints().history(job.id(), 6)).containsExactly(saved.get(6));
    assertThat(checkpoints().history(job.id(), 7)).isEmpty();
    assertThat(checkpoints().history(job.id(), 100)).isEmpty();
  }

  @Test
  void a_history_with_a_gap_lists_the_positions_it_has() {
    Job job = submit();

    checkpoints().saveAll(List.of(step(job, 0, "a", "1"), step(job, 2, "c", "3")));

    assertThat(checkpoints().history(job.id(), 0))
        .containsExactly(step(job, 0, "a", "1"), step(job, 2, "c", "3"));
    assertThat(checkpoints().history(job.id(), 1)).containsExactly(step(job, 2, "c", "3"));
    checkpoints().save(step(job, 1, "b", "2"));
    assertThat(checkpoints().history(job.id(), 0))
        .extracting(Checkpoint::seq)
        .containsExactly(0, 1, 2);
  }

  @Test
  void a_history_keeps_a_value_of_a_mebibyte_and_any_text_exactly() {
    Job job = submit();
    // 11 bytes of UTF-8 each: about 1 MiB, the engine's default limit for a step's result
    String big = "\"" + "é€😀\\n".repeat(95_000) + "\"";

    checkpoints().save(step(job, 0, "big", big));

    Checkpoint back = checkpoints().history(job.id(), 0).get(0);
    assertThat(back.value()).isEqualTo(big);
    assertThat(back.name()).isEqualTo("big");
  }

  @Test
  void the_first_checkpoint_written_at_a_position_wins() {
    Job job = submit();
    checkpoints().save(step(job, 0, "fetch", "\"first\""));

    checkpoints().save(step(job, 0, "fetch", "\"second\""));
    checkpoints().save(new Checkpoint(job.id(), 0, Kind.TIMER, "other", "1"));
    checkpoints().saveAll(List.of(step(job, 0, "fetch", "\"third\""), step(job, 1, "b", "2")));

    assertThat(checkpoints().history(job.id(), 0))
        .containsExactly(step(job, 0, "fetch", "\"first\""), step(job, 1, "b", "2"));
  }

  @Test
  void within_one_batch_the_first_checkpoint_at_a_position_wins() {
    Job job = submit();

    checkpoints().saveAll(List.of(step(job, 0, "a", "1"), step(job, 0, "a", "2")));

    assertThat(checkpoints().history(job.id(), 0)).containsExactly(step(job, 0, "a", "1"));
  }

  @Test
  void a_batch_saves_the_checkpoints_of_every_job_in_it() {
    Job a = submit();
    Job b = submit();
    Job c = submit();
    checkpoints().save(step(b, 0, "b0", "\"kept\""));

    checkpoints()
        .saveAll(
            List.of(
                step(a, 0, "a0", "1"),
                step(b, 0, "b0", "\"lost\""),
                step(b, 1, "b1", "2"),
                step(a, 1, "a1", "3")));
    checkpoints().saveAll(List.of());

    assertThat(checkpoints().history(a.id(), 0))
        .containsExactly(step(a, 0, "a0", "1"), step(a, 1, "a1", "3"));
    assertThat(checkpoints().history(b.id(), 0))
        .as("a taken position is skipped, the rest of the batch saved")
        .containsExactly(step(b, 0, "b0", "\"kept\""), step(b, 1, "b1", "2"));
    assertThat(checkpoints().history(c.id(), 0)).isEmpty();
  }

  @Test
  void concurrent_writers_at_the_same_positions_leave_one_winner_each() throws Exception {
    Job job = submit();
    int writers = 8;
    int positions = 50;
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      String value = Integer.toString(w);
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int seq = 0; seq < positions; seq += 5) {
                    List<Checkpoint> batch = new ArrayList<>();
                    for (int i = seq; i < seq + 5; i++) {
                      batch.add(step(job, i, "s" + i, value));
                    }
                    checkpoints().saveAll(batch);
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      t.start();
      threads.add(t);
    }
    start.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(60));
      assertThat(t.isAlive()).as("writer finished").isFalse();
    }

    assertThat(errors).isEmpty();
    List<Checkpoint> history = checkpoints().history(job.id(), 0);
    assertThat(history).hasSize(positions);
    for (int i = 0; i < positions; i++) {
      assertThat(history.get(i).seq()).isEqualTo(i);
      assertThat(history.get(i).name()).isEqualTo("s" + i);
    }
    assertThat(checkpoints().history(job.id(), 0)).as("stable once written").isEqualTo(history);
  }

  // ---- saved states ----

  @Test
  void a_saved_state_is_loaded_back_and_replaced_by_the_next_save() {
    Job job = submit();
    Job other = submit();
    assertThat(checkpoints().loadState(job.id(), "cursor")).isEmpty();

    checkpoints().saveState(job.id(), "cursor", new SavedState("{\"page\":1}", 3));
    checkpoints().saveState(job.id(), "totals", new SavedState("[1,2]", 4));
    assertThat(checkpoints().loadState(job.id(), "cursor"))
        .contains(new SavedState("{\"page\":1}", 3));

    checkpoints().saveState(job.id(), "cursor", new SavedState("{\"page\":2}", 7));

    assertThat(checkpoints().loadState(job.id(), "cursor"))
        .contains(new SavedState("{\"page\":2}", 7));
    assertThat(checkpoints().loadState(job.id(), "totals")).contains(new SavedState("[1,2]", 4));
    assertThat(checkpoints().loadState(other.id(), "cursor")).isEmpty();
    assertThat(checkpoints().loadState(job.id(), "unknown")).isEmpty();
    assertThat(checkpoints().history(job.id(), 0)).as("a state is not a position").isEmpty();
  }

  @Test
  void checkpoints_and_states_of_many_jobs_are_saved_together() {
    Job a = submit();
    Job b = submit();
    checkpoints().saveState(b.id(), "cursor", new SavedState("{\"at\":0}", 0));

    checkpoints()
        .saveAll(
            List.of(step(a, 0, "fetch", "1"), step(b, 0, "fetch", "2")),
            List.of(
                new StateSave(b.id(), "cursor", new SavedState("{\"at\":1}", 1)),
                new StateSave(a.id(), "cursor", new SavedState("{\"at\":1}", 1)),
                new StateSave(a.id(), "totals", new SavedState("[]", 1))));

    assertThat(checkpoints().history(a.id(), 0)).extracting(Checkpoint::value).containsExactly("1");
    assertThat(checkpoints().history(b.id(), 0)).extracting(Checkpoint::value).containsExactly("2");
    assertThat(checkpoints().loadState(a.id(), "cursor")).contains(new SavedState("{\"at\":1}", 1));
    assertThat(checkpoints().loadState(a.id(), "totals")).contains(new SavedState("[]", 1));
    assertThat(checkpoints().loadState(b.id(), "cursor"))
        .as("replaced, as saveState replaces")
        .contains(new SavedState("{\"at\":1}", 1));
  }

  @Test
  void states_alone_are_saved_together_and_the_later_of_two_saves_of_one_state_wins() {
    Job a = submit();
    Job b = submit();

    checkpoints()
        .saveAll(
            List.of(),
            List.of(
                new StateSave(a.id(), "cursor", new SavedState("1", 1)),
                new StateSave(b.id(), "cursor", new SavedState("2", 2)),
                new StateSave(a.id(), "cursor", new SavedState("3", 3))));
    checkpoints()
        .saveAll(List.of(), List.of(new StateSave(b.id(), "page", new SavedState("4", 4))));

    assertThat(checkpoints().loadState(a.id(), "cursor")).contains(new SavedState("3", 3));
    assertThat(checkpoints().loadState(b.id(), "cursor")).contains(new SavedState("2", 2));
    assertThat(checkpoints().loadState(b.id(), "page")).contains(new SavedState("4", 4));
  }

  @Test
  void a_checkpoint_saved_with_states_keeps_the_first_writers_value() {
    Job a = submit();
    checkpoints().save(step(a, 0, "fetch", "\"first\""));

    checkpoints()
        .saveAll(
            List.of(step(a, 0, "fetch", "\"second\""), step(a, 1, "next", "2")),
            List.of(new StateSave(a.id(), "cursor", new SavedState("{}", 2))));

    assertThat(checkpoints().history(a.id(), 0))
        .extracting(Checkpoint::value)
        .containsExactly("\"first\"", "2");
    assertThat(checkpoints().loadState(a.id(), "cursor")).contains(new SavedState("{}", 2));
  }

  // ---- signals ----

  @Test
  void no_signal_is_taken_when_none_was_sent() {
    Job job = submit();

    assertThat(checkpoints().takeSignal(job.id(), "approve", 0)).isEmpty();
    assertThat(checkpoints().takeSignal("no-such-job", "approve", 0)).isEmpty();
  }

  @Test
  void signals_are_taken_oldest_first_and_each_at_most_once() {
    Job job = submit();
    storage.jobs().signal(job.id(), "approve", "first", at(1));
    storage.jobs().signal(job.id(), "approve", "second", at(2));

    assertThat(checkpoints().takeSignal(job.id(), "approve", 1)).contains("first");
    assertThat(checkpoints().takeSignal(job.id(), "approve", 3)).contains("second");
    assertThat(checkpoints().takeSignal(job.id(), "approve", 5)).isEmpty();

    storage.jobs().signal(job.id(), "approve", "third", at(3));
    assertThat(checkpoints().takeSignal(job.id(), "approve", 7)).contains("third");
  }

  @Test
  void taking_again_at_the_same_position_returns_the_same_signal() {
    Job job = submit();
    storage.jobs().signal(job.id(), "approve", "first", at(1));
    assertThat(checkpoints().takeSignal(job.id(), "approve", 1)).contains("first");
    storage.jobs().signal(job.id(), "approve", "second", at(2));

    assertThat(checkpoints().takeSignal(job.id(), "approve", 1))
        .as("a re-run gets what the first run took")
        .contains("first");
    assertThat(checkpoints().takeSignal(job.id(), "approve", 1)).contains("first");
    assertThat(checkpoints().takeSignal(job.id(), "approve", 3)).contains("second");
    assertThat(checkpoints().takeSignal(job.id(), "approve", 3)).contains("second");
  }

  @Test
  void a_take_returns_only_a_signal_of_the_name_asked_for() {
    Job job = submit();
    Job other = submit();
    storage.jobs().signal(job.id(), "reject", "no", at(1));
    storage.jobs().signal(other.id(), "approve", "for-the-other", at(1));

    assertThat(checkpoints().takeSignal(job.id(), "approve", 1)).isEmpty();

    storage.jobs().signal(job.id(), "approve", "yes", at(2));
    assertThat(checkpoints().takeSignal(job.id(), "approve", 1)).contains("yes");
    assertThat(checkpoints().takeSignal(job.id(), "reject", 3)).contains("no");
    assertThat(checkpoints().takeSignal(other.id(), "approve", 1)).contains("for-the-other");
  }

  @Test
  void a_payload_is_kept_exactly() {
    Job job = submit();
    String payload = "{\"by\":\"zoë\",\"note\":\"ok 👍\",\"empty\":\"\"}";
    storage.jobs().signal(job.id(), "approve", payload, at(1));
    storage.jobs().signal(job.id(), "empty", "", at(1));

    assertThat(checkpoints().takeSignal(job.id(), "approve", 1)).contains(payload);
    assertThat(checkpoints().takeSignal(job.id(), "empty", 3)).contains("");
  }

  @Test
  void concurrent_takers_take_each_signal_once() throws Exception {
    Job job = submit();
    int signals = 40;
    for (int i = 0; i < signals; i++) {
      storage.jobs().signal(job.id(), "tick", Integer.toString(i), at(1));
    }
    int threads = 8;
    List<String> taken = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> takers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      Thread taker =
          new Thread(
              () -> {
                try {
                  start.await();
                  // each thread takes at positions of its own: t, t + threads, …
                  for (int seq = first; ; seq += threads) {
                    Optional<String> got = checkpoints().takeSignal(job.id(), "tick", seq);
                    if (got.isEmpty()) {
                      return;
                    }
                    taken.add(got.get());
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      taker.start();
      takers.add(taker);
    }
    start.countDown();
    for (Thread taker : takers) {
      taker.join(TimeUnit.SECONDS.toMillis(60));
      assertThat(taker.isAlive()).as("taker finished").isFalse();
    }

    assertThat(errors).isEmpty();
    assertThat(taken).hasSize(signals).doesNotHaveDuplicates();
  }

  // ---- removal with the job ----

  @Test
  void deleting_a_job_deletes_its_history_states_and_signals() {
    Job job = claimOneSubmitted();
    Job kept = submit();
    fillDurableData(job);
    fillDurableData(kept);
    storage.jobs().complete(job.id(), token(job), Optional.empty(), at(2));

    assertThat(storage.jobs().delete(job.id())).isTrue();

    assertGone(job);
    assertThat(checkpoints().history(kept.id(), 0)).hasSize(2);
    assertThat(checkpoints().loadState(kept.id(), "cursor")).isPresent();
    assertThat(checkpoints().takeSignal(kept.id(), "approve", 5)).contains("yes");
  }

  @Test
  void purging_finished_and_dead_jobs_deletes_their_history_states_and_signals() {
    Job cancelled = storage.jobs().submit(JobRequest.of("test", "{}"), T0);
    fillDurableData(cancelled);
    storage.jobs().cancel(cancelled.id(), at(1));
    Job dead = failed();
    fillDurableData(dead);
    storage.jobs().bury(dead.id(), at(3));

    assertThat(storage.jobs().purgeFinishedBefore(at(10), 100)).isEqualTo(1);
    assertThat(storage.jobs().purgeDeadBefore(at(10), 100)).isEqualTo(1);

    assertGone(cancelled);
    assertGone(dead);
  }

  private void fillDurableData(Job job) {
    checkpoints().saveAll(List.of(step(job, 0, "a", "1"), step(job, 1, "b", "2")));
    checkpoints().saveState(job.id(), "cursor", new SavedState("{}", 2));
    storage.jobs().signal(job.id(), "approve", "yes", at(1));
  }

  private void assertGone(Job job) {
    assertThat(storage.jobs().find(job.id())).isEmpty();
    assertThat(checkpoints().history(job.id(), 0)).isEmpty();
    assertThat(checkpoints().loadState(job.id(), "cursor")).isEmpty();
    assertThat(checkpoints().takeSignal(job.id(), "approve", 5)).isEmpty();
  }
}
