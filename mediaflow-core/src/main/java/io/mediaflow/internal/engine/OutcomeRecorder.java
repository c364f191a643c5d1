package io.mediaflow.internal.engine;

import io.mediaflow.Metrics;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobErrorCodes;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.JobTransitions;
import io.mediaflow.api.store.Completion;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.Wait;
import io.mediaflow.internal.observe.JobLogging;
import io.mediaflow.internal.observe.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes attempts' outcomes into the store: a success completes the job; a failure is recorded
 * FAILED and then, per the one {@link RetryDecision}, scheduled again or buried. While the store
 * cannot be reached an outcome is kept ("deferred") and its remaining steps are taken when the
 * store is back ({@link #reconcile}), so a finished attempt is neither lost nor left half-recorded.
 * An outcome the store refuses because the job moved on without it (a lost lease, a cancel) is
 * dropped.
 */
final class OutcomeRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  private final Storage storage;
  private final Clock clock;
  private final Metrics metrics;
  private final LifecycleEvents events;
  private final JobWatchers watchers;
  private final RetryDecision retries;
  private final AttemptLog log;

  /** Every job this node holds a lease on, shared with the engine's other parts. */
  private final Map<String, Attempt> attempts;

  /** Outcomes the store could not take yet; retried after a growing wait until it does. */
  private final ConcurrentLinkedQueue<Outcome> deferred = new ConcurrentLinkedQueue<>();

  private final AtomicBoolean reconciling = new AtomicBoolean();
  private final AtomicInteger failuresInARow = new AtomicInteger();
  private volatile Instant nextTry = Instant.MIN;

  /** Told when a job this recorder scheduled (a retry, a wait) becomes due. */
  private volatile Consumer<Instant> dueListener = due -> {};

  OutcomeRecorder(
      EngineConfig config,
      LifecycleEvents events,
      JobWatchers watchers,
      RetryDecision retries,
      Map<String, Attempt> attempts) {
    this.storage = config.storage();
    this.clock = config.clock();
    this.metrics = config.metrics();
    this.events = events;
    this.watchers = watchers;
    this.retries = retries;
    this.attempts = attempts;
    this.log = new AttemptLog(config);
  }

  private Instant now() {
    return clock.instant();
  }

  /**
   * Asks to be told, once each is recorded, when a retry or a wait this recorder wrote becomes due,
   * so the engine can wake a worker then instead of at its next poll.
   */
  void onDue(Consumer<Instant> listener) {
    this.dueListener = listener;
  }

  /** Records a success; keeps it for later when the store is unreachable. */
  void success(Attempt a, Duration took) {
    record(Outcome.success(a, took));
  }

  /** Records a failure and its retry or burial; keeps what the store could not take for later. */
  void failure(Attempt a, JobError error, Duration took) {
    record(Outcome.failure(a, error, took));
  }

  /**
   * Records a failure whose retry must wait at least {@code notBefore} (a {@code Retry-After} the
   * handler passed on with {@link io.mediaflow.api.job.RetryAfterException}).
   */
  void failure(Attempt a, JobError error, Duration took, Duration notBefore) {
    record(Outcome.failure(a, error, took, notBefore));
  }

  /**
   * Records that the attempt's handler waits (PROCESSING → SCHEDULED with its wait reason): not a
   * failure, and the attempt is given back; keeps it for later when the store is unreachable.
   */
  void yielded(Attempt a, Wait wait, Duration took) {
    record(Outcome.yielded(a, wait, took));
  }

  private void record(Outcome o) {
    if (!advance(o)) {
      defer(o);
      storeUnreachable("recording job " + o.id() + " (" + o.step + ")", o.lastFailure);
    }
  }

  /**
   * Completes a batch's successes with one {@link Storage#completeAll}, so a durable store commits
   * once per batch; keeps those not recorded for later.
   */
  void successes(List<Attempt> succeeded) {
    List<Outcome> outcomes = new ArrayList<>(succeeded.size());
    for (Attempt a : succeeded) {
      outcomes.add(Outcome.success(a, a.took));
    }
    if (!completeTogether(outcomes)) {
      storeUnreachable("recording completions", outcomes.get(0).lastFailure);
    }
  }

  /** Whether outcomes wait for the store. */
  boolean hasDeferred() {
    return !deferred.isEmpty();
  }

  /** The deferred outcomes as {@code id (step)}, for the warning on close. */
  List<String> deferredOutcomes() {
    List<String> ids = new ArrayList<>();
    deferred.forEach(o -> ids.add(o.id() + " (" + o.step + ")"));
    return ids;
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
      case YIELD:
        return storage.jobs().yieldUntil(a.id(), a.token, o.wait, now());
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
    int attempts = o.attempt.job.attempts();
    if (step == Outcome.Step.YIELD) {
      // a yield gives the attempt back; the job may have been woken since (a signal, a child)
      return storage
          .jobs()
          .find(o.id())
          .filter(
              j ->
                  (j.state() == JobState.SCHEDULED || j.state() == JobState.PENDING)
                      && j.attempts() == Math.max(0, attempts - 1)
                      && j.lease().isEmpty())
          .orElse(null);
    }
    return storage
        .jobs()
        .find(o.id())
        .filter(j -> j.state() == step.target && j.attempts() == attempts)
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
        log.completed(a, o.took);
        metrics.jobFinished(job.type(), o.took, true);
        events.completed(job);
        watchers.finished(job);
        return true;
      case FAIL:
        attempts.remove(a.id(), a);
        o.failed = job;
        log.failed(a, o.error, o.took);
        metrics.jobFinished(job.type(), o.took, false);
        events.failed(job, o.error);
        Optional<Duration> delay = retries.retryDelay(job, o.error, o.notBefore);
        if (delay.isPresent()) {
          o.delay = delay.get();
          o.runAt = now().plus(o.delay);
          o.step = Outcome.Step.RETRY;
        } else {
          o.step = Outcome.Step.BURY;
        }
        return false;
      case RETRY:
        log.retrying(job, o.error, o.runAt, o.delay);
        metrics.retried(job.type());
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
        dueListener.accept(job.scheduledAt());
        return true;
      case YIELD:
        attempts.remove(a.id(), a);
        log.waiting(a, o.wait);
        events.waiting(job, o.wait);
        dueListener.accept(job.scheduledAt());
        return true;
      default:
        buried(job, o.error);
        return true;
    }
  }

  /** Announces a job buried as dead, with one warning in its log. */
  void buried(Job job, JobError error) {
    log.buried(job, error);
    events.dead(job, error);
    String message = Redactor.redact(error.message());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("code", error.code());
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
            + error.code()
            + " "
            + message,
        data);
    watchers.finished(job);
  }

  /**
   * Completes successes with one {@link Storage#completeAll}, so a durable store commits once.
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

  private static Job completedJob(Attempt a, Instant now) {
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
  static boolean isTransient(RuntimeException e) {
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
    deferred.add(o);
    LOG.atDebug()
        .addKeyValue("jobId", a.id())
        .log(
            "job {}: step {} not recorded ({}), kept to try again",
            a.id(),
            o.step,
            Redactor.redact(String.valueOf(o.lastFailure)));
  }

  private void storeUnreachable(String what, RuntimeException e) {
    int n = failuresInARow.incrementAndGet();
    Duration wait = StoreBackoff.after(n);
    nextTry = now().plus(wait);
    StoreBackoff.log(what, n, wait, e);
  }

  /**
   * Tries again to record the outcomes the store could not take, once their wait is over on the
   * engine's clock (or at once when {@code force}); one thread at a time. Successes go together in
   * one batch; the rest one by one, stopping at the first that finds the store still unreachable.
   */
  void reconcile(boolean force) {
    if (deferred.isEmpty()
        || (!force && now().isBefore(nextTry))
        || !reconciling.compareAndSet(false, true)) {
      return;
    }
    try {
      List<Outcome> completions = new ArrayList<>();
      List<Outcome> others = new ArrayList<>();
      for (Outcome o; (o = deferred.poll()) != null; ) {
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
      int failures = failuresInARow.getAndSet(0);
      LOG.atInfo()
          .addKeyValue("jobs", total)
          .log(
              "the store took {} job outcomes it could not record before ({} failed tries)",
              total,
              failures);
    } finally {
      reconciling.set(false);
    }
  }

  private void dropped(Attempt a, RuntimeException e) {
    String code =
        e instanceof MediaFlowException m ? m.code().code() : Redactor.redact(e.toString());
    log.line(
        a,
        AttemptLog.WARN,
        "attempt "
            + AttemptLog.count(a.job)
            + " ended, but its outcome was dropped: the job moved on without it ("
            + code
            + ")");
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
}
