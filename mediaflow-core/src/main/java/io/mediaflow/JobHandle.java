package io.mediaflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobErrorCodes;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.internal.engine.Engine;
import io.mediaflow.internal.engine.MediaJobHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A submitted job: its id, its current status, its progress and its end.
 *
 * {@snippet :
 * JobHandle job = flow.submit(spec);
 * job.onProgress(p -> bar.update(p.percent()));
 * JobResult result = job.await(Duration.ofMinutes(10));
 * }
 */
public final class JobHandle {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How often {@link #await} re-reads the store, for jobs that finish on another node. */
  private static final long POLL_MILLIS = 50;

  /** How often {@link #await} looks whether a cancelled job's handler has stopped here. */
  private static final long STOP_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final String id;
  private final Engine engine;

  JobHandle(String id, Engine engine) {
    this.id = Objects.requireNonNull(id, "id");
    this.engine = engine;
  }

  public String id() {
    return id;
  }

  /** The job as the store has it now. */
  public Job status() {
    return engine
        .config()
        .storage()
        .jobs()
        .find(id)
        .orElseThrow(() -> StorageException.notFound(id));
  }

  /**
   * The job's log lines, oldest first: what its handler wrote with {@code ctx.log} and what the
   * engine recorded about its attempts (secrets already redacted). The store keeps the last lines
   * of each job ({@code InMemoryStorage} 1,000).
   */
  public List<JobLog> logs() {
    return engine.config().storage().jobs().logs(id);
  }

  /**
   * The jobs submitted with this one as their parent ({@code JobRequest.withParent}), newest first,
   * at most {@link JobQuery#MAX_PAGE_SIZE}; page through {@code flow.jobs(JobQuery.all()
   * .withParent(id))} for more.
   */
  public List<Job> children() {
    return engine
        .config()
        .storage()
        .jobs()
        .query(JobQuery.all().withParent(id).withPage(0, JobQuery.MAX_PAGE_SIZE))
        .items();
  }

  /**
   * Calls {@code listener} with the progress of the job's attempts that run on this node (at most a
   * few times a second, and whenever the step changes), on the worker's thread: keep it quick.
   */
  public JobHandle onProgress(Consumer<JobProgress> listener) {
    engine.onProgress(id, Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Waits until the job is completed, dead or cancelled, and, when it ran on this node, until its
   * handler here has stopped: after a {@link #cancel}, {@code await} returns once the running
   * FFmpeg process is gone and the job's temp files are deleted, not merely once the cancel is
   * recorded. (A handler that ignores the cancel is waited for until {@code timeout}; then the
   * result is returned all the same, the job's state being final.)
   *
   * @throws MediaFlowException {@link JobErrorCodes#AWAIT_TIMEOUT} when it has not finished within
   *     {@code timeout} (the job itself goes on)
   */
  public JobResult await(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    Job before = status();
    if (finished(before.state())) {
      awaitHandlerStopped(deadline); // a cancel is recorded at once; its handler stops after
      return resultOf(before); // no waiter registered: nothing left behind
    }
    CompletableFuture<Job> done = engine.whenFinished(id);
    try {
      return awaitFinished(done, deadline, timeout);
    } finally {
      engine.stopWaiting(id, done);
    }
  }

  /** A finished job's handler may still be stopping on this node (a cancel): wait for it. */
  private void awaitHandlerStopped(long deadline) {
    while (engine.runsHere(id) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(STOP_POLL_NANOS);
    }
  }

  private JobResult awaitFinished(CompletableFuture<Job> done, long deadline, Duration timeout) {
    if (engine.config().callingThread()) {
      engine.runDueJobs();
    }
    while (true) {
      Job job = status();
      if (finished(job.state())) {
        awaitHandlerStopped(deadline);
        return resultOf(job);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new MediaFlowException(
            JobErrorCodes.AWAIT_TIMEOUT,
            "job " + id + " did not finish within " + timeout + "; it is " + job.state(),
            "wait longer, or check the job's status and logs",
            false,
            null);
      }
      try {
        done.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // poll the store again: the job may finish on another node
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MediaFlowException(
            JobErrorCodes.AWAIT_TIMEOUT, "interrupted while waiting for job " + id, "", false, e);
      }
    }
  }

  /** Cancels the job; false when it had already finished. */
  public boolean cancel() {
    return engine.cancel(id);
  }

  static boolean finished(JobState s) {
    return s == JobState.COMPLETED || s == JobState.DEAD || s == JobState.CANCELLED;
  }

  static JobResult resultOf(Job job) {
    List<Path> outputs = new ArrayList<>();
    if (MediaJobHandler.TYPE.equals(job.type()) && job.result().isPresent()) {
      try {
        JsonNode node = JSON.readTree(job.result().get()).path("outputs");
        node.forEach(n -> outputs.add(Path.of(n.asText())));
      } catch (Exception e) {
        // a result that is not ours (written by a replaced handler) lists no outputs
      }
    }
    return new JobResult(job.id(), job.state(), job.result(), job.error(), outputs, job.attempts());
  }

  @Override
  public String toString() {
    return "JobHandle[" + id + "]";
  }
}
