package io.mediaflow.internal.engine;

import io.mediaflow.Redactor;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobContext;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.StageTiming;
import io.mediaflow.internal.observe.JobLogging;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/** The {@link io.mediaflow.api.job.JobContext} of one attempt. */
final class AttemptContext implements JobContext {

  private final Engine engine;
  private final Attempt attempt;

  AttemptContext(Engine engine, Attempt attempt) {
    this.engine = engine;
    this.attempt = attempt;
  }

  @Override
  public Job job() {
    return attempt.job;
  }

  @Override
  public void progress(double percent, String step) {
    engine.progress(attempt, percent, step, Optional.empty());
  }

  @Override
  public void progress(double percent, String step, Optional<Duration> eta) {
    engine.progress(attempt, percent, step, eta == null ? Optional.empty() : eta);
  }

  @Override
  public boolean isCancelled() {
    return attempt.stopRequested();
  }

  @Override
  public void log(String level, String message) {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
    engine
        .storage()
        .jobs()
        .appendLog(attempt.id(), new JobLog(engine.clockNow(), level, Redactor.redact(message)));
  }

  @Override
  public Clock clock() {
    return engine.config().clock();
  }

  @Override
  public Stage stage(String name) {
    Objects.requireNonNull(name, "name");
    Instant start = engine.clockNow();
    long startNanos = System.nanoTime();
    int index =
        attempt.stageStarted(new StageTiming(name, start, Optional.empty(), Optional.empty()));
    JobLogging.MdcScope mdc = JobLogging.step(name);
    engine.storeProgress(attempt);
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
        Instant end = engine.clockNow();
        attempt.stageEnded(
            index, new StageTiming(name, start, Optional.of(end), Optional.ofNullable(error)));
        mdc.close();
        engine.stepFinished(name, Duration.ofNanos(System.nanoTime() - startNanos));
        engine.storeProgress(attempt);
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
    return engine.circuitBreakers().call(key, call);
  }
}
