package io.mediaflow.internal.engine;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobContext;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.StageTiming;
import io.mediaflow.api.job.StepType;
import io.mediaflow.internal.durable.DurableContext;
import io.mediaflow.internal.durable.DurableRuntime;
import io.mediaflow.internal.durable.Suspension;
import io.mediaflow.internal.observe.JobLogging;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The {@link io.mediaflow.api.job.JobContext} of one attempt. Its durable primitives go to a {@link
 * DurableContext} made at the first call, so a handler that uses none pays nothing for them.
 */
final class AttemptContext implements JobContext {

  private final EngineConfig config;
  private final ProgressReporter progress;
  private final CircuitBreakers breakers;
  private final Attempt attempt;
  private final AttemptLog log;
  private final DurableRuntime durables;

  /** The handler's thread: the context is made on it, just before the handler is called. */
  private final Thread owner = Thread.currentThread();

  private volatile DurableContext durable;
  private volatile boolean ended;

  AttemptContext(
      EngineConfig config,
      ProgressReporter progress,
      CircuitBreakers breakers,
      AttemptLog log,
      DurableRuntime durables,
      Attempt attempt) {
    this.config = config;
    this.progress = progress;
    this.breakers = breakers;
    this.attempt = attempt;
    this.log = log;
    this.durables = durables;
  }

  /** The handler returned (or threw): durable primitives called from now on are a misuse. */
  void end() {
    ended = true;
    DurableContext d = durable;
    if (d != null) {
      d.end();
    }
  }

  /** What the attempt waits for, when a durable call ended it so; else null. */
  Suspension suspension() {
    DurableContext d = durable;
    return d == null ? null : d.suspension();
  }

  /** A replay or misuse error the handler may have swallowed; else null. */
  MediaFlowException durableFailure() {
    DurableContext d = durable;
    return d == null ? null : d.fatal();
  }

  private DurableContext durable() {
    DurableContext d = durable;
    if (d == null) {
      synchronized (this) {
        d = durable;
        if (d == null) {
          d = durables.open(attempt.job, owner);
          if (ended) {
            d.end();
          }
          durable = d;
        }
      }
    }
    return d;
  }

  // ---- durable execution: see DurableContext

  @Override
  public <T> T step(String name, StepType<T> type, Callable<T> body) throws Exception {
    return durable().step(name, type, body);
  }

  @Override
  public void sleep(Duration duration) {
    durable().sleep(duration);
  }

  @Override
  public void sleepUntil(Instant wakeAt) {
    durable().sleepUntil(wakeAt);
  }

  @Override
  public Optional<String> awaitSignal(String name, Duration timeout) {
    return durable().awaitSignal(name, timeout);
  }

  @Override
  public String startChild(JobRequest request) {
    return durable().startChild(request);
  }

  @Override
  public List<Job> awaitChildren() {
    return durable().awaitChildren();
  }

  @Override
  public List<Job> awaitChildren(int count) {
    return durable().awaitChildren(count);
  }

  @Override
  public List<Job> awaitChildrenUntil(Instant deadline) {
    return durable().awaitChildrenUntil(deadline);
  }

  @Override
  public void saveState(String name, Object value) {
    durable().saveState(name, value);
  }

  @Override
  public <T> Optional<T> loadState(String name, Class<T> type) {
    return durable().loadState(name, type);
  }

  private Instant now() {
    return config.clock().instant();
  }

  @Override
  public Job job() {
    return attempt.job;
  }

  @Override
  public void progress(double percent, String step) {
    progress.progress(attempt, percent, step, Optional.empty());
  }

  @Override
  public void progress(double percent, String step, Optional<Duration> eta) {
    progress.progress(attempt, percent, step, eta == null ? Optional.empty() : eta);
  }

  @Override
  public boolean isCancelled() {
    return attempt.stopRequested();
  }

  @Override
  public void log(String level, String message) {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
    log.line(attempt, level, message); // redacted and bounded, after the attempt's start line
  }

  @Override
  public Clock clock() {
    return config.clock();
  }

  @Override
  public Stage stage(String name) {
    Objects.requireNonNull(name, "name");
    Instant start = now();
    long startNanos = System.nanoTime();
    int index =
        attempt.stageStarted(new StageTiming(name, start, Optional.empty(), Optional.empty()));
    JobLogging.MdcScope mdc = JobLogging.step(name);
    progress.store(attempt);
    return new Stage() {
      private String error;
      private boolean closed;

      @Override
      public void failed(String errorCode) {
        error = errorCode;
      }

      @Override
      public void close() {
        if (closed) {
          return;
        }
        closed = true;
        Instant end = now();
        attempt.stageEnded(
            index, new StageTiming(name, start, Optional.of(end), Optional.ofNullable(error)));
        mdc.close();
        config.metrics().stepFinished(name, Duration.ofNanos(System.nanoTime() - startNanos));
        progress.store(attempt);
      }
    };
  }

  /** See {@link Attempt#onAbandon}. */
  @Override
  public void onAbandon(Runnable free) {
    attempt.onAbandon(free);
  }

  @Override
  public <T> T withCircuitBreaker(String key, Callable<T> call) throws Exception {
    Objects.requireNonNull(key, "key");
    return breakers.call(key, call);
  }
}
