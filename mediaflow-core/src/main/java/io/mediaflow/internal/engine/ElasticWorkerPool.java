package io.mediaflow.internal.engine;

import io.mediaflow.api.job.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's default pool. There is no dispatcher thread: each worker claims its own batch (the
 * claim is the dispatch), so a job reaches a handler without a hand-off between threads. The batch
 * size follows {@link ClaimBatch}: quick jobs are claimed by the hundred, workflow runs a few at a
 * time and slow ones (media) one at a time. An idle worker spins briefly, then parks until a submit
 * wakes it or the poll interval passes. Between the minimum and the maximum the pool grows while
 * more jobs are ready than workers are idle, and a worker above the minimum ends after idling for
 * the keep-alive, on the engine's clock.
 */
final class ElasticWorkerPool implements WorkerPool {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  private static final int SPINS_BEFORE_PARK = 200;

  private final EngineConfig config;
  private final Work work;
  private final AtomicLong submitSeq = new AtomicLong();
  private final ConcurrentLinkedQueue<Thread> parked = new ConcurrentLinkedQueue<>();
  private final AtomicInteger threads = new AtomicInteger();
  private final AtomicInteger busy = new AtomicInteger();
  private final AtomicInteger stuck = new AtomicInteger();
  private final AtomicInteger workerIds = new AtomicInteger();
  private final List<PoolWorker> workers = new CopyOnWriteArrayList<>();

  ElasticWorkerPool(EngineConfig config, Work work) {
    this.config = config;
    this.work = work;
  }

  /** One worker thread; those above the minimum end after idling for the keep-alive. */
  private final class PoolWorker implements Worker {
    final boolean core;
    Thread thread;

    /** Since when it found nothing to claim, on the engine's clock; null while it has work. */
    volatile Instant idleSince;

    /** The batch it runs, while it runs one; read by the watchdog when it gives up on it. */
    volatile List<Job> batch;

    /** Set when the watchdog gave up on this thread; it then counted it out of the pool. */
    volatile boolean abandoned;

    /** Set once by whoever ends it (itself or the scaling pass), who also counted it out. */
    final AtomicBoolean retiring = new AtomicBoolean();

    volatile boolean retired;

    PoolWorker(boolean core) {
      this.core = core;
    }

    @Override
    public void giveUp() {
      abandoned = true;
      retiring.set(true);
      retired = true;
      threads.decrementAndGet();
      busy.decrementAndGet();
      stuck.incrementAndGet();
      workers.remove(this);
    }

    @Override
    public List<Job> batch() {
      List<Job> b = batch;
      return b == null ? List.of() : b;
    }

    @Override
    public void replace() {
      if (!work.running()) {
        return;
      }
      while (true) {
        int n = threads.get();
        if (n >= config.maxWorkers()) {
          return;
        }
        if (threads.compareAndSet(n, n + 1)) {
          startWorker(core);
          return;
        }
      }
    }
  }

  @Override
  public void start() {
    for (int i = 0; i < config.minWorkers(); i++) {
      threads.incrementAndGet();
      startWorker(true);
    }
  }

  private void startWorker(boolean core) {
    String name = "mediaflow-" + config.nodeId() + "-worker-" + workerIds.incrementAndGet();
    PoolWorker w = new PoolWorker(core);
    Thread t = new Thread(() -> loop(w), name);
    t.setDaemon(true);
    w.thread = t;
    workers.add(w);
    t.start();
  }

  @Override
  public void drain(long deadlineNanos) {
    for (Thread t : parked) {
      LockSupport.unpark(t);
    }
    for (PoolWorker w : workers) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        w.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
  }

  @Override
  public Worker workerOn(Thread t) {
    for (PoolWorker w : workers) {
      if (w.thread == t) {
        return w;
      }
    }
    return null; // a host thread in calling-thread mode
  }

  /**
   * Counts a worker out of the pool, unless the pool is at its minimum; the worker ends at its next
   * look at the queue, never in the middle of a job.
   */
  private boolean retire(PoolWorker w) {
    if (w.core || !w.retiring.compareAndSet(false, true)) {
      return false;
    }
    while (true) {
      int n = threads.get();
      if (n <= config.minWorkers()) {
        w.retiring.set(false);
        return false;
      }
      if (threads.compareAndSet(n, n - 1)) {
        w.retired = true;
        return true;
      }
    }
  }

  private boolean idleTooLong(PoolWorker w, Instant now) {
    Instant since = w.idleSince;
    return since != null && !now.isBefore(since.plus(config.workerKeepAlive()));
  }

  @Override
  public int scale() {
    if (!work.running() || config.minWorkers() == config.maxWorkers()) {
      return 0;
    }
    Instant now = work.now();
    int ended = 0;
    for (PoolWorker w : workers) {
      if (idleTooLong(w, now) && retire(w)) {
        ended++;
        LockSupport.unpark(w.thread);
      }
    }
    int added = 0;
    int n = threads.get();
    // a claim that found nothing says the ready jobs (if any) are of types this node cannot run
    if (n < config.maxWorkers() && !work.lastClaimEmpty()) {
      long ready = work.queueDepth();
      int idle = Math.max(0, n - busy.get());
      long wanted = Math.min(ready - idle, (long) config.maxWorkers() - n);
      for (long i = 0; i < wanted; i++) {
        int m = threads.get();
        if (m >= config.maxWorkers() || !threads.compareAndSet(m, m + 1)) {
          break;
        }
        startWorker(false);
        added++;
      }
    }
    if (added > 0 || ended > 0) {
      LOG.atDebug()
          .addKeyValue("workers", threads.get())
          .log("worker pool: {} added, {} ended after idling, {} now", added, ended, threads.get());
    }
    return added - ended;
  }

  @Override
  public void wake() {
    submitSeq.incrementAndGet();
    wakeAnother();
  }

  private void wakeAnother() {
    Thread t = parked.poll();
    if (t != null) {
      LockSupport.unpark(t);
    } else {
      maybeGrow();
    }
  }

  private void maybeGrow() {
    if (!work.running()) {
      return;
    }
    int n = threads.get();
    if (n < config.maxWorkers() && busy.get() >= n && threads.compareAndSet(n, n + 1)) {
      startWorker(false);
    }
  }

  private void loop(PoolWorker w) {
    int batch = 1;
    int claimFailures = 0;
    boolean ended = false;
    try {
      while (work.running()) {
        if (w.retired) {
          ended = true;
          return;
        }
        work.reconcile();
        long seq = submitSeq.get();
        List<Job> jobs;
        try {
          jobs = work.claim(batch);
        } catch (RuntimeException e) {
          claimFailures++;
          Duration wait = StoreBackoff.after(claimFailures);
          StoreBackoff.log("claiming jobs", claimFailures, wait, e);
          park(wait.toNanos());
          continue;
        }
        if (claimFailures > 0) {
          LOG.info("claiming jobs works again after {} failed tries", claimFailures);
          claimFailures = 0;
        }
        if (jobs.isEmpty()) {
          batch = 1;
          if (!w.core) {
            Instant now = work.now();
            if (w.idleSince == null) {
              w.idleSince = now;
            } else if (idleTooLong(w, now) && retire(w)) {
              ended = true;
              return;
            }
          }
          idleWait(seq);
          continue;
        }
        w.idleSince = null;
        boolean full = jobs.size() == batch;
        if (full) {
          wakeAnother();
        }
        busy.incrementAndGet();
        w.batch = jobs;
        long handlerNanos;
        try {
          handlerNanos = work.runBatch(jobs);
        } catch (RuntimeException e) {
          // a bug, not a store failure (those are kept and retried): the worker must go on
          LOG.error("a worker pass failed; the worker goes on", e);
          work.forget(jobs);
          handlerNanos = AttemptRunner.SLOW_JOB_NANOS * jobs.size();
        } finally {
          w.batch = null;
          if (!w.abandoned) {
            busy.decrementAndGet();
          }
        }
        if (w.abandoned) {
          // the watchdog gave up on this thread and counted it out of the pool and of busy
          stuck.decrementAndGet();
          ended = true;
          return;
        }
        // only the handlers' time decides: a durable store's commits are batched, not per job
        batch = ClaimBatch.next(batch, full, handlerNanos / jobs.size(), config.maxClaimBatch());
      }
      ended = true;
    } finally {
      if (!w.retired) {
        threads.decrementAndGet(); // a retired worker was counted out when it was retired
      }
      workers.remove(w);
      if (!ended && w.core && work.running()) {
        // an Error ended this worker: keep the pool at its size
        LOG.error("worker {} died; starting another", Thread.currentThread().getName());
        threads.incrementAndGet();
        startWorker(true);
      }
    }
  }

  /** Parks for a back-off; a submit or a drain wakes it sooner. */
  private void park(long nanos) {
    Thread me = Thread.currentThread();
    parked.add(me);
    try {
      if (work.running()) {
        LockSupport.parkNanos(this, nanos);
      }
    } finally {
      parked.remove(me);
    }
  }

  /**
   * Waits for a submit or the poll interval; spins briefly first, since a park and unpark cost more
   * than a short burst of submits takes.
   */
  private void idleWait(long seq) {
    for (int i = 0; i < SPINS_BEFORE_PARK; i++) {
      if (submitSeq.get() != seq || !work.running()) {
        return;
      }
      Thread.onSpinWait();
    }
    Thread me = Thread.currentThread();
    parked.add(me);
    try {
      if (submitSeq.get() != seq || !work.running()) {
        return;
      }
      LockSupport.parkNanos(this, config.pollInterval().toNanos());
    } finally {
      parked.remove(me);
    }
  }

  @Override
  public List<List<Job>> batches() {
    List<List<Job>> batches = new ArrayList<>();
    for (PoolWorker w : workers) {
      List<Job> b = w.batch;
      if (b != null && b.size() > 1) {
        batches.add(b);
      }
    }
    return batches;
  }

  @Override
  public int workerCount() {
    return threads.get();
  }

  @Override
  public int busyWorkers() {
    return busy.get();
  }

  @Override
  public int stuckWorkers() {
    return stuck.get();
  }

  @Override
  public int idleExtraWorkers() {
    int n = 0;
    for (PoolWorker w : workers) {
      if (!w.core && !w.retired && w.idleSince != null) {
        n++;
      }
    }
    return n;
  }
}
