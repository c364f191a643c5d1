package io.mediaflow.testkit;

import static io.mediaflow.testkit.JobAssertions.assertThatJob;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobAssertionsTest {

  private static Job job(JobState state, int attempts, JobError error) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return new Job(
        "j1",
        "media",
        "{}",
        0,
        state,
        attempts,
        3,
        t,
        t,
        t,
        Optional.empty(),
        null,
        List.of(),
        Optional.ofNullable(error),
        Optional.empty(),
        Optional.empty(),
        "",
        "",
        "",
        "",
        Optional.empty(),
        1);
  }

  @Test
  void passes_on_a_matching_job() {
    assertThatJob(job(JobState.COMPLETED, 1, null)).isCompleted().hasAttempts(1);
    assertThatJob(job(JobState.DEAD, 3, new JobError("TIMEOUT", "too slow", true, "")))
        .isDead()
        .isInState(JobState.DEAD)
        .failedWith("TIMEOUT");
  }

  @Test
  void fails_with_a_message_that_says_what_the_job_was() {
    Job dead = job(JobState.DEAD, 3, new JobError("TIMEOUT", "too slow", true, ""));
    assertThatThrownBy(() -> assertThatJob(dead).isCompleted())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "Expected job j1 to be COMPLETED but it was DEAD (last error TIMEOUT: too slow)");
    assertThatThrownBy(() -> assertThatJob(dead).hasAttempts(1))
        .hasMessageContaining("to have 1 attempts but it had 3");
    assertThatThrownBy(() -> assertThatJob(dead).failedWith("NETWORK"))
        .hasMessageContaining("to have failed with NETWORK but it failed with TIMEOUT: too slow");
    assertThatThrownBy(() -> assertThatJob(job(JobState.COMPLETED, 1, null)).failedWith("X"))
        .hasMessageContaining("but it has no error");
  }
}
