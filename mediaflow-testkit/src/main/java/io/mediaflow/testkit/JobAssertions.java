package io.mediaflow.testkit;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobState;
import org.assertj.core.api.AbstractObjectAssert;

/**
 * AssertJ assertions on a {@link Job}, with messages that say what the job was.
 *
 * {@snippet :
 * import static io.mediaflow.testkit.JobAssertions.assertThatJob;
 *
 * assertThatJob(storage.jobs().find(id).orElseThrow()).isDead().hasAttempts(3).failedWith("TIMEOUT");
 * }
 */
public final class JobAssertions extends AbstractObjectAssert<JobAssertions, Job> {

  private JobAssertions(Job actual) {
    super(actual, JobAssertions.class);
  }

  /** Starts an assertion on {@code job}. */
  public static JobAssertions assertThatJob(Job job) {
    return new JobAssertions(job);
  }

  /** The job is in {@code state}. */
  public JobAssertions isInState(JobState state) {
    isNotNull();
    if (actual.state() != state) {
      failWithMessage(
          "Expected job %s to be %s but it was %s%s", actual.id(), state, actual.state(), why());
    }
    return this;
  }

  /** The job completed. */
  public JobAssertions isCompleted() {
    return isInState(JobState.COMPLETED);
  }

  /** The job is dead: out of attempts, or its error was not retryable. */
  public JobAssertions isDead() {
    return isInState(JobState.DEAD);
  }

  /** The job has started exactly {@code attempts} attempts. */
  public JobAssertions hasAttempts(int attempts) {
    isNotNull();
    if (actual.attempts() != attempts) {
      failWithMessage(
          "Expected job %s to have %d attempts but it had %d (state %s)",
          actual.id(), attempts, actual.attempts(), actual.state());
    }
    return this;
  }

  /** The job's last error has {@code code}, such as {@code TIMEOUT}. */
  public JobAssertions failedWith(String code) {
    isNotNull();
    if (actual.error().isEmpty()) {
      failWithMessage(
          "Expected job %s to have failed with %s but it has no error (state %s)",
          actual.id(), code, actual.state());
    } else if (!actual.error().get().code().equals(code)) {
      JobError e = actual.error().get();
      failWithMessage(
          "Expected job %s to have failed with %s but it failed with %s: %s",
          actual.id(), code, e.code(), e.message());
    }
    return this;
  }

  private String why() {
    return actual
        .error()
        .map(e -> " (last error " + e.code() + ": " + e.message() + ")")
        .orElse("");
  }
}
