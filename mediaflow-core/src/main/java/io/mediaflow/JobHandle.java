package io.mediaflow;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobErrorCodes;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.internal.engine.Engine;
import io.mediaflow.internal.engine.MediaJobHandler;
import io.mediaflow.internal.media.MediaJobResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

  /**
   * How often {@link #await} re-reads the store, for jobs that finish on another node; a job that
   * finishes on this node wakes it at once.
   */
  static final Duration POLL_INTERVAL = Duration.ofMillis(50);

  /** How often {@link #await} looks whether a cancelled job's handler has stopped here. */
  private static final long STOP_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final String id;
  private final Engine engine;
  private final long pollNanos;

  JobHandle(String id, Engine engine, Duration pollInterval) {
    this.id = Objects.requireNonNull(id, "id");
    this.engine = engine;
    this.pollNanos = pollInterval.toNanos();
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
   * Why the job waits, while it is {@link JobState#SCHEDULED}: a durable sleep, a signal, its
   * children, or the backoff before a retry; empty when it does not wait (or was submitted to run
   * later). Read from the store now, as {@link #status()} is.
   */
  public Optional<WaitReason> waitReason() {
    return status().waitReason();
  }

  /**
   * The job's log lines, oldest first, as the store keeps them (also after a restart, on a durable
   * store): what its handler wrote with {@code ctx.log} and what the engine recorded about its
   * attempts — each attempt's start (its number and node), the error with its code, message,
   * suggestion and, for a media job, FFmpeg's last lines on stderr, the retry scheduled (when, and
   * as which attempt) or the burial, a cancel, a timeout, a lost lease. A media job also lists its
   * stages with their timings, each FFmpeg command, the commit and the files written. Secrets (URL
   * credentials, tokens, passwords) are masked and long lines cut. A first attempt that succeeds
   * without writing a line itself adds nothing, so quick host jobs stay cheap. The store keeps the
   * last lines of each job (1,000 in {@code InMemoryStorage} and {@code JdbcStorage}).
   *
   * {@snippet :
   * job.logs().forEach(l -> System.out.println(l.time() + " " + l.level() + " " + l.message()));
   * }
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
    // registered before the first look, so a job that finishes in between still wakes this call
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
    if (engine.config().callingThread() && !finished(status().state())) {
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
        done.get(Math.min(left, pollNanos), TimeUnit.NANOSECONDS);
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

  /**
   * @throws MediaFlowException {@code INTERNAL} when a completed media job's result is not a list
   *     of outputs (only mediaflow's own handler runs that type)
   */
  static JobResult resultOf(Job job) {
    List<Path> outputs =
        MediaJobHandler.TYPE.equals(job.type()) && job.result().isPresent()
            ? MediaJobResult.parse(job.result().get()).paths()
            : List.of();
    return new JobResult(job.id(), job.state(), job.result(), job.error(), outputs, job.attempts());
  }

  @Override
  public String toString() {
    return "JobHandle[" + id + "]";
  }
}
