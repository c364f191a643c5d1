package io.mediaflow.internal.engine;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.store.Storage;
import io.mediaflow.internal.observe.Redactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives up on what will not finish by itself: returns jobs with expired leases (their node died) to
 * the queue, and at start those leased by a process known to be gone, stops attempts past their
 * timeout, and gives up on a handler that ignores the stop for the timeout grace, replacing its
 * worker. (Not to be confused with {@code io.mediaflow.internal.net.Watchdog}, which bounds one
 * HTTP exchange.)
 */
final class JobWatchdog {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  /** Frames of a stuck thread's stack shown in the warning. */
  private static final int STUCK_FRAMES = 12;

  /**
   * A job of a batch running longer than this stalls the rest of its batch, which is then shared
   * out ({@link #shareStalledBatches}): eight times the time {@link ClaimBatch} plans a whole batch
   * to take, so a batch sized right is never touched.
   */
  static final long STALLED_BATCH_MILLIS = 8 * ClaimBatch.BUDGET_MILLIS;

  private static final long STALLED_BATCH_NANOS =
      TimeUnit.MILLISECONDS.toNanos(STALLED_BATCH_MILLIS);

  private static final long MAX_TIMEOUT_SWEEP_MILLIS = 1000;
  private static final long MIN_TIMEOUT_SWEEP_MILLIS = 5;

  private final EngineConfig config;
  private final Storage storage;
  private final Map<String, Attempt> attempts;
  private final AttemptRunner runner;
  private final OutcomeRecorder outcomes;
  private final Supplier<WorkerPool> pool;
  private final AttemptLog log;

  JobWatchdog(
      EngineConfig config,
      Map<String, Attempt> attempts,
      AttemptRunner runner,
      OutcomeRecorder outcomes,
      Supplier<WorkerPool> pool) {
    this.config = config;
    this.storage = config.storage();
    this.attempts = attempts;
    this.runner = runner;
    this.outcomes = outcomes;
    this.pool = pool;
    this.log = new AttemptLog(config);
  }

  /**
   * Returns jobs whose lease expired (PROCESSING → PENDING).
   *
   * @return how many
   */
  int returnExpiredLeases() {
    int expired = storage.jobs().expireLeases(config.clock().instant());
    if (expired > 0) {
      LOG.atInfo()
          .addKeyValue("jobs", expired)
          .log("watchdog returned {} jobs with expired leases to the queue", expired);
    }
    return expired;
  }

  /**
   * Runs once at start, before the first claim: returns to the queue at once the jobs whose lease
   * belongs to a process known to be gone, rather than at their expiry. Those are the leases of a
   * process that no longer has the store open, on a store that one process at a time can open (an
   * embedded H2 file), and the leases held under this node's id when the host set a stable one (its
   * earlier run's). With the default id, which is new in every process, a shared store's leases
   * wait for their expiry.
   *
   * @return how many jobs were returned to the queue
   */
  int takeBackDeadLeases() {
    Instant now = config.clock().instant();
    int gone = storage.jobs().takeBackLeases(Optional.empty(), now);
    if (gone > 0) {
      LOG.atInfo()
          .addKeyValue("jobs", gone)
          .log(
              "took back {} jobs leased by a process that is gone (no other process can open this"
                  + " store): they run again now, not when their leases expire",
              gone);
    }
    int own = 0;
    if (config.stableNodeId()) {
      own = storage.jobs().takeBackLeases(Optional.of(config.nodeId()), now);
      if (own > 0) {
        LOG.atInfo()
            .addKeyValue("jobs", own)
            .log(
                "took back {} jobs that node {} leased before it restarted: they run again now,"
                    + " not when their leases expire",
                own,
                config.nodeId());
      }
    }
    return gone + own;
  }

  /** How often to look for timed-out attempts: a tenth of the shortest timeout, 5 ms to 1 s. */
  long timeoutSweepMillis() {
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

  /** Stops attempts past their timeout; gives up on those that ignored it for the grace. */
  void sweepTimeouts() {
    if (attempts.isEmpty()) {
      return;
    }
    Instant now = config.clock().instant();
    for (Attempt a : attempts.values()) {
      Instant d = a.deadline;
      if (d == null || !now.isAfter(d)) {
        continue;
      }
      if (!a.stopRequested()) {
        // written before the stop: the handler's failure, recorded once it stops, comes after it
        log.line(
            a,
            AttemptLog.WARN,
            "attempt "
                + AttemptLog.count(a.job)
                + " ran past its timeout of "
                + config.timeout(a.job).map(Object::toString).orElse("?")
                + "; stopping it");
      }
      if (a.stop(StopReason.TIMED_OUT)) {
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
   * Shares out the batches held up by a slow job. A worker runs its batch one job after another,
   * sized by {@link ClaimBatch} from how quick the type's jobs have been; when one of them runs far
   * longer (a job that waits on something, a handler slower this time), the batch's jobs after it
   * would wait for it though other workers are idle, and the successes before it would stay
   * unrecorded. So, for a job that has run over {@value #STALLED_BATCH_MILLIS} ms: the successes
   * waiting for its batch are recorded now, and the jobs after it that have not started go back to
   * the queue for an idle worker (only when one is idle or the pool may grow, or they would just
   * wait in the queue instead). The worker skips them when it gets there.
   *
   * @return how many jobs went back to the queue
   */
  int shareStalledBatches() {
    WorkerPool p = pool.get();
    if (p == null) {
      return 0;
    }
    long now = System.nanoTime();
    boolean workersFree =
        p.busyWorkers() < p.workerCount() || p.workerCount() < config.maxWorkers();
    int given = 0;
    for (List<Job> batch : p.batches()) {
      List<Attempt> waiting = new ArrayList<>();
      boolean stalled = false;
      for (Job j : batch) {
        Attempt a = attempts.get(j.id());
        if (a == null || a.job != j) {
          continue;
        }
        if (!stalled) {
          if (a.successWaiting()) {
            waiting.add(a);
          } else if (a.running() && now - a.startNanos > STALLED_BATCH_NANOS) {
            stalled = true;
          }
        } else if (workersFree && a.giveBackUnstarted()) {
          if (runner.release(a)) {
            given++;
          }
        }
      }
      if (stalled && !waiting.isEmpty()) {
        runner.recordWaiting(waiting);
      }
    }
    if (given > 0) {
      LOG.atDebug()
          .addKeyValue("jobs", given)
          .log("{} jobs claimed behind a slow one went back to the queue for idle workers", given);
      p.wake();
    }
    return given;
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
    WorkerPool p = pool.get();
    WorkerPool.Worker w = p == null ? null : p.workerOn(t);
    boolean given =
        a.abandon(
            () -> {
              if (w != null) {
                w.giveUp(); // under the attempt's lock: its thread sees this when it returns
              }
            });
    if (!given) {
      return;
    }
    a.deadline = null;
    try {
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
      if (a.stopReason() == StopReason.TIMED_OUT) {
        Instant start = a.started == null ? now : a.started;
        outcomes.failure(
            a,
            OutcomeRecorder.errorOf(a.job, timedOut(config, a.job, null, true)),
            Duration.between(start, now));
      } else {
        attempts.remove(a.id(), a); // cancelled or lost meanwhile: nothing left to record
      }
    } finally {
      if (w != null) {
        w.replace();
      }
    }
  }

  /**
   * Gives back the jobs a stuck worker claimed with the abandoned one: those not started and the
   * successes waiting for the batch's completion (these run again: at least once).
   */
  private void releaseRestOfBatch(WorkerPool.Worker w, Attempt stuckAttempt) {
    for (Job j : w.batch()) {
      Attempt b = attempts.get(j.id());
      if (b != null
          && b != stuckAttempt
          && b.job == j
          && b.outcome == null
          && b.stop(StopReason.RELEASED)) {
        runner.release(b);
      }
    }
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

  /** The {@code TIMEOUT} error of an attempt, saying whether its thread was given up on. */
  static MediaFlowException timedOut(
      EngineConfig config, Job job, Throwable cause, boolean abandoned) {
    Duration limit = config.timeout(job).orElse(Duration.ZERO);
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
}
