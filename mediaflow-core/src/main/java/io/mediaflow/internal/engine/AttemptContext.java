package io.mediaflow.internal.engine;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobContext;
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

  private final EngineConfig config;
  private final ProgressReporter progress;
  private final CircuitBreakers breakers;
  private final Attempt attempt;
  private final AttemptLog log;

  AttemptContext(
      EngineConfig config,
      ProgressReporter progress,
      CircuitBreakers breakers,
      AttemptLog log,
      Attempt attempt) {
    this.config = config;
    this.progress = progress;
    this.breakers = breakers;
    this.attempt = attempt;
    this.log = log;
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
