package io.mediaflow.internal.action.media;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.internal.media.MediaJobResult;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a media action's job through {@link ActionContext#runMedia}: a child job of the run, planned
 * and run by the engine (so it fuses, reports progress and is cancelled like any media job), or in
 * a test run planned only. Turns its end into the files written or a media action error.
 */
final class MediaJobs {

  private MediaJobs() {}

  /**
   * Runs {@code spec} and waits for it (holding no thread).
   *
   * @return the files written, in the order of the spec's outputs; empty in a test run
   * @throws MediaFlowException {@code MEDIA_SPEC_INVALID} when the job is refused before it starts,
   *     {@code MEDIA_JOB_FAILED} or {@code MEDIA_JOB_CANCELLED} when it ends otherwise than
   *     completed
   */
  static List<Path> run(ActionContext ctx, String action, JobSpec spec) {
    Job job;
    try {
      job = ctx.runMedia(spec);
    } catch (ValidationException e) {
      throw new MediaFlowException(
          MediaActionErrors.SPEC_INVALID,
          action + ": the media job was refused: " + e.getMessage(),
          e.suggestion(),
          false,
          e);
    }
    if (ctx.dryRun()) {
      return List.of();
    }
    if (job.state() == JobState.COMPLETED) {
      return MediaJobResult.parse(job.result().orElse("")).paths();
    }
    if (job.state() == JobState.CANCELLED) {
      throw MediaActionErrors.at(
          action,
          MediaActionErrors.JOB_CANCELLED,
          "media job " + job.id() + " was cancelled",
          "run the workflow again, or retry the node");
    }
    JobError error = job.error().orElse(new JobError("UNKNOWN", "no error was recorded", true, ""));
    throw new MediaFlowException(
        MediaActionErrors.JOB_FAILED,
        action
            + ": media job "
            + job.id()
            + " ended "
            + job.state()
            + " with "
            + error.code()
            + ": "
            + error.message(),
        error.suggestion().isEmpty() ? "see the media job's log" : error.suggestion(),
        error.retryable(),
        null);
  }

  /** {@code file:} and the path, as a spec names a local file. */
  static String file(Path path) {
    return "file:" + path;
  }
}
