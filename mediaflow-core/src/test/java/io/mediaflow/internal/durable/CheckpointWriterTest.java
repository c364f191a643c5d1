package io.mediaflow.internal.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.store.Checkpoint;
import io.mediaflow.api.store.CheckpointStore;
import io.mediaflow.api.store.SavedState;
import io.mediaflow.api.store.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Group commit: checkpoints saved while a write is under way go to the store together in the next
 * write, and each caller returns only once the write holding its checkpoint committed. A store
 * whose first write waits on a latch holds the callers back; threads are ordered by latches and by
 * their state, never by time.
 */
class CheckpointWriterTest {

  /** Records each saveAll as a batch; the first waits until {@link #release}. */
  static class GatedStore implements CheckpointStore {
    final List<List<Checkpoint>> batches = new CopyOnWriteArrayList<>();
    final Set<String> committed = ConcurrentHashMap.newKeySet();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();
    volatile RuntimeException failSecond;

    @Override
    public void saveAll(List<Checkpoint> checkpoints) {
      int n = calls.incrementAndGet();
      if (n == 1) {
        entered.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      if (n == 2 && failSecond != null) {
        throw failSecond;
      }
      batches.add(List.copyOf(checkpoints));
      checkpoints.forEach(c -> committed.add(c.jobId()));
    }

    @Override
    public List<Checkpoint> history(String jobId, int fromSeq) {
      return List.of();
    }

    @Override
    public void saveState(String jobId, String name, SavedState state) {}

    @Override
    public Optional<SavedState> loadState(String jobId, String name) {
      return Optional.empty();
    }

    @Override
    public Optional<String> takeSignal(String jobId, String name, int seq) {
      return Optional.empty();
    }
  }

  static Checkpoint step(String jobId) {
    return new Checkpoint(jobId, 0, Checkpoint.Kind.STEP, "s", "1");
  }

  static void awaitWaiting(List<Thread> threads) {
    for (Thread t : threads) {
      while (t.getState() != Thread.State.WAITING && t.isAlive()) {
        Thread.onSpinWait();
      }
    }
  }

  @Test
  void a_lone_step_is_written_at_once_in_a_batch_of_its_own() {
    GatedStore store = new GatedStore();
    store.release.countDown();
    CheckpointWriter writer = new CheckpointWriter(() -> store);

    writer.save(step("j1"));
    writer.save(step("j2"));

    assertThat(store.batches).hasSize(2).allMatch(b -> b.size() == 1);
  }

  @RepeatedTest(5)
  void steps_saved_during_a_write_share_the_next_write_and_none_returns_before_its_commit()
      throws Exception {
    GatedStore store = new GatedStore();
    CheckpointWriter writer = new CheckpointWriter(() -> store);
    List<String> returnedBeforeCommit = new CopyOnWriteArrayList<>();
    Thread leader = new Thread(() -> writer.save(step("leader")));
    leader.start();
    assertThat(store.entered.await(30, TimeUnit.SECONDS)).isTrue();

    List<Thread> followers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String id = "job-" + i;
      Thread t =
          new Thread(
              () -> {
                writer.save(step(id));
                if (!store.committed.contains(id)) {
                  returnedBeforeCommit.add(id);
                }
              });
      followers.add(t);
      t.start();
    }
    awaitWaiting(followers); // each joined the open batch and waits
    store.release.countDown();
    leader.join();
    for (Thread t : followers) {
      t.join();
    }

    assertThat(store.batches).hasSize(2);
    assertThat(store.batches.get(0)).extracting(Checkpoint::jobId).containsExactly("leader");
    assertThat(store.batches.get(1)).hasSize(8);
    assertThat(returnedBeforeCommit).isEmpty();
  }

  @Test
  void a_failed_group_write_fails_every_step_in_it() throws Exception {
    GatedStore store = new GatedStore();
    store.failSecond =
        new StorageException(StorageException.STORAGE_UNAVAILABLE, "store down", "try later");
    CheckpointWriter writer = new CheckpointWriter(() -> store);
    Thread leader = new Thread(() -> writer.save(step("leader")));
    leader.start();
    assertThat(store.entered.await(30, TimeUnit.SECONDS)).isTrue();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> followers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = "job-" + i;
      Thread t =
          new Thread(
              () -> {
                try {
                  writer.save(step(id));
                } catch (RuntimeException e) {
                  failures.add(e);
                }
              });
      followers.add(t);
      t.start();
    }
    awaitWaiting(followers);
    store.release.countDown();
    leader.join();
    for (Thread t : followers) {
      t.join();
    }

    assertThat(failures).hasSize(4).allMatch(e -> e == store.failSecond);
    store.failSecond = null;
    writer.save(step("after"));
    assertThat(store.committed).contains("leader", "after").doesNotContain("job-0");
  }

  @Test
  void a_lone_failed_write_throws_to_its_caller_and_frees_the_writer() {
    CheckpointStore down =
        new GatedStore() {
          @Override
          public void saveAll(List<Checkpoint> checkpoints) {
            throw new IllegalStateException("down");
          }
        };
    CheckpointWriter writer = new CheckpointWriter(() -> down);

    assertThatThrownBy(() -> writer.save(step("a"))).hasMessage("down");
    assertThatThrownBy(() -> writer.save(step("b"))).hasMessage("down");
  }

  @RepeatedTest(3)
  void many_threads_saving_at_once_get_every_checkpoint_written_once_in_fewer_writes()
      throws Exception {
    Set<String> saved = ConcurrentHashMap.newKeySet();
    AtomicInteger writes = new AtomicInteger();
    AtomicInteger duplicates = new AtomicInteger();
    GatedStore store =
        new GatedStore() {
          @Override
          public void saveAll(List<Checkpoint> checkpoints) {
            writes.incrementAndGet();
            for (Checkpoint c : checkpoints) {
              if (!saved.add(c.jobId() + "#" + c.seq())) {
                duplicates.incrementAndGet();
              }
            }
          }
        };
    CheckpointWriter writer = new CheckpointWriter(() -> store);
    int threads = 8;
    int each = 2000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> all = new ArrayList<>();
    List<String> notSavedOnReturn = new CopyOnWriteArrayList<>();
    for (int t = 0; t < threads; t++) {
      String job = "job-" + t;
      Thread th =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < each; i++) {
                  writer.save(new Checkpoint(job, i, Checkpoint.Kind.STEP, "s", "1"));
                  if (!saved.contains(job + "#" + i)) {
                    notSavedOnReturn.add(job + "#" + i);
                  }
                }
              });
      all.add(th);
      th.start();
    }
    start.countDown();
    for (Thread th : all) {
      th.join();
    }

    assertThat(saved).hasSize(threads * each);
    assertThat(duplicates.get()).isZero();
    assertThat(notSavedOnReturn).isEmpty();
    assertThat(writes.get()).isLessThanOrEqualTo(threads * each);
  }
}
