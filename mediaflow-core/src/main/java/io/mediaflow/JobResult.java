package io.mediaflow;

import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobState;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a job ended, as {@link JobHandle#await} returns it.
 *
 * @param jobId the job
 * @param state {@code COMPLETED}, {@code DEAD} or {@code CANCELLED}
 * @param result what a completed job produced (for a media job, JSON listing its outputs)
 * @param error why the last attempt failed, for a dead job
 * @param outputs the files a media job wrote, in the order of the spec's outputs; empty otherwise
 * @param attempts attempts made
 */
public record JobResult(
    String jobId,
    JobState state,
    Optional<String> result,
    Optional<JobError> error,
    List<Path> outputs,
    int attempts) {

  public JobResult {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(state, "state");
    result = result == null ? Optional.empty() : result;
    error = error == null ? Optional.empty() : error;
    outputs = List.copyOf(outputs);
  }

  /** Whether the job completed. */
  public boolean succeeded() {
    return state == JobState.COMPLETED;
  }
}
