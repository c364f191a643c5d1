package io.mediaflow.internal.engine;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobErrorCodes;
import io.mediaflow.api.job.JobHandler;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.Wait;
import io.mediaflow.internal.durable.Suspension;
import io.mediaflow.internal.observe.JobLogging;
import io.mediaflow.internal.observe.Redactor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims batches of due jobs and runs their attempts on the calling thread: the handler, its
 * timeout deadline, its stop reason, and the hand-over of its outcome to the {@link
 * OutcomeRecorder}. Successes of a batch are recorded together with one {@link
 * Storage#completeAll}, so a durable store commits once per batch.
 */
final class AttemptRunner {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  /** What {@link #runBatch} returns when the engine gave up on a handler before it returned. */
  static final long ABANDONED = -1;

  /** A job slower than this ends its batch's run of quick successes (they are recorded first). */
  static final long SLOW_JOB_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final EngineConfig config;
  private final Storage storage;
  private final Map<String, JobHandler> handlers;
  private final Set<String> claimTypes;
  private final Map<String, Attempt> attempts;
  private final OutcomeRecorder outcomes;
  private final LifecycleEvents events;
  private final Function<Attempt, AttemptContext> contexts;
  private final BooleanSupplier running;
  private final AttemptLog log;

  /** Whether the latest claim found nothing: then the queue holds nothing this node can run. */
  private volatile boolean lastClaimEmpty = true;

  AttemptRunner(
      EngineConfig config,
      Map<String, Attempt> attempts,
      OutcomeRecorder outcomes,
      LifecycleEvents events,
      Function<Attempt, AttemptContext> contexts,
      BooleanSupplier running) {
    this.config = config;
    this.storage = config.storage();
    this.handlers = config.handlers();
    this.claimTypes = Set.copyOf(handlers.keySet());
    this.attempts = attempts;
    this.outcomes = outcomes;
    this.events = events;
    this.contexts = contexts;
    this.running = running;
    this.log = new AttemptLog(config);
  }

  private Instant now() {
    return config.clock().instant();
  }

  boolean lastClaimEmpty() {
    return lastClaimEmpty;
  }

  /** Claims up to {@code max} due jobs of this engine's types under a lease; may throw. */
  List<Job> claim(int max) {
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
   * Runs a claimed batch.
   *
   * @param worker whether the calling thread is a pool worker (it stops at an abandoned job)
   * @return the nanoseconds spent in handlers, or {@link #ABANDONED}
   */
  long runBatch(List<Job> jobs, boolean worker) {
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
        if (!running.getAsBoolean() && !config.callingThread()) {
          if (a.stop(StopReason.RELEASED)) {
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
          recordWaiting(succeeded);
        }
      }
    } finally {
      if (succeeded != null && !succeeded.isEmpty()) {
        recordWaiting(succeeded);
      }
    }
    return abandoned ? ABANDONED : handlerNanos;
  }

  /**
   * Records the successes that waited for their batch, less those recorded already: by the batch's
   * worker, or by the watchdog while a slow job of the batch ran ({@link
   * JobWatchdog#shareStalledBatches}). Empties the list.
   */
  void recordWaiting(List<Attempt> succeeded) {
    succeeded.removeIf(a -> !a.takeWaitingSuccess());
    if (!succeeded.isEmpty()) {
      outcomes.successes(succeeded);
    }
    succeeded.clear();
  }

  /** Lets go of a batch's attempts whose outcome is not kept: their leases expire, they rerun. */
  void forget(List<Job> jobs) {
    for (Job j : jobs) {
      Attempt a = attempts.get(j.id());
      if (a != null && a.outcome == null) {
        attempts.remove(j.id(), a);
      }
    }
  }

  /**
   * Gives a claimed job back to the queue (PROCESSING → PENDING).
   *
   * @return false when the store did not take it: its lease expires and the watchdog gives it back
   */
  boolean release(Attempt a) {
    if (a.started != null) {
      log.line(
          a,
          AttemptLog.INFO,
          "attempt "
              + AttemptLog.count(a.job)
              + " given back to the queue ("
              + a.stopReason()
              + "); it runs again");
    }
    try {
      storage.jobs().release(a.id(), a.token, now());
      attempts.remove(a.id(), a);
      return true;
    } catch (RuntimeException e) {
      LOG.debug("job {} was not released: {}", a.id(), Redactor.redact(e.toString()));
      attempts.remove(a.id(), a);
      return false;
    }
  }

  private long run(Attempt a, List<Attempt> succeeded) {
    Job job = a.job;
    if (!a.take()) {
      attempts.remove(job.id(), a);
      return 0; // cancelled before it started, or given back to the queue for an idle worker
    }
    Instant start = now();
    a.started = start;
    a.startNanos = System.nanoTime();
    config.timeout(job).ifPresent(t -> a.deadline = start.plus(t));
    a.begin(Thread.currentThread());
    config.metrics().jobStarted(job.type());
    events.started(job);
    JobHandler handler = handlers.get(job.type());
    Optional<String> result = Optional.empty();
    Throwable failure = null;
    boolean mine = true;
    AttemptContext context = null;
    JobLogging.MdcScope mdc = JobLogging.job(job.id());
    try {
      if (handler == null) {
        throw new MediaFlowException(
            JobErrorCodes.NO_HANDLER,
            "no handler for job type '" + job.type() + "'",
            "register one with MediaFlow.builder().handler(\"" + job.type() + "\", …)");
      }
      context = contexts.apply(a);
      result = handler.handle(context);
      if (result == null) {
        result = Optional.empty();
      }
    } catch (Suspension s) {
      // a durable wait: recorded below as a yield, not a failure
    } catch (Throwable t) {
      failure = t;
      if (t instanceof Error
          && !(t instanceof AssertionError)
          && !(t instanceof StackOverflowError)) {
        LOG.error("job {} hit a JVM error", job.id(), t);
      }
    } finally {
      if (context != null) {
        context.end();
      }
      mine = a.end();
      mdc.close();
    }
    Wait wait = null;
    if (context != null) {
      // what the durable calls decided wins over what the handler made of it (it may catch)
      MediaFlowException broken = context.durableFailure();
      Suspension suspended = context.suspension();
      if (broken != null) {
        failure = broken;
      } else if (suspended != null) {
        wait = suspended.waitFor();
        failure = null;
      }
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
    a.ranNanos = handlerNanos;
    boolean deferred = false;
    try {
      deferred = settle(a, start, result, failure, wait, succeeded);
    } finally {
      if (!deferred && a.outcome == null) {
        attempts.remove(job.id(), a);
      }
    }
    return handlerNanos;
  }

  /** Hands the outcome over; returns true when a success was left for the batch to complete. */
  private boolean settle(
      Attempt a,
      Instant start,
      Optional<String> result,
      Throwable failure,
      Wait wait,
      List<Attempt> batch) {
    Job job = a.job;
    StopReason reason = a.stopReason();
    if (reason.dropsOutcome()) {
      LOG.atDebug()
          .addKeyValue("jobId", job.id())
          .log("job {} stopped ({}); its attempt's outcome is dropped", job.id(), reason);
      return false;
    }
    Duration took = Duration.between(start, now());
    if (wait != null) {
      outcomes.yielded(a, wait, took);
      return false;
    }
    if (reason == StopReason.TIMED_OUT) {
      failure = JobWatchdog.timedOut(config, job, failure, false);
    }
    a.result = result;
    if (failure == null && batch != null) {
      a.took = took;
      a.awaitBatch();
      batch.add(a);
      return true;
    }
    if (failure == null) {
      outcomes.success(a, took);
    } else {
      outcomes.failure(
          a, OutcomeRecorder.errorOf(job, failure), took, RetryDecision.retryAfter(failure));
    }
    return false;
  }
}
