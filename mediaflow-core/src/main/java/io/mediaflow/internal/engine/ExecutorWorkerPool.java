package io.mediaflow.internal.engine;

import io.mediaflow.api.job.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain alternative to {@link ElasticWorkerPool}, measured against it (see {@code
 * docs/benchmarks.md}): one fetch thread claims a batch whenever a worker is free and hands it to a
 * {@link ThreadPoolExecutor} (core: the minimum of workers, max: the maximum, idle threads above
 * the core end after the keep-alive). It does what the engine asks of a pool: it grows, shrinks,
 * and replaces a thread the watchdog gave up on.
 *
 * <p>The pool counts its workers itself, on the engine's clock: the executor's own count includes
 * threads the watchdog gave up on and threads waiting out their keep-alive. It grows by one when a
 * submit finds every worker busy, and on each {@link #scale} while more jobs are ready than workers
 * are free; it shrinks to its busy workers (not below the minimum) once the queue has been found
 * empty for the keep-alive. Batches start at one job and double while they come back full and run
 * fast, as in the elastic pool.
 */
final class ExecutorWorkerPool implements WorkerPool {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  /** A batch that ran faster than this per job may grow. */
  private static final long FAST_JOB_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  /** Hand-overs retried by yielding before the fetch thread parks between them. */
  private static final int HAND_OVER_YIELDS = 16;

  private static final long HAND_OVER_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

  private final EngineConfig config;
  private final Work work;
  private final boolean elastic;
  private final ThreadPoolExecutor executor;
  private final Set<PoolThread> threads = ConcurrentHashMap.newKeySet();
  private final AtomicInteger threadIds = new AtomicInteger();

  /** Workers the pool counts, between the minimum and the maximum: batches that may run at once. */
  private final AtomicInteger size;

  /** Batches handed over and not yet finished, not counting those given up on. */
  private final AtomicInteger busy = new AtomicInteger();

  private final AtomicInteger stuck = new AtomicInteger();

  /** Since when claims find nothing, on the engine's clock; null once one found work. */
  private volatile Instant idleSince;

  private volatile int batch = 1;
  private volatile Thread fetcher;

  ExecutorWorkerPool(EngineConfig config, Work work) {
    this.config = config;
    this.work = work;
    this.elastic = config.minWorkers() < config.maxWorkers();
    this.size = new AtomicInteger(config.minWorkers());
    // a synchronous queue: a batch goes to an idle thread, or to a new one up to the maximum
    this.executor =
        new ThreadPoolExecutor(
            config.minWorkers(),
            config.maxWorkers(),
            config.workerKeepAlive().toNanos(),
            TimeUnit.NANOSECONDS,
            new SynchronousQueue<>(),
            PoolThread::new);
  }

  /** A thread of this pool; it names the batch it runs, for the watchdog. */
  private final class PoolThread extends Thread {
    volatile Batch running;

    PoolThread(Runnable r) {
      super(r, "mediaflow-" + config.nodeId() + "-worker-" + threadIds.incrementAndGet());
      setDaemon(true);
      setUncaughtExceptionHandler(
          (t, e) -> LOG.error("worker {} died; the pool starts another", t.getName(), e));
      threads.add(this);
    }

    @Override
    public void run() {
      try {
        super.run();
      } finally {
        threads.remove(this);
      }
    }

    ExecutorWorkerPool pool() {
      return ExecutorWorkerPool.this;
    }
  }

  /** One claimed batch, run on one thread of the executor. */
  private final class Batch implements Runnable, Worker {
    final List<Job> jobs;
    final int claimed;

    /** Set when the watchdog gave up on its thread; it then counted it out of the busy workers. */
    volatile boolean abandoned;

    Batch(List<Job> jobs, int claimed) {
      this.jobs = jobs;
      this.claimed = claimed;
    }

    @Override
    public void run() {
      PoolThread self = Thread.currentThread() instanceof PoolThread p ? p : null;
      if (self != null) {
        self.running = this;
      }
      long handlerNanos = AttemptRunner.SLOW_JOB_NANOS * jobs.size();
      try {
        handlerNanos = work.runBatch(jobs);
      } catch (RuntimeException e) {
        // a bug, not a store failure (those are kept and retried): the worker must go on
        LOG.error("a worker pass failed; the worker goes on", e);
        work.forget(jobs);
      } finally {
        if (self != null) {
          self.running = null;
        }
        finished(this, handlerNanos);
      }
    }

    @Override
    public void giveUp() {
      abandoned = true;
      busy.decrementAndGet();
      stuck.incrementAndGet();
      fitThreadLimit();
    }

    @Override
    public List<Job> batch() {
      return jobs;
    }

    @Override
    public void replace() {
      if (work.running()) {
        LockSupport.unpark(fetcher); // its place is free: claim for it
      }
    }
  }

  /** Starts the minimum of threads and the fetch thread. */
  @Override
  public void start() {
    executor.prestartAllCoreThreads();
    startFetcher();
  }

  private void startFetcher() {
    Thread t = new Thread(this::fetchLoop, "mediaflow-" + config.nodeId() + "-fetch");
    t.setDaemon(true);
    fetcher = t;
    t.start();
  }

  private void fetchLoop() {
    boolean ended = false;
    try {
      fetchWhileRunning();
      ended = true;
    } finally {
      if (!ended && work.running()) {
        LOG.error("the fetch thread died; starting another");
        startFetcher();
      }
    }
  }

  private void fetchWhileRunning() {
    int claimFailures = 0;
    while (work.running()) {
      if (busy.get() >= size.get()) {
        park(config.pollInterval()); // a finished batch, a submit or a drain wakes it
        continue;
      }
      work.reconcile();
      int max = batch;
      List<Job> jobs;
      try {
        jobs = work.claim(max);
      } catch (RuntimeException e) {
        claimFailures++;
        Duration wait = StoreBackoff.after(claimFailures);
        StoreBackoff.log("claiming jobs", claimFailures, wait, e);
        park(wait);
        continue;
      }
      if (claimFailures > 0) {
        LOG.info("claiming jobs works again after {} failed tries", claimFailures);
        claimFailures = 0;
      }
      if (jobs.isEmpty()) {
        batch = 1;
        if (elastic && idleSince == null) {
          idleSince = work.now();
        }
        park(config.pollInterval()); // a submit wakes it
        continue;
      }
      if (elastic && idleSince != null) {
        idleSince = null;
      }
      busy.incrementAndGet();
      handOver(new Batch(jobs, max));
    }
  }

  private void park(Duration wait) {
    if (work.running()) {
      LockSupport.parkNanos(this, wait.toNanos());
    }
  }

  /**
   * Gives a batch to an idle thread or a new one. A thread that has just finished a batch may not
   * be back at the queue yet: the executor then refuses, and the batch is offered again.
   */
  private void handOver(Batch b) {
    for (int tries = 1; ; tries++) {
      try {
        executor.execute(b);
        return;
      } catch (RejectedExecutionException e) {
        if (executor.isShutdown()) {
          b.run(); // draining: the engine no longer runs, so this gives the jobs back
          return;
        }
      }
      if (tries < HAND_OVER_YIELDS) {
        Thread.yield();
      } else {
        LockSupport.parkNanos(this, HAND_OVER_PARK_NANOS);
      }
    }
  }

  private void finished(Batch b, long handlerNanos) {
    if (b.abandoned) {
      // the watchdog counted it out of the busy workers; the executor now has a thread too many
      stuck.decrementAndGet();
      fitThreadLimit();
      return;
    }
    // only the handlers' time decides: a durable store's commits are batched, not per job
    boolean full = b.jobs.size() == b.claimed;
    if (full && handlerNanos >= 0 && handlerNanos / b.jobs.size() < FAST_JOB_NANOS) {
      batch = Math.min(b.claimed * 2, config.maxClaimBatch());
    } else {
      batch = 1;
    }
    busy.decrementAndGet();
    LockSupport.unpark(fetcher); // a worker is free: claim again at once
  }

  /** Threads given up on do not count against the maximum: others may start in their place. */
  private synchronized void fitThreadLimit() {
    executor.setMaximumPoolSize(config.maxWorkers() + stuck.get());
  }

  /** A job was submitted: wakes the fetch thread, and adds a worker when all are busy. */
  @Override
  public void wake() {
    if (elastic && work.running()) {
      int n = size.get();
      if (n < config.maxWorkers() && busy.get() >= n) {
        size.compareAndSet(n, n + 1);
      }
    }
    LockSupport.unpark(fetcher);
  }

  /**
   * Stops fetching, lets idle threads end, and waits until the deadline for the batches running
   * (they give back the jobs they have not started), not for threads given up on.
   */
  @Override
  public void drain(long deadlineNanos) {
    executor.shutdown();
    Thread f = fetcher;
    if (f != null) {
      LockSupport.unpark(f); // not interrupted: it may be inside a store call
      join(f, deadlineNanos);
    }
    for (PoolThread t : threads) {
      Batch b = t.running;
      if (b == null || !b.abandoned) {
        join(t, deadlineNanos);
      }
    }
  }

  private static void join(Thread t, long deadlineNanos) {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0 || Thread.currentThread().isInterrupted()) {
      return;
    }
    try {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Fits the pool to the ready queue; workers added minus workers ended. */
  @Override
  public int scale() {
    if (!work.running() || !elastic) {
      return 0;
    }
    int ended = shrinkAfterKeepAlive(work.now());
    int added = growToQueue();
    if (added > 0) {
      LockSupport.unpark(fetcher);
    }
    if (added > 0 || ended > 0) {
      LOG.atDebug()
          .addKeyValue("workers", size.get())
          .log("worker pool: {} added, {} ended after idling, {} now", added, ended, size.get());
    }
    return added - ended;
  }

  private int shrinkAfterKeepAlive(Instant now) {
    Instant since = idleSince;
    if (since == null || now.isBefore(since.plus(config.workerKeepAlive()))) {
      return 0;
    }
    int n = size.get();
    int keep = Math.max(config.minWorkers(), busy.get());
    return n > keep && size.compareAndSet(n, keep) ? n - keep : 0;
  }

  private int growToQueue() {
    int n = size.get();
    // a claim that found nothing says the ready jobs (if any) are of types this node cannot run
    if (n >= config.maxWorkers() || work.lastClaimEmpty()) {
      return 0;
    }
    long free = Math.max(0, n - busy.get());
    long wanted = Math.min(work.queueDepth() - free, (long) config.maxWorkers() - n);
    return wanted > 0 && size.compareAndSet(n, n + (int) wanted) ? (int) wanted : 0;
  }

  /** The worker running on {@code thread}, or null when it is none of this pool's. */
  @Override
  public Worker workerOn(Thread thread) {
    return thread instanceof PoolThread p && p.pool() == this ? p.running : null;
  }

  @Override
  public int workerCount() {
    return size.get();
  }

  @Override
  public int busyWorkers() {
    return busy.get();
  }

  /** Threads given up on in a handler that ignored its timeout, whose handler has not returned. */
  @Override
  public int stuckWorkers() {
    return stuck.get();
  }

  /** Workers above the minimum left free while claims find nothing. */
  @Override
  public int idleExtraWorkers() {
    if (idleSince == null) {
      return 0;
    }
    int n = size.get();
    return Math.max(0, Math.min(n - config.minWorkers(), n - busy.get()));
  }
}
