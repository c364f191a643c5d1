package io.mediaflow.internal.webhook.outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Group commit: each caller's item is stored before {@link #submit} returns, and the items of
 * callers that arrive while a store operation runs go together in the next one. The first caller to
 * get the lock stores everything queued, its own and the waiting callers'; those find theirs done
 * when they get the lock. A failure reaches every caller whose item was in the failed operation.
 *
 * @param <T> an item to store
 */
final class GroupCommit<T> {

  /** One caller's item and what became of it. */
  private static final class Pending<T> {
    final T item;
    boolean done;
    RuntimeException failure;

    Pending(T item) {
      this.item = item;
    }
  }

  private final Consumer<List<T>> store;
  private final ConcurrentLinkedQueue<Pending<T>> queue = new ConcurrentLinkedQueue<>();
  private final Object lock = new Object();

  GroupCommit(Consumer<List<T>> store) {
    this.store = store;
  }

  /** Stores {@code item}, maybe with others'; returns once it is stored, throws if that failed. */
  void submit(T item) {
    Pending<T> mine = new Pending<>(item);
    queue.add(mine);
    synchronized (lock) {
      if (!mine.done) {
        List<Pending<T>> taken = new ArrayList<>();
        for (Pending<T> p; (p = queue.poll()) != null; ) {
          taken.add(p);
        }
        List<T> items = new ArrayList<>(taken.size());
        taken.forEach(p -> items.add(p.item));
        RuntimeException failure = null;
        try {
          store.accept(items);
        } catch (RuntimeException e) {
          failure = e;
        }
        for (Pending<T> p : taken) {
          p.failure = failure;
          p.done = true; // read by its caller under the same lock
        }
      }
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
  }
}
