package io.mediaflow.internal.engine;

import io.mediaflow.Redactor;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobErrorCodes;
import io.mediaflow.api.job.JobHandler;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.JobTransitions;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.Completion;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.internal.observe.JobLogging;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job engine: workers that claim due jobs in batches and run their handlers, heartbeats, the
 * lease watchdog, timeouts, cooperative cancel, retries and lifecycle events.
 *
 * <p>There is no separate dispatcher thread: each worker claims its own batch (the claim is the
 * dispatch), so a job reaches a handler without a hand-off between threads. The batch starts at one
 * job and doubles while claims come back full and run fast, so quick jobs are claimed by the
 * hundred and slow ones (media) one at a time, never held back behind another worker's batch.
 */
public final class Engine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  /** A batch that ran faster than this per job may grow. */
  private static final long FAST_JOB_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  private static final long SLOW_JOB_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private static final int SPINS_BEFORE_PARK = 200;

  /** How often a pool with room to grow or shrink compares itself with the ready queue. */
  static final Duration SCALE_INTERVAL = Duration.ofSeconds(1);

  /** Finished jobs past the retention are purged at most this often (on the engine's clock). */
  public static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);

  /** Jobs deleted per purge transaction. */
  static final int PURGE_BATCH = 1000;

  /** Purge transactions per pass; a backlog beyond them is taken up at the next watchdog pass. */
  static final int PURGE_BATCHES_PER_PASS = 10;

  private static final long MAX_TIMEOUT_SWEEP_MILLIS = 1000;
  private static final long MIN_TIMEOUT_SWEEP_MILLIS = 5;

  /** The first wait after the store could not be reached; it doubles with each failure in a row. */
  static final Duration STORE_RETRY_INITIAL = Duration.ofMillis(50);

  /** The longest wait between tries while the store stays unreachable. */
  static final Duration STORE_RETRY_MAX = Duration.ofSeconds(5);

  /** While the store stays unreachable, one failure in this many is logged at WARN. */
  private static final int STORE_FAILURES_PER_WARNING = 20;

  /** What {@link #run} returns when the engine gave up on the handler before it returned. */
  private static final long ABANDONED = -1;

  /** Frames of a stuck thread's stack shown in the warning. */
  private static final int STUCK_FRAMES = 12;

  /** Pages of {@link JobQuery#MAX_PAGE_SIZE} stranded failures looked at per start. */
  private static final int MAX_STRANDED_PAGES = 100;

  private enum Phase {
    NEW,
    RUNNING,
    DRAINING,
    CLOSED
  }

  private final EngineConfig config;
  private final Storage storage;
  private final Lifecycle events;
  private final Map<String, JobHandler> handlers;
  private final Map<String, Backoff> backoffs = new ConcurrentHashMap<>();
  private final CircuitBreakers breakers;
  private final Set<String> claimTypes;

  /** Every job this node holds a lease on, claimed but not finished. */
  private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();

  /** Futures of {@link #whenFinished}, each with how many callers still wait on it. */
  private final Map<String, Waiter> waiters = new ConcurrentHashMap<>();

  private final Map<String, List<Consumer<JobProgress>>> progressListeners =
      new ConcurrentHashMap<>();

  private final AtomicLong submitSeq = new AtomicLong();
  private final ConcurrentLinkedQueue<Thread> parked = new ConcurrentLinkedQueue<>();
  private final AtomicInteger threads = new AtomicInteger();
  private final AtomicInteger busy = new AtomicInteger();

  /** Worker threads given up on in a handler that ignored its timeout, not yet back. */
  private final AtomicInteger stuck = new AtomicInteger();

  private final List<Worker> workers = new CopyOnWriteArrayList<>();

  /** Whether the latest claim found nothing: then the queue holds nothing this node can run. */
  private volatile boolean lastClaimEmpty = true;

  private final AtomicBoolean purging = new AtomicBoolean();
  private volatile Instant nextPurge = Instant.MIN;
  private final AtomicInteger workerIds = new AtomicInteger();

  /** Outcomes the store could not take yet; retried after a growing wait until it does. */
  private final ConcurrentLinkedQueue<Outcome> unrecorded = new ConcurrentLinkedQueue<>();

  private final AtomicBoolean settling = new AtomicBoolean();
  private final AtomicInteger settleFailures = new AtomicInteger();
  private volatile Instant nextSettle = Instant.MIN;

  private volatile Phase phase = Phase.NEW;
  private ScheduledExecutorService scheduler;

  public Engine(EngineConfig config, Map<String, JobHandler> handlers, CircuitBreakers breakers) {
    this.config = config;
    this.storage = config.storage();
    this.events = new Lifecycle(config.events(), config.clock());
    this.handlers = Map.copyOf(handlers);
    this.breakers = breakers;
    this.claimTypes = Set.copyOf(handlers.keySet());
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
      if (e.code().equals(io.mediaflow.api.job.JobTransitions.ILLEGAL_TRANSITION)) {
        return false; // it finished meanwhile
      }
      throw e;
    }
    Attempt a = attempts.get(jobId);
    if (a != null) {
      a.stop(Attempt.CANCELLED);
    }
    events.cancelled(cancelled);
    finished(cancelled);
    return true;
  }

  public Job requeue(String jobId) {
    Job job = storage.jobs().requeue(jobId, now());
    events.created(job);
    wake();
    return job;
  }

  // ---------------------------------------------------------------- waiting and listening

  /**
   * Completes when this node sees the job finish (completed, dead or cancelled). Every call must be
   * paired with {@link #stopWaiting} once the caller no longer waits, or the future stays for as
   * long as the job does not finish on this node (for ever when it already has).
   */
  public CompletableFuture<Job> whenFinished(String jobId) {
    return waiters.compute(
            jobId,
            (k, w) -> {
              Waiter next = w == null ? new Waiter() : w;
              next.callers++;
              return next;
            })
        .future;
  }

  /** The caller of {@link #whenFinished} no longer waits; the last one to leave removes it. */
  public void stopWaiting(String jobId, CompletableFuture<Job> future) {
    waiters.computeIfPresent(jobId, (k, w) -> w.future != future || --w.callers > 0 ? w : null);
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
    return waiters.size();
  }

  private static final class Waiter {
    final CompletableFuture<Job> future = new CompletableFuture<>();
    int callers; // changed only inside ConcurrentHashMap.compute
  }

  public void onProgress(String jobId, Consumer<JobProgress> listener) {
    progressListeners.computeIfAbsent(jobId, k -> new CopyOnWriteArrayList<>()).add(listener);
  }

  private void finished(Job job) {
    if (!waiters.isEmpty()) {
      Waiter w = waiters.remove(job.id());
      if (w != null) {
        w.future.complete(job);
      }
    }
    if (!progressListeners.isEmpty()) {
      progressListeners.remove(job.id());
    }
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
    guarded("recovering stranded failures", this::recoverStrandedFailures).run();
    if (config.callingThread()) {
      return;
    }
    ScheduledThreadPoolExecutor s =
        new ScheduledThreadPoolExecutor(1, daemon("mediaflow-" + config.nodeId() + "-timer"));
    s.setRemoveOnCancelPolicy(true);
    scheduler = s;
    long watchdog = Math.max(1, config.lease().toMillis() / 2);
    scheduler.scheduleWithFixedDelay(
        guarded("watchdog", this::runWatchdog), watchdog, watchdog, TimeUnit.MILLISECONDS);
    if (!config.heartbeatInterval().isZero()) {
      long hb = Math.max(1, config.heartbeatInterval().toMillis());
      scheduler.scheduleWithFixedDelay(
          guarded("heartbeat", this::heartbeatAll), hb, hb, TimeUnit.MILLISECONDS);
    }
    long sweep = timeoutSweepMillis();
    if (sweep > 0) {
      scheduler.scheduleWithFixedDelay(
          guarded("timeouts", this::sweepTimeouts), sweep, sweep, TimeUnit.MILLISECONDS);
    }
    if (config.minWorkers() < config.maxWorkers()) {
      long scale = SCALE_INTERVAL.toMillis();
      scheduler.scheduleWithFixedDelay(
          guarded("worker scaling", this::scaleWorkers), scale, scale, TimeUnit.MILLISECONDS);
    }
    for (int i = 0; i < config.minWorkers(); i++) {
      threads.incrementAndGet();
      startWorker(true);
    }
    // another node's submit (PostgreSQL NOTIFY) wakes an idle worker at once
    storage.jobs().onWorkAvailable(this::wake);
  }

  private long timeoutSweepMillis() {
    Optional<Duration> shortest =
        config.timeouts().values().stream()
            .filter(d -> !d.isZero())
            .min(Duration::compareTo)
            .or(() -> config.defaultTimeout().filter(d -> !d.isZero()));
    return shortest
        .map(
            d ->
                Math.max(
                    MIN_TIMEOUT_SWEEP_MILLIS,
                    Math.min(MAX_TIMEOUT_SWEEP_MILLIS, d.toMillis() / 10)))
        .orElse(0L);
  }

  /**
   * Moves on failed jobs nobody moved on: an engine that stopped or crashed between recording a
   * failure and recording its retry or burial leaves the job in FAILED, where no watchdog looks. A
   * failure older than the lease is taken as stranded and retried or buried per its retry policy,
   * as its own engine would have done. Runs once at start (one indexed query on a JDBC store).
   *
   * @return how many jobs were moved on
   */
  public int recoverStrandedFailures() {
    Instant now = now();
    Instant before = now.minus(config.lease());
    List<Job> stranded = new ArrayList<>();
    JobQuery failed = JobQuery.all().withStates(Set.of(JobState.FAILED));
    for (int page = 0; page < MAX_STRANDED_PAGES; page++) {
      List<Job> items = storage.jobs().query(failed.withPage(page, JobQuery.MAX_PAGE_SIZE)).items();
      for (Job j : items) {
        if (j.updatedAt().isBefore(before)) {
          stranded.add(j);
        }
      }
      if (items.size() < JobQuery.MAX_PAGE_SIZE) {
        break;
      }
    }
    int moved = 0;
    for (Job j : stranded) {
      JobError error =
          j.error()
              .orElse(
                  new JobError(
                      ErrorCode.INTERNAL.code(),
                      "the job failed without a recorded error",
                      false,
                      "this is a bug in mediaflow or the storage adapter; please report it"));
      RetryPolicy policy = config.retryPolicy(j.type());
      try {
        if (policy.isRetryable(error) && j.attempts() < j.maxAttempts()) {
          Duration delay =
              backoffs.computeIfAbsent(j.type(), t -> new Backoff(policy)).delayAfter(j.attempts());
          Job scheduled = storage.jobs().retry(j.id(), now.plus(delay), now);
          config.metrics().retried(j.type());
          events.retrying(scheduled, error, delay);
        } else {
          Job dead = storage.jobs().bury(j.id(), now);
          events.dead(dead, error);
          finished(dead);
        }
        moved++;
      } catch (RuntimeException e) {
        // moved on meanwhile by its own engine, or the store went away: the next start looks again
        LOG.debug(
            "stranded failed job {} was not moved on: {}", j.id(), Redactor.redact(e.toString()));
      }
    }
    if (moved > 0) {
      LOG.atInfo()
          .addKeyValue("jobs", moved)
          .log("{} jobs left in FAILED by an engine that stopped were retried or buried", moved);
    }
    return moved;
  }

  private Runnable guarded(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("{} pass failed, next pass goes on: {}", what, Redactor.redact(e.toString()));
      }
    };
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
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
    for (Thread t : parked) {
      LockSupport.unpark(t);
    }
    long deadline = System.nanoTime() + config.drainTimeout().toNanos();
    for (Worker w : workers) {
      long left = deadline - System.nanoTime();
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
    settleUnrecorded(true);
    int released = 0;
    for (Attempt a : new ArrayList<>(attempts.values())) {
      if (a.outcome != null) {
        continue; // finished, its outcome waits for the store: releasing it would run it again
      }
      if (a.stop(Attempt.RELEASED)) {
        if (release(a)) {
          released++;
        }
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
    if (!unrecorded.isEmpty()) {
      List<String> ids = new ArrayList<>();
      unrecorded.forEach(o -> ids.add(o.id() + " (" + o.step + ")"));
      LOG.atWarn()
          .addKeyValue("jobs", ids.size())
          .log(
              "closing with {} job outcomes the store could not record: a completion's lease"
                  + " expires and its job runs again (at least once); a failure not yet recorded"
                  + " as retried or dead stays FAILED until an engine starts on this store: {}",
              ids.size(),
              ids);
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    phase = Phase.CLOSED;
  }

  private boolean release(Attempt a) {
    try {
      storage.jobs().release(a.id(), a.token, now());
      attempts.remove(a.id(), a);
      return true;
    } catch (RuntimeException e) {
      // unreleased, its lease expires and the watchdog gives it back
      LOG.debug("job {} was not released: {}", a.id(), Redactor.redact(e.toString()));
      attempts.remove(a.id(), a);
      return false;
    }
  }

  public boolean isRunning() {
    return phase == Phase.RUNNING;
  }

  // ---------------------------------------------------------------- periodic work

  /**
   * Returns expired leases to the queue, stops timed-out attempts, purges finished jobs past the
   * retention when a purge is due, and fits the worker pool to the ready queue.
   *
   * @return how many jobs were returned to the queue
   */
  public int runWatchdog() {
    settleUnrecorded(false);
    Instant now = now();
    int expired = storage.jobs().expireLeases(now);
    if (expired > 0) {
      LOG.atInfo()
          .addKeyValue("jobs", expired)
          .log("watchdog returned {} jobs with expired leases to the queue", expired);
      wake();
    }
    sweepTimeouts();
    purgeFinished();
    scaleWorkers();
    return expired;
  }

  /**
   * Deletes completed and cancelled jobs last changed longer than the retention ago, when the last
   * purge is {@link #PURGE_INTERVAL} old on the engine's clock (or left a backlog), in transactions
   * of {@value #PURGE_BATCH}. Dead and failed jobs are kept. A failure is logged and tried again at
   * the next interval: the watchdog's other work goes on.
   *
   * @return how many jobs were deleted; 0 when no purge was due or the retention is off
   */
  public int purgeFinished() {
    Duration retention = config.retention();
    if (retention.isZero()) {
      return 0;
    }
    Instant now = now();
    if (now.isBefore(nextPurge) || !purging.compareAndSet(false, true)) {
      return 0;
    }
    int total = 0;
    try {
      Instant cutoff = now.minus(retention);
      boolean backlog = false;
      for (int i = 0; i < PURGE_BATCHES_PER_PASS; i++) {
        int n = storage.jobs().purgeFinishedBefore(cutoff, PURGE_BATCH);
        total += n;
        backlog = n >= PURGE_BATCH;
        if (!backlog) {
          break;
        }
      }
      // a backlog is worked off at the next watchdog passes rather than in one long pass
      nextPurge = backlog ? now : now.plus(PURGE_INTERVAL);
      if (total > 0) {
        LOG.atInfo()
            .addKeyValue("jobs", total)
            .log(
                "purged {} completed and cancelled jobs last changed before {} (retention {})",
                total,
                cutoff,
                retention);
      }
    } catch (RuntimeException e) {
      nextPurge = now.plus(PURGE_INTERVAL);
      LOG.warn(
          "purging finished jobs failed; trying again in {}: {}",
          PURGE_INTERVAL,
          Redactor.redact(e.toString()));
    } finally {
      purging.set(false);
    }
    return total;
  }

  /**
   * One heartbeat pass over every job this node holds, with one {@link
   * io.mediaflow.api.store.JobStore#heartbeatAll}: a lease found lost stops its attempt; the others
   * are extended all the same.
   */
  public void heartbeatAll() {
    if (attempts.isEmpty()) {
      return;
    }
    Map<String, Attempt> held = new HashMap<>();
    Map<String, String> tokens = new HashMap<>();
    for (Attempt a : attempts.values()) {
      // a timed-out attempt keeps its lease: its TIMEOUT is recorded under it
      if (!a.stopRequested() || a.stopReason() == Attempt.TIMED_OUT) {
        held.put(a.id(), a);
        tokens.put(a.id(), a.token);
      }
    }
    if (tokens.isEmpty()) {
      return;
    }
    Set<String> lost = storage.jobs().heartbeatAll(tokens, now().plus(config.lease()));
    for (String id : lost) {
      Attempt a = held.get(id);
      if (a != null && a.stop(Attempt.LEASE_LOST)) {
        LOG.atInfo()
            .addKeyValue("jobId", id)
            .log("job {} lost its lease (cancelled or taken over); stopping it here", id);
      }
    }
  }

  private void sweepTimeouts() {
    if (attempts.isEmpty()) {
      return;
    }
    Instant now = now();
    for (Attempt a : attempts.values()) {
      Instant d = a.deadline;
      if (d == null || !now.isAfter(d)) {
        continue;
      }
      if (a.stop(Attempt.TIMED_OUT)) {
        LOG.atWarn()
            .addKeyValue("jobId", a.id())
            .log("job {} exceeded its timeout; stopping it", a.id());
      }
      if (now.isAfter(d.plus(config.timeoutGrace()))) {
        abandon(a, now);
      }
    }
  }

  /**
   * Gives up on an attempt whose handler went on for the grace after its timeout, ignoring the
   * interrupt and the cancel flag. Java cannot stop its thread, so the engine stops waiting for it:
   * the timeout is recorded without it (retried or buried per policy, which ends the heartbeats),
   * the thread is counted as stuck and out of the pool, the rest of its batch goes back to the
   * queue and a new worker takes its place. Should the handler ever return, its result is dropped
   * and the thread ends.
   */
  private void abandon(Attempt a, Instant now) {
    Thread t = a.thread();
    if (t == null) {
      return; // returned meanwhile: its own thread records the outcome
    }
    Worker w = workerOf(t);
    boolean given =
        a.abandon(
            () -> {
              if (w != null) {
                // under the attempt's lock: its thread sees this when its handler returns
                w.abandoned = true;
                w.retiring.set(true);
                w.retired = true;
                threads.decrementAndGet();
                busy.decrementAndGet();
                stuck.incrementAndGet();
              }
            });
    if (!given) {
      return;
    }
    a.deadline = null;
    try {
      if (w != null) {
        workers.remove(w);
      }
      LOG.atWarn()
          .addKeyValue("jobId", a.id())
          .addKeyValue("thread", t.getName())
          .log(
              "job {} ignored the interrupt and the cancel flag for {} after its timeout; recording"
                  + " it as timed out and giving up on thread {} (replaced), which still runs it"
                  + " at:{}",
              a.id(),
              config.timeoutGrace(),
              t.getName(),
              topFrames(t));
      if (w != null) {
        releaseRestOfBatch(w, a);
      }
      for (Runnable free : a.abandonHooks()) {
        try {
          free.run();
        } catch (RuntimeException e) {
          LOG.warn("freeing what job {} held failed: {}", a.id(), Redactor.redact(e.toString()));
        }
      }
      if (a.stopReason() == Attempt.TIMED_OUT) {
        Instant start = a.started == null ? now : a.started;
        record(
            Outcome.failure(
                a, errorOf(a.job, timedOut(a.job, null, true)), Duration.between(start, now)));
      } else {
        attempts.remove(a.id(), a); // cancelled or lost meanwhile: nothing left to record
      }
    } finally {
      if (w != null) {
        replace(w);
      }
    }
  }

  private Worker workerOf(Thread t) {
    for (Worker w : workers) {
      if (w.thread == t) {
        return w;
      }
    }
    return null; // a host thread in calling-thread mode
  }

  private static String topFrames(Thread t) {
    StackTraceElement[] frames = t.getStackTrace();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(STUCK_FRAMES, frames.length); i++) {
      b.append("\n\tat ").append(frames[i]);
    }
    if (frames.length > STUCK_FRAMES) {
      b.append("\n\t... ").append(frames.length - STUCK_FRAMES).append(" more");
    }
    return b.toString();
  }

  /**
   * Gives back the jobs a stuck worker claimed with the abandoned one: those not started and the
   * successes waiting for the batch's completion (these run again: at least once).
   */
  private void releaseRestOfBatch(Worker w, Attempt stuckAttempt) {
    List<Job> batch = w.batch;
    if (batch == null) {
      return;
    }
    for (Job j : batch) {
      Attempt b = attempts.get(j.id());
      if (b != null
          && b != stuckAttempt
          && b.job == j
          && b.outcome == null
          && b.stop(Attempt.RELEASED)) {
        release(b);
      }
    }
  }

  /** Starts a worker in the place of one given up on, within the maximum. */
  private void replace(Worker w) {
    if (phase != Phase.RUNNING || config.callingThread()) {
      return;
    }
    while (true) {
      int n = threads.get();
      if (n >= config.maxWorkers()) {
        return;
      }
      if (threads.compareAndSet(n, n + 1)) {
        startWorker(w.core);
        return;
      }
    }
  }

  private MediaFlowException timedOut(Job job, Throwable cause, boolean abandoned) {
    Duration limit = config.timeout(job.type()).orElse(Duration.ZERO);
    String raise =
        "raise the timeout with MediaFlow.builder().jobTimeout(\"" + job.type() + "\", …)";
    if (!abandoned) {
      return new MediaFlowException(
          ErrorCode.TIMEOUT,
          "job " + job.id() + " ran longer than its timeout of " + limit,
          raise,
          true,
          cause);
    }
    return new MediaFlowException(
        ErrorCode.TIMEOUT,
        "job "
            + job.id()
            + " ran longer than its timeout of "
            + limit
            + " and ignored the interrupt and the cancel flag for "
            + config.timeoutGrace()
            + "; its thread was given up on",
        raise + ", and make the handler return when interrupted or when ctx.isCancelled()",
        true,
        cause);
  }

  // ---------------------------------------------------------------- workers

  /** One worker thread; those above the minimum end after idling for the keep-alive. */
  private static final class Worker {
    final boolean core;
    Thread thread;

    /** Since when it found nothing to claim, on the engine's clock; null while it has work. */
    volatile Instant idleSince;

    /** The batch it runs, while it runs one; read by the watchdog when it gives up on it. */
    volatile List<Job> batch;

    /**
     * Set by the watchdog when it gave up on this thread in a handler that ignored its timeout; it
     * then counted the worker out of the pool and of the busy ones.
     */
    volatile boolean abandoned;

    /** Set once by whoever ends it (itself or the scaling pass), who also counted it out. */
    final AtomicBoolean retiring = new AtomicBoolean();

    volatile boolean retired;

    Worker(boolean core) {
      this.core = core;
    }
  }

  private void startWorker(boolean core) {
    String name = "mediaflow-" + config.nodeId() + "-worker-" + workerIds.incrementAndGet();
    Worker w = new Worker(core);
    Thread t = new Thread(() -> workerLoop(w), name);
    t.setDaemon(true);
    w.thread = t;
    workers.add(w);
    t.start();
  }

  /**
   * Counts a worker out of the pool, unless the pool is at its minimum; the worker ends at its next
   * look at the queue, never in the middle of a job.
   */
  private boolean retire(Worker w) {
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

  private boolean idleTooLong(Worker w, Instant now) {
    Instant since = w.idleSince;
    return since != null && !now.isBefore(since.plus(config.workerKeepAlive()));
  }

  /**
   * Fits the pool to the ready queue: while more jobs are ready than workers are idle, adds workers
   * (up to the maximum); ends workers above the minimum that idled for the keep-alive, on the
   * engine's clock. Runs every {@link #SCALE_INTERVAL} and at each watchdog pass; does nothing for
   * a fixed-size pool or in calling-thread mode.
   *
   * @return workers added, minus workers ended
   */
  public int scaleWorkers() {
    if (phase != Phase.RUNNING
        || config.callingThread()
        || config.minWorkers() == config.maxWorkers()) {
      return 0;
    }
    Instant now = now();
    int ended = 0;
    for (Worker w : workers) {
      if (idleTooLong(w, now) && retire(w)) {
        ended++;
        LockSupport.unpark(w.thread);
      }
    }
    int added = 0;
    int n = threads.get();
    // a claim that found nothing says the ready jobs (if any) are of types this node cannot run
    if (n < config.maxWorkers() && !lastClaimEmpty) {
      long ready = queueDepth();
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

  /** Wakes one idle worker, or adds a worker when all are busy and the pool may grow. */
  private void wake() {
    submitSeq.incrementAndGet();
    Thread t = parked.poll();
    if (t != null) {
      LockSupport.unpark(t);
    } else {
      maybeGrow();
    }
  }

  private void maybeGrow() {
    if (phase != Phase.RUNNING || config.callingThread()) {
      return;
    }
    int n = threads.get();
    if (n < config.maxWorkers() && busy.get() >= n && threads.compareAndSet(n, n + 1)) {
      startWorker(false);
    }
  }

  private void workerLoop(Worker w) {
    int batch = 1;
    int claimFailures = 0;
    boolean ended = false;
    try {
      while (phase == Phase.RUNNING) {
        if (w.retired) {
          ended = true;
          return;
        }
        if (!unrecorded.isEmpty()) {
          settleUnrecorded(false);
        }
        long seq = submitSeq.get();
        List<Job> jobs;
        try {
          jobs = claim(batch);
        } catch (RuntimeException e) {
          claimFailures++;
          Duration wait = storeBackoff(claimFailures);
          logStoreFailure("claiming jobs", claimFailures, wait, e);
          backOff(wait);
          continue;
        }
        if (claimFailures > 0) {
          LOG.info("claiming jobs works again after {} failed tries", claimFailures);
          claimFailures = 0;
        }
        if (jobs.isEmpty()) {
          batch = 1;
          if (!w.core) {
            Instant now = now();
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
          handlerNanos = runBatch(jobs, true);
        } catch (RuntimeException e) {
          // a bug, not a store failure (those are kept and retried): the worker must go on
          LOG.error("a worker pass failed; the worker goes on", e);
          forget(jobs);
          handlerNanos = SLOW_JOB_NANOS * jobs.size();
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
        long perJob = handlerNanos / jobs.size();
        if (full && perJob < FAST_JOB_NANOS) {
          batch = Math.min(batch * 2, config.maxClaimBatch());
        } else if (!full || perJob >= FAST_JOB_NANOS) {
          batch = 1;
        }
      }
      ended = true;
    } finally {
      if (!w.retired) {
        threads.decrementAndGet(); // a retired worker was counted out when it was retired
      }
      workers.remove(w);
      if (!ended && w.core && phase == Phase.RUNNING) {
        // an Error ended this worker: keep the pool at its size
        LOG.error("worker {} died; starting another", Thread.currentThread().getName());
        threads.incrementAndGet();
        startWorker(true);
      }
    }
  }

  /** Lets go of a batch's attempts whose outcome is not kept: their leases expire, they rerun. */
  private void forget(List<Job> jobs) {
    for (Job j : jobs) {
      Attempt a = attempts.get(j.id());
      if (a != null && a.outcome == null) {
        attempts.remove(j.id(), a);
      }
    }
  }

  /**
   * How long to wait after {@code failures} store failures in a row: {@link #STORE_RETRY_INITIAL}
   * doubling up to {@link #STORE_RETRY_MAX}.
   */
  static Duration storeBackoff(int failures) {
    int doublings = Math.min(Math.max(failures - 1, 0), 16);
    long millis = STORE_RETRY_INITIAL.toMillis() << doublings;
    return Duration.ofMillis(Math.min(millis, STORE_RETRY_MAX.toMillis()));
  }

  private static void logStoreFailure(String what, int failures, Duration wait, Throwable e) {
    if (failures == 1 || failures % STORE_FAILURES_PER_WARNING == 0) {
      LOG.atWarn()
          .addKeyValue("failures", failures)
          .log(
              "{} failed ({} in a row); trying again in {}: {}",
              what,
              failures,
              wait,
              Redactor.redact(e.toString()));
    } else {
      LOG.debug(
          "{} failed ({} in a row); trying again in {}: {}",
          what,
          failures,
          wait,
          Redactor.redact(e.toString()));
    }
  }

  /** Parks for a back-off; a submit or {@link #close()} wakes it sooner. */
  private void backOff(Duration wait) {
    Thread me = Thread.currentThread();
    parked.add(me);
    try {
      if (phase == Phase.RUNNING) {
        LockSupport.parkNanos(this, wait.toNanos());
      }
    } finally {
      parked.remove(me);
    }
  }

  private void wakeAnother() {
    Thread t = parked.poll();
    if (t != null) {
      LockSupport.unpark(t);
    } else {
      maybeGrow();
    }
  }

  /**
   * Waits for a submit or the poll interval; spins briefly first, since a park and unpark cost more
   * than a short burst of submits takes.
   *
   * @return nanoseconds idle, or -1 when woken by a submit
   */
  private long idleWait(long seq) {
    for (int i = 0; i < SPINS_BEFORE_PARK; i++) {
      if (submitSeq.get() != seq || phase != Phase.RUNNING) {
        return -1;
      }
      Thread.onSpinWait();
    }
    Thread me = Thread.currentThread();
    parked.add(me);
    long start = System.nanoTime();
    try {
      if (submitSeq.get() != seq || phase != Phase.RUNNING) {
        return -1;
      }
      LockSupport.parkNanos(this, config.pollInterval().toNanos());
    } finally {
      parked.remove(me);
    }
    return submitSeq.get() != seq ? -1 : System.nanoTime() - start;
  }

  private List<Job> claim(int max) {
    List<Job> jobs =
        storage
            .jobs()
            .claim(
                new ClaimRequest(
                    config.nodeId() + "/" + Thread.currentThread().getName(),
                    max,
                    config.lease(),
                    now(),
                    claimTypes));
    boolean empty = jobs.isEmpty();
    if (lastClaimEmpty != empty) {
      lastClaimEmpty = empty; // written on a change only: claims are the hot path
    }
    for (Job j : jobs) {
      attempts.put(j.id(), new Attempt(j));
    }
    return jobs;
  }

  /**
   * Runs a claimed batch; successes of a batch of several are recorded together at the end with one
   * {@link io.mediaflow.api.store.JobStore#completeAll}, so a durable store commits once per batch.
   *
   * @return the nanoseconds spent in handlers
   */
  private long runBatch(List<Job> jobs, boolean worker) {
    List<Attempt> succeeded = jobs.size() > 1 ? new ArrayList<>(jobs.size()) : null;
    long handlerNanos = 0;
    boolean abandoned = false;
    try {
      for (int i = 0; i < jobs.size(); i++) {
        Job job = jobs.get(i);
        Attempt a = attempts.get(job.id());
        if (a == null || a.job != job) {
          continue; // released by a drain, or by the watchdog (and maybe claimed again since)
        }
        if (phase != Phase.RUNNING && !config.callingThread()) {
          if (a.stop(Attempt.RELEASED)) {
            release(a);
          }
          continue;
        }
        long took = run(a, succeeded);
        if (took == ABANDONED) {
          abandoned = true;
          if (worker) {
            break; // the watchdog gave the rest of the batch back; this thread is no worker now
          }
          continue;
        }
        handlerNanos += took;
        if (took > SLOW_JOB_NANOS && succeeded != null && !succeeded.isEmpty()) {
          // a slow job in the batch: don't keep the quick ones before it waiting for it
          completeBatch(succeeded);
          succeeded.clear();
        }
      }
    } finally {
      if (succeeded != null && !succeeded.isEmpty()) {
        completeBatch(succeeded);
      }
    }
    return abandoned ? ABANDONED : handlerNanos;
  }

  private void completeBatch(List<Attempt> succeeded) {
    List<Outcome> outcomes = new ArrayList<>(succeeded.size());
    for (Attempt a : succeeded) {
      outcomes.add(Outcome.success(a, a.took));
    }
    if (!completeTogether(outcomes)) {
      storeUnreachable("recording completions", outcomes.get(0).lastFailure);
    }
  }

  /** Claims and runs every due job on the calling thread until none is due; how many ran. */
  public int runDueJobs() {
    if (phase == Phase.NEW) {
      start();
    }
    settleUnrecorded(true);
    int ran = 0;
    while (phase == Phase.RUNNING) {
      List<Job> jobs = claim(config.maxClaimBatch());
      if (jobs.isEmpty()) {
        return ran;
      }
      runBatch(jobs, false);
      ran += jobs.size();
    }
    return ran;
  }

  // ---------------------------------------------------------------- one attempt

  private long run(Attempt a, List<Attempt> succeeded) {
    Job job = a.job;
    if (a.stopRequested()) {
      attempts.remove(job.id());
      return 0; // cancelled before it started
    }
    Instant start = now();
    a.started = start;
    a.startNanos = System.nanoTime();
    config.timeout(job.type()).ifPresent(t -> a.deadline = start.plus(t));
    a.begin(Thread.currentThread());
    config.metrics().jobStarted(job.type());
    events.started(job);
    JobHandler handler = handlers.get(job.type());
    Optional<String> result = Optional.empty();
    Throwable failure = null;
    boolean mine = true;
    JobLogging.MdcScope mdc = JobLogging.job(job.id());
    try {
      if (handler == null) {
        throw new MediaFlowException(
            JobErrorCodes.NO_HANDLER,
            "no handler for job type '" + job.type() + "'",
            "register one with MediaFlow.builder().handler(\"" + job.type() + "\", …)");
      }
      result = handler.handle(new AttemptContext(this, a));
      if (result == null) {
        result = Optional.empty();
      }
    } catch (Throwable t) {
      failure = t;
      if (t instanceof Error
          && !(t instanceof AssertionError)
          && !(t instanceof StackOverflowError)) {
        LOG.error("job {} hit a JVM error", job.id(), t);
      }
    } finally {
      mine = a.end();
      mdc.close();
    }
    if (!mine) {
      String how = failure == null ? "a result" : Redactor.redact(failure.toString());
      LOG.atInfo()
          .addKeyValue("jobId", job.id())
          .log(
              "job {}: its handler came back ({}) after the engine had given up on it; dropped,"
                  + " and thread {} stops working for the engine",
              job.id(),
              how,
              Thread.currentThread().getName());
      return ABANDONED;
    }
    a.deadline = null; // it ended: a late timeout sweep must not stop it from holding its lease
    long handlerNanos = System.nanoTime() - a.startNanos;
    boolean deferred = false;
    try {
      deferred = settle(a, start, result, failure, succeeded);
    } finally {
      if (!deferred && a.outcome == null) {
        attempts.remove(job.id(), a);
      }
    }
    return handlerNanos;
  }

  /** Records the outcome; returns true when a success was left for the batch to complete. */
  private boolean settle(
      Attempt a, Instant start, Optional<String> result, Throwable failure, List<Attempt> batch) {
    Job job = a.job;
    int reason = a.stopReason();
    if (reason == Attempt.CANCELLED || reason == Attempt.LEASE_LOST || reason == Attempt.RELEASED) {
      LOG.atDebug()
          .addKeyValue("jobId", job.id())
          .log(
              "job {} stopped ({}); its attempt's outcome is dropped",
              job.id(),
              reasonName(reason));
      return false;
    }
    Instant end = now();
    Duration took = Duration.between(start, end);
    if (reason == Attempt.TIMED_OUT) {
      failure = timedOut(job, failure, false);
    }
    if (failure == null && batch != null) {
      a.result = result;
      a.took = took;
      batch.add(a);
      return true;
    }
    if (failure == null) {
      a.result = result;
      record(Outcome.success(a, took));
    } else {
      record(Outcome.failure(a, errorOf(job, failure), took));
    }
    return false;
  }

  private static String reasonName(int reason) {
    switch (reason) {
      case Attempt.CANCELLED:
        return "cancelled";
      case Attempt.LEASE_LOST:
        return "lease lost";
      case Attempt.RELEASED:
        return "released on shutdown";
      case Attempt.TIMED_OUT:
        return "timed out";
      default:
        return "running";
    }
  }

  // ---------------------------------------------------------------- recording outcomes

  /** Takes an outcome's steps into the store; keeps it for later when the store is unreachable. */
  private void record(Outcome o) {
    if (!advance(o)) {
      defer(o);
      storeUnreachable("recording job " + o.id() + " (" + o.step + ")", o.lastFailure);
    }
  }

  /**
   * Takes the outcome's remaining steps.
   *
   * @return false when the store could not be reached: the outcome is not (fully) recorded
   */
  private boolean advance(Outcome o) {
    Attempt a = o.attempt;
    while (true) {
      Outcome.Step step = o.step;
      Job job;
      try {
        job = write(o, step);
      } catch (RuntimeException e) {
        if (isTransient(e)) {
          o.lastFailure = e;
          return false;
        }
        try {
          job = o.deferrals > 0 ? landedEarlier(o, step) : null;
        } catch (RuntimeException again) {
          if (isTransient(again)) {
            o.lastFailure = again;
            return false;
          }
          job = null;
        }
        if (job == null) {
          attempts.remove(a.id(), a);
          dropped(a, e);
          return true;
        }
      }
      if (recorded(o, step, job)) {
        return true;
      }
    }
  }

  private Job write(Outcome o, Outcome.Step step) {
    Attempt a = o.attempt;
    switch (step) {
      case COMPLETE:
        return storage.jobs().complete(a.id(), a.token, a.result, now());
      case FAIL:
        return storage.jobs().fail(a.id(), a.token, o.error, now());
      case RETRY:
        return storage.jobs().retry(a.id(), o.runAt, now());
      default:
        return storage.jobs().bury(a.id(), now());
    }
  }

  /**
   * After a try whose answer was lost (the store failed while or after it committed), the next try
   * is refused as a lost lease or an illegal transition although the step did land: the job is in
   * the step's state with this attempt's count, so nobody claimed it since.
   *
   * @return the job when the step landed earlier, else null
   */
  private Job landedEarlier(Outcome o, Outcome.Step step) {
    return storage
        .jobs()
        .find(o.id())
        .filter(j -> j.state() == step.target && j.attempts() == o.attempt.job.attempts())
        .orElse(null);
  }

  /**
   * Acts on a recorded step: events, metrics, waiters, and the next step of a failure.
   *
   * @return true when the outcome is fully recorded
   */
  private boolean recorded(Outcome o, Outcome.Step step, Job job) {
    Attempt a = o.attempt;
    switch (step) {
      case COMPLETE:
        attempts.remove(a.id(), a);
        config.metrics().jobFinished(job.type(), o.took, true);
        events.completed(job);
        finished(job);
        return true;
      case FAIL:
        attempts.remove(a.id(), a);
        o.failed = job;
        config.metrics().jobFinished(job.type(), o.took, false);
        events.failed(job, o.error);
        RetryPolicy policy = config.retryPolicy(job.type());
        if (policy.isRetryable(o.error) && job.attempts() < job.maxAttempts()) {
          o.delay =
              backoffs
                  .computeIfAbsent(job.type(), t -> new Backoff(policy))
                  .delayAfter(job.attempts());
          o.runAt = now().plus(o.delay);
          o.step = Outcome.Step.RETRY;
        } else {
          o.step = Outcome.Step.BURY;
        }
        return false;
      case RETRY:
        config.metrics().retried(job.type());
        events.retrying(job, o.error, o.delay);
        LOG.atInfo()
            .addKeyValue("jobId", job.id())
            .addKeyValue("code", o.error.code())
            .log(
                "job {} attempt {} failed with {}; retrying in {}",
                job.id(),
                job.attempts(),
                o.error.code(),
                o.delay);
        return true;
      default:
        events.dead(job, o.error);
        String message = Redactor.redact(o.error.message());
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("code", o.error.code());
        data.put("attempts", job.attempts());
        data.put("message", message);
        JobLogging.warn(
            LOG,
            job.id(),
            "job "
                + job.id()
                + " is dead after "
                + job.attempts()
                + " attempts: "
                + o.error.code()
                + " "
                + message,
            data);
        finished(job);
        return true;
    }
  }

  /**
   * Completes successes with one {@link io.mediaflow.api.store.JobStore#completeAll}, so a durable
   * store commits once.
   *
   * @return false when the store could not be reached; those not recorded are kept for later
   */
  private boolean completeTogether(List<Outcome> outcomes) {
    List<Completion> completions = new ArrayList<>(outcomes.size());
    for (Outcome o : outcomes) {
      completions.add(new Completion(o.id(), o.attempt.token, o.attempt.result));
    }
    Instant now = now();
    Set<String> done;
    try {
      done = storage.jobs().completeAll(completions, now);
    } catch (RuntimeException e) {
      if (!isTransient(e)) {
        // refused as a whole: one by one, each gets its own answer
        boolean reachable = true;
        for (Outcome o : outcomes) {
          if (!reachable || !advance(o)) {
            o.lastFailure = o.lastFailure == null ? e : o.lastFailure;
            defer(o);
            reachable = false;
          }
        }
        return reachable;
      }
      for (Outcome o : outcomes) {
        o.lastFailure = e;
        defer(o);
      }
      return false;
    }
    boolean reachable = true;
    for (Outcome o : outcomes) {
      Attempt a = o.attempt;
      if (done.contains(o.id())) {
        recorded(o, Outcome.Step.COMPLETE, completedJob(a, now));
        continue;
      }
      Job landed = null;
      if (o.deferrals > 0) {
        try {
          landed = landedEarlier(o, Outcome.Step.COMPLETE);
        } catch (RuntimeException e) {
          if (isTransient(e)) {
            o.lastFailure = e;
            defer(o);
            reachable = false;
            continue;
          }
        }
      }
      if (landed != null) {
        recorded(o, Outcome.Step.COMPLETE, landed);
      } else {
        attempts.remove(a.id(), a);
        dropped(a, StorageException.leaseLost(a.id()));
      }
    }
    return reachable;
  }

  private Job completedJob(Attempt a, Instant now) {
    return a.job.toBuilder()
        .state(JobState.COMPLETED)
        .lease(Optional.empty())
        .error(Optional.empty())
        .result(a.result)
        .updatedAt(now)
        .version(a.job.version() + 1)
        .build();
  }

  /**
   * A failure worth trying again: anything but the store's answers that the job moved on (a lost
   * lease, an illegal transition, a missing job). A store failure that says it is not retryable is
   * tried again too: giving up on a failure's retry would strand the job in FAILED.
   */
  private static boolean isTransient(RuntimeException e) {
    if (!(e instanceof MediaFlowException m)) {
      return true;
    }
    ErrorCode code = m.code();
    return !code.equals(StorageException.LEASE_LOST)
        && !code.equals(StorageException.JOB_NOT_FOUND)
        && !code.equals(JobTransitions.ILLEGAL_TRANSITION);
  }

  /** Keeps an outcome the store did not take, to try again after a growing wait. */
  private void defer(Outcome o) {
    Attempt a = o.attempt;
    o.deferrals++;
    a.outcome = o;
    if (!o.holdsLease()) {
      attempts.remove(a.id(), a); // failed without a lease now: nothing to heartbeat
    }
    unrecorded.add(o);
    LOG.atDebug()
        .addKeyValue("jobId", a.id())
        .log(
            "job {}: step {} not recorded ({}), kept to try again",
            a.id(),
            o.step,
            Redactor.redact(String.valueOf(o.lastFailure)));
  }

  private void storeUnreachable(String what, RuntimeException e) {
    int n = settleFailures.incrementAndGet();
    Duration wait = storeBackoff(n);
    nextSettle = now().plus(wait);
    logStoreFailure(what, n, wait, e == null ? new IllegalStateException("unknown") : e);
  }

  /**
   * Tries again to record the outcomes the store could not take, once their wait is over (or at
   * once when {@code force}); one thread at a time. Successes go together in one batch; the rest
   * one by one, stopping at the first that finds the store still unreachable.
   */
  void settleUnrecorded(boolean force) {
    if (unrecorded.isEmpty()
        || (!force && now().isBefore(nextSettle))
        || !settling.compareAndSet(false, true)) {
      return;
    }
    try {
      List<Outcome> completions = new ArrayList<>();
      List<Outcome> others = new ArrayList<>();
      for (Outcome o; (o = unrecorded.poll()) != null; ) {
        (o.step == Outcome.Step.COMPLETE ? completions : others).add(o);
      }
      int total = completions.size() + others.size();
      RuntimeException failure = null;
      boolean reachable = completions.isEmpty() || completeTogether(completions);
      if (!reachable) {
        failure = completions.get(0).lastFailure;
      }
      for (Outcome o : others) {
        if (reachable && advance(o)) {
          continue;
        }
        if (reachable) {
          failure = o.lastFailure;
          reachable = false;
        }
        defer(o);
      }
      if (!reachable) {
        storeUnreachable("recording " + total + " kept job outcomes", failure);
        return;
      }
      int failures = settleFailures.getAndSet(0);
      LOG.atInfo()
          .addKeyValue("jobs", total)
          .log(
              "the store took {} job outcomes it could not record before ({} failed tries)",
              total,
              failures);
    } finally {
      settling.set(false);
    }
  }

  private void dropped(Attempt a, RuntimeException e) {
    String code =
        e instanceof MediaFlowException m ? m.code().code() : Redactor.redact(e.toString());
    LOG.atInfo()
        .addKeyValue("jobId", a.id())
        .addKeyValue("code", code)
        .log(
            "job {}: this attempt's outcome was dropped because the job moved on without it ({})",
            a.id(),
            code);
  }

  /**
   * The job error for a failure: a {@code MediaFlowException} keeps its code and flag; anything
   * else from a host handler is {@code HANDLER_FAILED} (retryable: host code fails for transient
   * reasons as often as not), from the built-in media handler {@code INTERNAL} (a bug).
   */
  static JobError errorOf(Job job, Throwable t) {
    // the message is stored, logged and published: a secret in it must not reach any of them
    if (t instanceof MediaFlowException m) {
      return new JobError(
          m.code().code(), Redactor.redact(m.detail()), m.retryable(), m.suggestion());
    }
    if ("media".equals(job.type())) {
      return new JobError(
          ErrorCode.INTERNAL.code(),
          Redactor.redact(t.toString()),
          false,
          "this is a bug in mediaflow; please report it with the job's logs");
    }
    return new JobError(
        JobErrorCodes.HANDLER_FAILED.code(),
        Redactor.redact(t.toString()),
        true,
        "see the handler's exception in the log; the job is retried per its retry policy");
  }

  // ---------------------------------------------------------------- progress and logs

  void progress(Attempt a, double percent, String step, Optional<Duration> eta) {
    double p = Math.max(0, Math.min(100, Double.isNaN(percent) ? 0 : percent));
    String s = step == null ? "" : step;
    long nanos = System.nanoTime();
    boolean due =
        !s.equals(a.lastStep)
            || p >= 100
            || (p - a.lastPercent >= 1 && nanos - a.lastProgressNanos >= 250_000_000L);
    if (!due) {
      return;
    }
    a.lastPercent = p;
    a.lastStep = s;
    a.lastProgressNanos = nanos;
    JobProgress progress = new JobProgress(p, s, eta);
    a.progress = progress;
    storeProgress(a);
    events.progress(a.job, progress);
    List<Consumer<JobProgress>> listeners = progressListeners.get(a.id());
    if (listeners != null) {
      for (Consumer<JobProgress> l : listeners) {
        try {
          l.accept(progress);
        } catch (RuntimeException e) {
          LOG.warn(
              "a progress listener of job {} threw: {}", a.id(), Redactor.redact(e.toString()));
        }
      }
    }
  }

  void storeProgress(Attempt a) {
    if (a.stopRequested()) {
      return;
    }
    boolean held;
    try {
      held = storage.jobs().progress(a.id(), a.token, a.progress, a.stages());
    } catch (RuntimeException e) {
      if (isTransient(e)) {
        // progress is best effort: the next report stores it, the handler need not fail
        LOG.debug("progress of job {} was not stored: {}", a.id(), Redactor.redact(e.toString()));
        return;
      }
      throw e;
    }
    if (!held) {
      a.stop(Attempt.LEASE_LOST);
    }
  }

  Instant clockNow() {
    return now();
  }

  Storage storage() {
    return storage;
  }

  void stepFinished(String step, Duration took) {
    config.metrics().stepFinished(step, took);
  }

  // ---------------------------------------------------------------- observation

  /** Jobs due and waiting (pending), as the store counts them. */
  public long queueDepth() {
    Map<JobState, Long> counts = storage.jobs().countByState();
    return counts.getOrDefault(JobState.PENDING, 0L);
  }

  /** Busy workers over workers, 0 to 1. */
  public double utilization() {
    int n = threads.get();
    return n == 0 ? 0 : Math.min(1, (double) busy.get() / n);
  }

  public int workerCount() {
    return threads.get();
  }

  public int busyWorkers() {
    return busy.get();
  }

  /**
   * Worker threads the engine gave up on in a handler that ignored its timeout for the grace, and
   * whose handler has not returned yet; they are not counted among the workers (a new worker took
   * the place of each).
   */
  public int stuckWorkers() {
    return stuck.get();
  }

  /** Workers above the minimum that found nothing to claim at their last look. */
  public int idleExtraWorkers() {
    int n = 0;
    for (Worker w : workers) {
      if (!w.core && !w.retired && w.idleSince != null) {
        n++;
      }
    }
    return n;
  }

  /** Jobs this node holds a lease on. */
  public int heldJobs() {
    return attempts.size();
  }

  public Map<String, Object> describe() {
    Map<String, Object> d = new HashMap<>();
    d.put("nodeId", config.nodeId());
    d.put("workers", threads.get());
    d.put("busy", busy.get());
    d.put("stuck", stuck.get());
    d.put("held", attempts.size());
    d.put("phase", phase.name());
    return d;
  }

  /** Publishes lifecycle events cheaply: no event is built when nobody could receive it. */
  static final class Lifecycle {
    private final io.mediaflow.api.event.EventBus bus;
    private final java.time.Clock clock;

    Lifecycle(io.mediaflow.api.event.EventBus bus, java.time.Clock clock) {
      this.bus = bus;
      this.clock = clock;
    }

    void created(Job j) {
      publish("job.created", j, null, null);
    }

    void started(Job j) {
      publish("job.started", j, null, null);
    }

    void completed(Job j) {
      publish("job.completed", j, null, null);
    }

    void failed(Job j, JobError e) {
      publish("job.failed", j, e, null);
    }

    void retrying(Job j, JobError e, Duration delay) {
      publish("job.retrying", j, e, delay);
    }

    void dead(Job j, JobError e) {
      publish("job.dead", j, e, null);
    }

    void cancelled(Job j) {
      publish("job.cancelled", j, null, null);
    }

    void progress(Job j, JobProgress p) {
      if (!bus.hasSubscribers("job.progress")) {
        return;
      }
      Map<String, Object> data = new java.util.LinkedHashMap<>(8);
      data.put("jobId", j.id());
      data.put("type", j.type());
      data.put("attempt", j.attempts());
      data.put("percent", p.percent());
      data.put("step", p.step());
      p.eta().ifPresent(eta -> data.put("etaMillis", eta.toMillis()));
      send(new Event("job.progress", clock.instant(), data));
    }

    private void publish(String type, Job j, JobError error, Duration delay) {
      if (!bus.hasSubscribers(type)) {
        return; // nobody listens: building the event would be all cost
      }
      Map<String, Object> data = new java.util.LinkedHashMap<>(8);
      data.put("jobId", j.id());
      data.put("type", j.type());
      data.put("attempt", j.attempts());
      if (error != null) {
        data.put("code", error.code());
        data.put("message", Redactor.redact(error.message()));
        data.put("retryable", error.retryable());
      }
      if (delay != null) {
        data.put("runAt", j.scheduledAt().toString());
        data.put("delayMillis", delay.toMillis());
      }
      send(new Event(type, clock.instant(), data));
    }

    private void send(Event e) {
      try {
        bus.publish(e);
      } catch (RuntimeException ex) {
        LOG.debug("event {} was not published: {}", e.type(), ex.toString());
      }
    }
  }
}
