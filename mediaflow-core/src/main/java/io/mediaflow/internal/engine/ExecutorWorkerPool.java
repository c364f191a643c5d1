package io.mediaflow.internal.engine;

import io.mediaflow.api.job.Job;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain alternative to {@link ElasticWorkerPool}, kept to be measured against it (see {@code
 * docs/benchmarks.md}): one fetch thread claims a batch whenever an executor thread is free and
 * hands it over; a fixed {@link ExecutorService} of {@code maxWorkers} threads runs the batches.
 * Batches double while they come back full and run fast, as in the elastic pool. It does not grow
 * or shrink, and it does not replace a thread the watchdog gave up on.
 */
final class ExecutorWorkerPool implements WorkerPool {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  private static final long FAST_JOB_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  private final EngineConfig config;
  private final Work work;
  private final int size;
  private final Semaphore free;
  private final AtomicInteger busy = new AtomicInteger();
  private final ExecutorService executor;
  private volatile Thread fetcher;
  private volatile int batch = 1;

  ExecutorWorkerPool(EngineConfig config, Work work) {
    this.config = config;
    this.work = work;
    this.size = config.maxWorkers();
    this.free = new Semaphore(size);
    AtomicInteger ids = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            size,
            r -> {
              Thread t =
                  new Thread(
                      r, "mediaflow-" + config.nodeId() + "-worker-" + ids.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void start() {
    Thread t = new Thread(this::fetchLoop, "mediaflow-" + config.nodeId() + "-fetch");
    t.setDaemon(true);
    fetcher = t;
    t.start();
  }

  private void fetchLoop() {
    int claimFailures = 0;
    while (work.running()) {
      try {
        free.acquire();
      } catch (InterruptedException e) {
        return;
      }
      work.reconcile();
      List<Job> jobs;
      try {
        jobs = work.claim(batch);
      } catch (RuntimeException e) {
        free.release();
        claimFailures++;
        Duration wait = StoreBackoff.after(claimFailures);
        StoreBackoff.log("claiming jobs", claimFailures, wait, e);
        LockSupport.parkNanos(this, wait.toNanos());
        continue;
      }
      claimFailures = 0;
      if (jobs.isEmpty()) {
        free.release();
        batch = 1;
        LockSupport.parkNanos(this, config.pollInterval().toNanos()); // a submit unparks it
        continue;
      }
      int claimed = batch;
      executor.execute(() -> runBatch(jobs, claimed));
    }
  }

  private void runBatch(List<Job> jobs, int claimed) {
    busy.incrementAndGet();
    long handlerNanos;
    try {
      handlerNanos = work.runBatch(jobs);
    } catch (RuntimeException e) {
      LOG.error("a worker pass failed; the worker goes on", e);
      work.forget(jobs);
      handlerNanos = AttemptRunner.SLOW_JOB_NANOS * jobs.size();
    } finally {
      busy.decrementAndGet();
      free.release();
    }
    boolean full = jobs.size() == claimed;
    if (full && handlerNanos >= 0 && handlerNanos / jobs.size() < FAST_JOB_NANOS) {
      batch = Math.min(claimed * 2, config.maxClaimBatch());
    } else {
      batch = 1;
    }
    LockSupport.unpark(fetcher); // a thread is free: claim again at once
  }

  @Override
  public void wake() {
    Thread t = fetcher;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  @Override
  public void drain(long deadlineNanos) {
    Thread t = fetcher;
    if (t != null) {
      t.interrupt();
    }
    executor.shutdown();
    try {
      executor.awaitTermination(
          Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public int scale() {
    return 0;
  }

  @Override
  public Worker workerOn(Thread thread) {
    return null;
  }

  @Override
  public int workerCount() {
    return size;
  }

  @Override
  public int busyWorkers() {
    return busy.get();
  }

  @Override
  public int stuckWorkers() {
    return 0;
  }

  @Override
  public int idleExtraWorkers() {
    return 0;
  }
}
