package io.mediaflow.internal.engine;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobErrorCodes;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.JobTransitions;
import io.mediaflow.api.store.Admission;
import io.mediaflow.api.store.LimitedRequest;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.internal.durable.DurableRuntime;
import io.mediaflow.internal.observe.Redactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job engine, a facade over its parts (as db-scheduler's {@code Scheduler} is): the {@link
 * WorkerPool} whose threads claim and run batches through the {@link AttemptRunner}; the {@link
 * OutcomeRecorder} that records outcomes (and keeps them while the store is down); the {@link
 * LeaseKeeper} (heartbeats), the {@link JobWatchdog} (expired leases and, at start, leases of gone
 * processes; timeouts, stuck threads), the {@link RetentionPurger} and the {@link StrandedFailures}
 * recovery; the {@link ProgressReporter}; the {@link LifecycleEvents} and the {@link JobWatchers}
 * on this node. It owns the phase (new, running, draining, closed) and the timer that runs the
 * periodic parts.
 */
public final class Engine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  /** How often a pool with room to grow or shrink compares itself with the ready queue. */
  static final Duration SCALE_INTERVAL = Duration.ofSeconds(1);

  /** How far ahead a wait may end for this node to keep a timer that wakes a worker then. */
  static final Duration WAKE_HORIZON = Duration.ofMinutes(10);

  /** Finished jobs past the retention are purged at most this often (on the engine's clock). */
  public static final Duration PURGE_INTERVAL = RetentionPurger.INTERVAL;

  private enum Phase {
    NEW,
    RUNNING,
    DRAINING,
    CLOSED
  }

  private final EngineConfig config;
  private final Storage storage;
  private final CircuitBreakers breakers;

  /** Every job this node holds a lease on, claimed but not finished. */
  private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();

  private final LifecycleEvents events;
  private final JobWatchers watchers = new JobWatchers();
  private final OutcomeRecorder outcomes;
  private final StrandedFailures stranded;
  private final AttemptRunner runner;
  private final LeaseKeeper leases;
  private final JobWatchdog watchdog;
  private final RetentionPurger purger;
  private final WorkerPool pool;
  private final AttemptLog log;
  private final DurableRuntime durables;

  /** The one instance given to the store, so that close can take back what start gave. */
  private final Runnable wakeOnWork = this::wake;

  private volatile Phase phase = Phase.NEW;
  private ScheduledExecutorService timer;

  public Engine(EngineConfig config, CircuitBreakers breakers) {
    this.config = config;
    this.storage = config.storage();
    this.breakers = breakers;
    this.events = new LifecycleEvents(config.events(), config.clock());
    RetryDecision retries = new RetryDecision(config);
    this.outcomes = new OutcomeRecorder(config, events, watchers, retries, attempts);
    outcomes.onDue(this::wakeAt);
    this.stranded = new StrandedFailures(config, retries, events, watchers);
    ProgressReporter progress = new ProgressReporter(storage, events, watchers);
    AttemptLog attemptLog = new AttemptLog(config); // one for every attempt's context
    DurableRuntime durables =
        new DurableRuntime(
            storage,
            config.clock(),
            config.maxStepResultBytes(),
            config.callingThread() ? Duration.ZERO : config.inlineSleep(),
            this::submitChild);
    this.runner =
        new AttemptRunner(
            config,
            attempts,
            outcomes,
            events,
            a -> new AttemptContext(config, progress, breakers, attemptLog, durables, a),
            this::isRunning);
    this.leases = new LeaseKeeper(config, attempts);
    this.purger = new RetentionPurger(config);
    this.pool = new ElasticWorkerPool(config, new PoolWork());
    this.log = attemptLog;
    this.watchdog = new JobWatchdog(config, attempts, runner, outcomes, () -> pool);
    this.durables = durables;
    config.metrics().queueDepth(this::queueDepth);
    config.metrics().workerUtilization(this::utilization);
  }

  public EngineConfig config() {
    return config;
  }

  public CircuitBreakers circuitBreakers() {
    return breakers;
  }

  private Instant now() {
    return config.clock().instant();
  }

  // ---------------------------------------------------------------- submit, cancel, requeue

  public Job submit(JobRequest request) {
    checkOpen();
    Job job = storage.jobs().submit(request, now());
    events.created(job);
    wake();
    return job;
  }

  public List<Job> submitAll(List<JobRequest> requests) {
    checkOpen();
    List<Job> jobs = storage.jobs().submitAll(requests, now());
    for (Job j : jobs) {
      events.created(j);
    }
    wake();
    return jobs;
  }

  /**
   * Submits jobs under concurrency limits ({@link io.mediaflow.api.store.JobStore#submitLimited}),
   * in one store transaction: a rule's runs. Jobs cancelled to make room that run here are stopped
   * at once (elsewhere, at their node's next heartbeat).
   */
  public List<Admission> submitLimited(List<LimitedRequest> requests) {
    checkOpen();
    Instant now = now();
    List<Admission> admissions = storage.jobs().submitLimited(requests, now);
    boolean due = false;
    java.util.Set<Instant> later = new java.util.TreeSet<>();
    for (Admission a : admissions) {
      if (a.outcome() == Admission.Outcome.STARTED || a.outcome() == Admission.Outcome.BUFFERED) {
        Job job = a.job().orElseThrow();
        events.created(job);
        if (a.outcome() == Admission.Outcome.STARTED) {
          if (job.scheduledAt().isAfter(now)) {
            later.add(job.scheduledAt()); // a rule's run made ahead of its slot
          } else {
            due = true;
          }
        }
      }
      for (String id : a.cancelled()) {
        Attempt running = attempts.get(id);
        if (running != null) {
          running.stop(StopReason.CANCELLED);
        }
        storage.jobs().find(id).ifPresent(events::cancelled);
      }
    }
    if (due) {
      wake();
    }
    later.forEach(this::wakeAt);
    return admissions;
  }

  /**
   * A child job a running handler starts ({@code ctx.startChild}): submitted as any job, also while
   * the engine drains (its parent runs, and its checkpoint needs the child).
   */
  private Job submitChild(JobRequest request) {
    Job job = storage.jobs().submit(request, now());
    events.created(job);
    wake();
    return job;
  }

  /**
   * Sends the signal {@code name} to a job: stored until a wait takes it, and waking the job at
   * once if it waits for it.
   *
   * @throws StorageException {@code JOB_NOT_FOUND} for an unknown job, {@code JOB_FINISHED} for one
   *     that is over
   */
  public Job signal(String jobId, String name, String payload) {
    durables.checkSignalPayload(jobId, name, payload);
    Job job = storage.jobs().signal(jobId, name, payload, now());
    if (job.state() == JobState.PENDING) {
      wake();
    }
    return job;
  }

  private void checkOpen() {
    if (phase == Phase.DRAINING || phase == Phase.CLOSED) {
      throw new MediaFlowException(
          JobErrorCodes.ENGINE_CLOSED,
          "the engine is closed and takes no new jobs",
          "build a new MediaFlow");
    }
  }

  /**
   * Cancels a job wherever it is: queued jobs never run; a running attempt on this node sees its
   * cancel flag (and an interrupt), and one on another node loses its lease at its next heartbeat.
   *
   * @return false when the job had already finished
   */
  public boolean cancel(String jobId) {
    Job job = storage.jobs().find(jobId).orElseThrow(() -> StorageException.notFound(jobId));
    if (job.state().isTerminal() || job.state() == JobState.DEAD) {
      return false;
    }
    Job cancelled;
    try {
      cancelled = storage.jobs().cancel(jobId, now());
    } catch (MediaFlowException e) {
      if (e.code().equals(JobTransitions.ILLEGAL_TRANSITION)) {
        return false; // it finished meanwhile
      }
      throw e;
    }
    Attempt a = attempts.get(jobId);
    if (a != null) {
      a.stop(StopReason.CANCELLED);
    }
    log.job(
        jobId,
        AttemptLog.INFO,
        "cancelled while "
            + job.state()
            + (a != null && a.running() ? "; its running attempt is being stopped" : ""));
    events.cancelled(cancelled);
    watchers.finished(cancelled);
    stopCancelledChildren();
    return true;
  }

  /**
   * The store cancelled the cancelled job's unfinished descendants with it: stop those that run on
   * this node, as a cancel of each would. (On other nodes they lose their leases at their next
   * heartbeat.)
   */
  private void stopCancelledChildren() {
    for (Attempt a : attempts.values()) {
      if (a.job.parentId().isEmpty() || a.stopRequested()) {
        continue;
      }
      Job now;
      try {
        now = storage.jobs().find(a.id()).orElse(null);
      } catch (RuntimeException e) {
        continue; // its heartbeat finds out
      }
      if (now != null && now.state() == JobState.CANCELLED && a.stop(StopReason.CANCELLED)) {
        log.job(
            a.id(),
            AttemptLog.INFO,
            "cancelled with its parent; its running attempt is being" + " stopped");
        events.cancelled(now);
        watchers.finished(now);
      }
    }
  }

  public Job requeue(String jobId) {
    Job job = storage.jobs().requeue(jobId, now());
    events.created(job);
    wake();
    return job;
  }

  /**
   * Deletes a job that is over (completed, cancelled or dead) with its logs.
   *
   * @return false when no job has this id
   * @throws StorageException {@code JOB_ACTIVE} for a job that is not over
   */
  public boolean delete(String jobId) {
    return storage.jobs().delete(Objects.requireNonNull(jobId, "jobId"));
  }

  /**
   * Wakes a worker when a job this node made wait (a durable sleep, a signal's timeout, a retry's
   * backoff) becomes due, rather than at the next poll of an idle worker: a 1 s sleep then ends
   * about on time. Waits longer than {@link #WAKE_HORIZON} are left to the poll, so a host with
   * many long sleeps keeps no timer per job; a wake that comes early finds nothing and costs one
   * claim.
   */
  private void wakeAt(Instant due) {
    ScheduledExecutorService t = timer;
    if (t == null || phase != Phase.RUNNING) {
      return;
    }
    long millis = Duration.between(now(), due).toMillis();
    if (millis > WAKE_HORIZON.toMillis()) {
      return;
    }
    try {
      t.schedule(this::wake, Math.max(0, millis), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // the engine is closing: nothing to wake
    }
  }

  /** Wakes one idle worker, or adds a worker when all are busy and the pool may grow. */
  private void wake() {
    if (!config.callingThread()) {
      pool.wake();
    }
  }

  // ---------------------------------------------------------------- waiting and listening

  /**
   * Completes when this node sees the job finish (completed, dead or cancelled). Every call must be
   * paired with {@link #stopWaiting} once the caller no longer waits, or the future stays for as
   * long as the job does not finish on this node (for ever when it already has).
   */
  public CompletableFuture<Job> whenFinished(String jobId) {
    return watchers.whenFinished(jobId);
  }

  /** The caller of {@link #whenFinished} no longer waits; the last one to leave removes it. */
  public void stopWaiting(String jobId, CompletableFuture<Job> future) {
    watchers.stopWaiting(jobId, future);
  }

  /**
   * Whether a handler of this job runs on this node now. A cancelled job's handler goes on until it
   * notices (and a media job's until FFmpeg is stopped and its temp files are gone); one the engine
   * gave up on after its timeout does not count.
   */
  public boolean runsHere(String jobId) {
    Attempt a = attempts.get(jobId);
    return a != null && a.running();
  }

  /** Jobs someone waits on through {@link #whenFinished}. */
  public int waitedOn() {
    return watchers.waitedOn();
  }

  public void onProgress(String jobId, Consumer<JobProgress> listener) {
    watchers.onProgress(jobId, listener);
  }

  // ---------------------------------------------------------------- lifecycle

  /** Starts the workers and the periodic tasks; does nothing in calling-thread mode. */
  public synchronized void start() {
    if (phase != Phase.NEW) {
      if (phase == Phase.RUNNING) {
        return;
      }
      throw new MediaFlowException(
          JobErrorCodes.ENGINE_CLOSED, "the engine was closed; it cannot start again", "");
    }
    phase = Phase.RUNNING;
    guarded("taking back the leases of gone processes", watchdog::takeBackDeadLeases).run();
    guarded("recovering stranded failures", stranded::recover).run();
    if (config.callingThread()) {
      return;
    }
    ScheduledThreadPoolExecutor s =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "mediaflow-" + config.nodeId() + "-timer");
              t.setDaemon(true);
              return t;
            });
    s.setRemoveOnCancelPolicy(true);
    timer = s;
    every(Math.max(1, config.lease().toMillis() / 2), "watchdog", this::runWatchdog);
    if (!config.heartbeatInterval().isZero()) {
      every(Math.max(1, config.heartbeatInterval().toMillis()), "heartbeat", this::heartbeatAll);
    }
    long sweep = watchdog.timeoutSweepMillis();
    if (sweep > 0) {
      every(sweep, "timeouts", watchdog::sweepTimeouts);
    }
    // a quarter of the stall, so a stalled batch waits at most 1.25 times it
    every(JobWatchdog.STALLED_BATCH_MILLIS / 4, "stalled batches", watchdog::shareStalledBatches);
    if (config.minWorkers() < config.maxWorkers()) {
      every(SCALE_INTERVAL.toMillis(), "worker scaling", this::scaleWorkers);
    }
    pool.start();
    // another node's submit (PostgreSQL NOTIFY) wakes an idle worker at once
    storage.jobs().onWorkAvailable(wakeOnWork);
  }

  private void every(long millis, String what, Runnable task) {
    timer.scheduleWithFixedDelay(guarded(what, task), millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Moves on failed jobs nobody moved on (see {@link StrandedFailures}); runs once at start.
   *
   * @return how many jobs were moved on
   */
  public int recoverStrandedFailures() {
    return stranded.recover();
  }

  private static Runnable guarded(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("{} pass failed, next pass goes on: {}", what, Redactor.redact(e.toString()));
      }
    };
  }

  /**
   * Graceful drain: stop claiming, give queued-but-unstarted jobs back at once, wait up to the
   * drain timeout for running handlers, then stop the rest and give them back to the queue too
   * (PROCESSING → PENDING), so no job is lost.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (phase == Phase.CLOSED || phase == Phase.DRAINING) {
        return;
      }
      phase = Phase.DRAINING;
    }
    // nothing keeps listening for other nodes' submits once the engine goes (PostgreSQL LISTEN)
    storage.jobs().removeWorkAvailableListener(wakeOnWork);
    if (timer != null) {
      pool.drain(System.nanoTime() + config.drainTimeout().toNanos());
    }
    outcomes.reconcile(true);
    int released = 0;
    for (Attempt a : new ArrayList<>(attempts.values())) {
      if (a.outcome != null) {
        continue; // finished, its outcome waits for the store: releasing it would run it again
      }
      if (a.stop(StopReason.RELEASED) && runner.release(a)) {
        released++;
      }
    }
    if (released > 0) {
      LOG.atInfo()
          .addKeyValue("released", released)
          .log(
              "drain timeout of {} reached: {} running jobs were stopped and returned to the queue",
              config.drainTimeout(),
              released);
    }
    if (outcomes.hasDeferred()) {
      List<String> ids = outcomes.deferredOutcomes();
      LOG.atWarn()
          .addKeyValue("jobs", ids.size())
          .log(
              "closing with {} job outcomes the store could not record: a completion's lease"
                  + " expires and its job runs again (at least once); a failure not yet recorded"
                  + " as retried or dead stays FAILED until an engine starts on this store: {}",
              ids.size(),
              ids);
    }
    if (timer != null) {
      timer.shutdownNow();
    }
    phase = Phase.CLOSED;
  }

  public boolean isRunning() {
    return phase == Phase.RUNNING;
  }

  // ---------------------------------------------------------------- periodic work

  /**
   * Takes kept outcomes into the store when their wait is over, returns expired leases to the
   * queue, stops timed-out attempts, purges finished (and, if so configured, dead) jobs past their
   * retention when a purge is due, and fits the worker pool to the ready queue.
   *
   * @return how many jobs were returned to the queue
   */
  public int runWatchdog() {
    outcomes.reconcile(false);
    int expired = watchdog.returnExpiredLeases();
    if (expired > 0) {
      // an attempt of this node among them (its heartbeats were late) learns it now, not at its
      // next heartbeat or write: it stops before running more of a job another attempt now owns
      leases.heartbeatAll();
      wake();
    }
    watchdog.sweepTimeouts();
    purger.purgeIfDue();
    scaleWorkers();
    return expired;
  }

  /**
   * Deletes completed and cancelled jobs past the retention when a purge is due (see {@link
   * RetentionPurger}).
   *
   * @return how many jobs were deleted
   */
  public int purgeFinished() {
    return purger.purgeIfDue();
  }

  /** One heartbeat pass over every job this node holds (see {@link LeaseKeeper}). */
  public void heartbeatAll() {
    leases.heartbeatAll();
  }

  /**
   * Fits the pool to the ready queue; does nothing for a fixed-size pool or in calling-thread mode.
   *
   * @return workers added, minus workers ended
   */
  public int scaleWorkers() {
    if (phase != Phase.RUNNING || config.callingThread()) {
      return 0;
    }
    return pool.scale();
  }

  /** Claims and runs every due job on the calling thread until none is due; how many ran. */
  public int runDueJobs() {
    if (phase == Phase.NEW) {
      start();
    }
    outcomes.reconcile(true);
    int ran = 0;
    while (phase == Phase.RUNNING) {
      List<Job> jobs = runner.claim(config.maxClaimBatch());
      if (jobs.isEmpty()) {
        return ran;
      }
      runner.runBatch(jobs, false);
      ran += jobs.size();
    }
    return ran;
  }

  /** What the pool's threads do: the engine's side of {@link WorkerPool.Work}. */
  private final class PoolWork implements WorkerPool.Work {
    @Override
    public boolean running() {
      return phase == Phase.RUNNING;
    }

    @Override
    public List<Job> claim(int max) {
      return runner.claim(max);
    }

    @Override
    public long runBatch(List<Job> batch) {
      return runner.runBatch(batch, true);
    }

    @Override
    public void forget(List<Job> batch) {
      runner.forget(batch);
    }

    @Override
    public void reconcile() {
      if (outcomes.hasDeferred()) {
        outcomes.reconcile(false);
      }
    }

    @Override
    public boolean lastClaimEmpty() {
      return runner.lastClaimEmpty();
    }

    @Override
    public long queueDepth() {
      return Engine.this.queueDepth();
    }

    @Override
    public Instant now() {
      return Engine.this.now();
    }
  }

  // ---------------------------------------------------------------- observation

  /** Jobs due and waiting (pending), as the store counts them. */
  public long queueDepth() {
    Map<JobState, Long> counts = storage.jobs().countByState();
    return counts.getOrDefault(JobState.PENDING, 0L);
  }

  /** Busy workers over workers, 0 to 1. */
  public double utilization() {
    int n = pool.workerCount();
    return n == 0 ? 0 : Math.min(1, (double) pool.busyWorkers() / n);
  }

  public int workerCount() {
    return config.callingThread() || phase == Phase.NEW ? 0 : pool.workerCount();
  }

  public int busyWorkers() {
    return pool.busyWorkers();
  }

  /**
   * Worker threads the engine gave up on in a handler that ignored its timeout for the grace, and
   * whose handler has not returned yet; they are not counted among the workers (a new worker took
   * the place of each).
   */
  public int stuckWorkers() {
    return pool.stuckWorkers();
  }

  /** Workers above the minimum that found nothing to claim at their last look. */
  public int idleExtraWorkers() {
    return pool.idleExtraWorkers();
  }

  /** Jobs this node holds a lease on. */
  public int heldJobs() {
    return attempts.size();
  }

  public Map<String, Object> describe() {
    Map<String, Object> d = new HashMap<>();
    d.put("nodeId", config.nodeId());
    d.put("workers", workerCount());
    d.put("busy", busyWorkers());
    d.put("stuck", stuckWorkers());
    d.put("held", attempts.size());
    d.put("phase", phase.name());
    return d;
  }
}
