package io.mediaflow.internal.engine;

import io.mediaflow.api.job.Job;
import java.time.Instant;
import java.util.List;

/**
 * The threads that claim and run jobs for an engine: the {@link ElasticWorkerPool} (each worker
 * claims its own batch, spins briefly then parks when idle). A pool of one fetch loop feeding a
 * {@link java.util.concurrent.ThreadPoolExecutor} was built complete and measured clearly slower
 * (see {@code docs/decisions.md}, "The engine in parts; the worker pool measured").
 */
public interface WorkerPool {

  /** What the pool's threads do, as the engine offers it. */
  interface Work {
    /** Whether the engine runs (neither draining nor closed). */
    boolean running();

    /** Claims up to {@code max} due jobs; throws when the store cannot be reached. */
    List<Job> claim(int max);

    /**
     * Runs a claimed batch on the calling worker; handler nanoseconds, or negative if abandoned.
     */
    long runBatch(List<Job> batch);

    /** Lets go of a batch whose run failed with a bug: their leases expire, they run again. */
    void forget(List<Job> batch);

    /** Takes outcomes the store could not record into it again, when their wait is over. */
    void reconcile();

    /** Whether the latest claim found nothing (the ready jobs are of types not run here). */
    boolean lastClaimEmpty();

    /** Jobs due and waiting, as the store counts them. */
    long queueDepth();

    /** The engine's clock. */
    Instant now();
  }

  /** A worker thread the watchdog may give up on. */
  interface Worker {
    /**
     * Counts the worker out of the pool, busy and all, as stuck; called under the lock of the
     * attempt its thread runs, so that thread sees it when its handler returns.
     */
    void giveUp();

    /** The batch it was running, whose other jobs go back to the queue; may be empty. */
    List<Job> batch();

    /** Starts a worker in its place, within the pool's maximum. */
    void replace();
  }

  /** Starts the minimum of workers. */
  void start();

  /** A job was submitted: wakes an idle worker, or adds one when all are busy and it may grow. */
  void wake();

  /** Wakes every worker (the engine no longer runs) and waits for them until the deadline. */
  void drain(long deadlineNanos);

  /** Fits the pool to the ready queue; workers added minus workers ended. */
  int scale();

  /** The worker running on {@code thread}, or null when it is none of this pool's. */
  Worker workerOn(Thread thread);

  /** The batches of more than one job its workers run now. */
  List<List<Job>> batches();

  int workerCount();

  int busyWorkers();

  /** Threads given up on in a handler that ignored its timeout, whose handler has not returned. */
  int stuckWorkers();

  /** Workers above the minimum that found nothing to claim at their last look. */
  int idleExtraWorkers();
}
