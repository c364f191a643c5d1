package io.mediaflow.api.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What a running attempt may use: its job, progress reporting, the cancel flag, a job log, the
 * engine's clock, stage timing and circuit breakers, and the durable primitives. Handed to a {@link
 * JobHandler}; valid only while that attempt runs, on the handler's thread.
 *
 * <h2>Durable execution</h2>
 *
 * A handler may be written as plain Java that spans many steps, hours or days, and survives a crash
 * anywhere without doing a finished step twice:
 *
 * {@snippet :
 * flow = MediaFlow.builder()
 *     .handler("publish", ctx -> {
 *       String file = ctx.step("download", String.class, () -> download(url));
 *       String out = ctx.step("transcode", String.class, () -> transcode(file));
 *       Optional<String> ok = ctx.awaitSignal("approval", Duration.ofDays(3));
 *       if (ok.isEmpty()) {
 *         return Optional.of("{\"published\":false}");
 *       }
 *       ctx.step("publish", Void.class, () -> { publish(out); return null; });
 *       return Optional.of("{\"published\":true}");
 *     })
 *     .build();
 * }
 *
 * <ul>
 *   <li><b>Replay.</b> Whenever the job runs again (after a crash, a lost lease, a retry, or to go
 *       on after a sleep, a signal or its children) the engine calls the handler again from the
 *       top. Each {@link #step} that finished before answers from its checkpoint without running
 *       its body. The code between steps must therefore be deterministic: a re-run that asks for
 *       steps in another order, or with other names, than the recorded history fails with {@link
 *       JobErrorCodes#NON_DETERMINISTIC_REPLAY}. Read time from {@link #clock()} inside a step, not
 *       between steps.
 *   <li><b>Exactly once across steps, at least once inside one.</b> A step whose result was
 *       checkpointed never runs again; a step whose process died (or whose body threw) before its
 *       checkpoint runs again, so a body's side effects should be idempotent.
 *   <li><b>Waiting holds nothing.</b> {@link #sleep}, {@link #awaitSignal} and {@link
 *       #awaitChildren} end the attempt when they must wait: the job becomes {@link
 *       JobState#SCHEDULED} with a {@link WaitReason}, its worker and lease are freed, and it runs
 *       again, on any node, when it is woken. They end the attempt by throwing an {@link Error}
 *       that the engine records as a yield: never catch {@code Throwable} or {@code Error} around
 *       them (a {@code catch (Exception e)} is fine), and do not call them inside a step's body or
 *       from another thread ({@link JobErrorCodes#DURABLE_MISUSE}).
 * </ul>
 *
 * <p>Contexts outside an engine (a unit test's own) may not support the durable primitives: their
 * defaults throw {@link UnsupportedOperationException}.
 */
public interface JobContext {

  /** The job as it was claimed (state PROCESSING, attempts already counted). */
  Job job();

  /**
   * Reports how far the attempt has come; cheap to call often (the engine throttles what it stores
   * and publishes).
   *
   * @param percent 0 to 100
   * @param step the current step, such as {@code download}
   */
  void progress(double percent, String step);

  /**
   * Reports progress with an estimate of the time left, as a media job's FFmpeg run can tell it; it
   * appears in {@link JobProgress#eta()}. Contexts that keep no estimate report the rest.
   *
   * @param percent 0 to 100
   * @param step the current step, such as {@code execute}
   * @param eta time left for the whole attempt, when known
   */
  default void progress(double percent, String step, Optional<Duration> eta) {
    progress(percent, step);
  }

  /**
   * True once the attempt must stop: the job was cancelled, timed out, its lease was lost, or the
   * engine is shutting down. Whatever the handler returns after that is dropped.
   */
  boolean isCancelled();

  /**
   * Appends a line to the job's log ({@code INFO}, {@code WARN}, {@code ERROR}, …), after a line
   * saying which attempt this is. Secrets are masked and a very long line is cut; a line the store
   * cannot take is dropped rather than failing the attempt.
   */
  void log(String level, String message);

  /** The engine's clock: use it instead of {@code Instant.now()}. */
  Clock clock();

  /**
   * Times a stage of the attempt; its start, end and error code appear in {@link Job#stages()}.
   *
   * {@snippet :
   * try (JobContext.Stage s = ctx.stage("upload")) {
   *   upload();
   * }
   * }
   */
  Stage stage(String name);

  /**
   * Runs {@code call} under the circuit breaker named {@code key} (an operator, an action or a
   * remote host). When the breaker is open the call is not made and the attempt fails at once with
   * {@link JobErrorCodes#CIRCUIT_OPEN}, which is retried later.
   */
  <T> T withCircuitBreaker(String key, Callable<T> call) throws Exception;

  /**
   * Registers what to give back if the engine gives up on this handler: a handler that ignores its
   * timeout and its cancel for longer than the timeout grace keeps its thread, but the engine
   * records the attempt as timed out and runs {@code release} then, so that what the handler holds
   * for others (a share of the CPU budget, a slot) is not lost with it. {@code release} must be
   * idempotent and quick; the handler should also run it itself when it ends. The default, for
   * contexts outside an engine, does nothing.
   *
   * {@snippet :
   * Runnable free = slots.acquire();
   * ctx.onAbandon(free);
   * try { work(); } finally { free.run(); }
   * }
   */
  default void onAbandon(Runnable release) {}

  // ---- durable execution ----

  /**
   * Runs {@code body} once and checkpoints its result, as JSON, before returning it; a re-run of
   * the job answers this step from the checkpoint without running {@code body}. {@code null} is a
   * result like any other ({@code Void.class} for steps that return nothing).
   *
   * @param name what the step does, as the history and the replay check show it
   * @param type the result's class; records, collections of them and plain values work
   * @param body the work; it may throw, and then nothing is recorded and the exception goes on
   * @throws io.mediaflow.api.MediaFlowException {@link JobErrorCodes#STEP_RESULT_TOO_LARGE} when
   *     the result is larger than the engine keeps, {@link JobErrorCodes#STEP_RESULT_UNREADABLE}
   *     when it cannot be written as JSON or a checkpoint cannot be read back as {@code type},
   *     {@link JobErrorCodes#NON_DETERMINISTIC_REPLAY} when the history has another step here
   * @throws Exception whatever {@code body} throws
   */
  default <T> T step(String name, Class<T> type, Callable<T> body) throws Exception {
    return step(name, StepType.of(type), body);
  }

  /**
   * {@link #step(String, Class, Callable)} for a generic result type: {@code new
   * StepType<List<String>>() {}}.
   */
  default <T> T step(String name, StepType<T> type, Callable<T> body) throws Exception {
    throw new UnsupportedOperationException("this context keeps no checkpoints");
  }

  /**
   * Sleeps durably for {@code duration}: the first time, the wake-up instant is recorded; until it
   * has passed the attempt ends and the job waits ({@link WaitReason#SLEEP}) holding no thread and
   * no lease, then runs again on any node. Once it has passed, the call returns at once.
   */
  default void sleep(Duration duration) {
    throw new UnsupportedOperationException("this context keeps no checkpoints");
  }

  /** {@link #sleep(Duration)} until an instant of the engine's {@link #clock()}. */
  default void sleepUntil(Instant wakeAt) {
    throw new UnsupportedOperationException("this context keeps no checkpoints");
  }

  /**
   * Waits durably for the signal {@code name} sent to this job with {@code MediaFlow.signal(jobId,
   * name, payload)}. A signal sent before the wait is kept until a wait takes it; each signal is
   * taken once, oldest first. Until one arrives the job waits ({@link WaitReason#SIGNAL}) holding
   * no thread; the signal wakes it at once.
   *
   * @param timeout how long to wait from the first time this wait was reached
   * @return the signal's payload, or empty when the timeout passed first (an ordinary outcome)
   */
  default Optional<String> awaitSignal(String name, Duration timeout) {
    throw new UnsupportedOperationException("this context keeps no checkpoints");
  }

  /**
   * Starts a child job, recorded as a step: a re-run never starts it twice. The child's {@link
   * Job#parentId()} is this job; cancelling this job cancels its unfinished children.
   *
   * @return the child's id
   */
  default String startChild(JobRequest request) {
    throw new UnsupportedOperationException("this context keeps no checkpoints");
  }

  /** Waits until every child started so far has finished; {@link #awaitChildren(int)}. */
  default List<Job> awaitChildren() {
    throw new UnsupportedOperationException("this context keeps no checkpoints");
  }

  /**
   * Waits durably until at least {@code count} of this job's children have finished (completed,
   * dead or cancelled): 1 for "any", the number started for "all". Until then the job waits ({@link
   * WaitReason#CHILDREN}) holding no thread; the store wakes it in the same transaction as the
   * child's last change. Recorded like a step, so a replay sees the same children.
   *
   * @return the finished children, in the order they were started, each with its result or error
   */
  default List<Job> awaitChildren(int count) {
    throw new UnsupportedOperationException("this context keeps no checkpoints");
  }

  /**
   * {@link #awaitChildren()} with a deadline: waits durably until every child started so far has
   * finished or the engine's {@link #clock()} reaches {@code deadline}, whichever comes first (the
   * job waits holding no thread, woken by its last child or at the deadline). Recorded like a step,
   * so a replay sees the same children. The deadline must be the same on every replay: compute it
   * once and keep it (in a step or a saved state), not from the clock between steps.
   *
   * @return the finished children, in the order they were started, each with its result or error;
   *     fewer than were started when the deadline came first
   */
  default List<Job> awaitChildrenUntil(Instant deadline) {
    throw new UnsupportedOperationException("this context keeps no checkpoints");
  }

  /**
   * Keeps a named, overwritable value, as JSON, at this point of the history. A re-run that reads
   * it back with {@link #loadState} goes on from here: it does not ask again for the steps before
   * it, and the replay check covers only the steps it asks for after this point.
   */
  default void saveState(String name, Object value) {
    throw new UnsupportedOperationException("this context keeps no checkpoints");
  }

  /**
   * The value last saved under {@code name} by this job, if any; the history is answered from the
   * point where it was saved on.
   */
  default <T> Optional<T> loadState(String name, Class<T> type) {
    throw new UnsupportedOperationException("this context keeps no checkpoints");
  }

  /** A running stage; closing it records its end. */
  interface Stage extends AutoCloseable {

    /** Marks the stage failed with an error code; it is still ended by {@link #close()}. */
    void failed(String errorCode);

    @Override
    void close();
  }
}
