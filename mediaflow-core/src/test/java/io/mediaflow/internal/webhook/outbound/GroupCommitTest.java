package io.mediaflow.internal.webhook.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  @RepeatedTest(5)
  void every_item_is_stored_once_before_its_submit_returns_and_callers_share_operations()
      throws Exception {
    List<List<Integer>> operations = new CopyOnWriteArrayList<>();
    // read by the submitters while the operation adds to it: a list that can be iterated meanwhile
    List<Integer> stored = new CopyOnWriteArrayList<>();
    GroupCommit<Integer> commit =
        new GroupCommit<>(
            items -> {
              try {
                Thread.sleep(2); // a store round trip: others queue meanwhile
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              operations.add(List.copyOf(items));
              stored.addAll(items);
            });
    int threads = 16;
    int each = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * each;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < each; i++) {
                  commit.submit(base + i);
                  assertThat(stored).contains(base + i);
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(stored).hasSize(threads * each).doesNotHaveDuplicates();
    assertThat(operations.size()).as("operations shared").isLessThan(threads * each);
  }

  @Test
  void a_failed_operation_reaches_its_caller_and_the_next_one_goes_on() {
    List<String> stored = new ArrayList<>();
    GroupCommit<String> commit =
        new GroupCommit<>(
            items -> {
              if (items.contains("bad")) {
                throw new IllegalStateException("store down");
              }
              stored.addAll(items);
            });
    try {
      commit.submit("bad");
      throw new AssertionError("expected a failure");
    } catch (IllegalStateException e) {
      assertThat(e).hasMessage("store down");
    }
    commit.submit("good");
    assertThat(stored).containsExactly("good");
  }
}
