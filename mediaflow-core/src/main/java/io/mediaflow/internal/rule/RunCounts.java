package io.mediaflow.internal.rule;

import io.mediaflow.api.store.RuleCount;
import io.mediaflow.api.store.RuleStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of the counts of runs that ended: {@link #add} queues a count and returns; one
 * writer thread writes whatever is queued in one {@link RuleStore#count} (one transaction on a
 * database), so a burst of 10,000 runs ending costs a few dozen writes, not 10,000, and the thread
 * that delivers {@code job.completed} events never waits for the store. Counters are for people
 * (they never decide a run), so a count lost to a failed write or a crash is logged, not retried.
 */
final class RunCounts implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunCounts.class);

  private final RuleStore store;
  private final ConcurrentLinkedQueue<RuleCount> queued = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final ExecutorService writer;

  /**
   * @param background whether a writer thread writes (else {@link #add} writes at once, as an
   *     engine that runs on the calling thread expects: its counters are up to date when its call
   *     returns)
   */
  RunCounts(RuleStore store, boolean background) {
    this.store = store;
    this.writer =
        background
            ? Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "mediaflow-rule-counts");
                  t.setDaemon(true);
                  return t;
                })
            : null;
  }

  /** Queues one count; the writer takes it with the others queued by then. */
  void add(RuleCount count) {
    queued.add(count);
    if (writer == null) {
      flush();
    } else if (scheduled.compareAndSet(false, true)) {
      try {
        writer.execute(this::flush);
      } catch (RejectedExecutionException e) {
        flush(); // closed: write on the caller's thread
      }
    }
  }

  /** Writes everything queued; the counts queued while it writes go in the next write. */
  void flush() {
    scheduled.set(false);
    List<RuleCount> batch = new ArrayList<>();
    for (RuleCount c; (c = queued.poll()) != null; ) {
      batch.add(c);
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      store.count(batch);
    } catch (RuntimeException e) {
      LOG.debug("{} rule counts not written: {}", batch.size(), e.toString());
    }
  }

  /** Writes what is queued and stops the writer. */
  @Override
  public void close() {
    if (writer == null) {
      return;
    }
    writer.shutdown();
    try {
      if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
        writer.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}
