package io.mediaflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.JobProgress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobProgressTest {

  @Test
  void prints_percent_step_and_time_left_as_a_person_reads_them() {
    assertThat(new JobProgress(40.7, "inv0", Optional.of(Duration.ofMillis(11_200))))
        .hasToString("40% inv0, 12s left");
    assertThat(new JobProgress(5, "probe", Optional.empty())).hasToString("5% probe");
    assertThat(JobProgress.NONE).hasToString("0%");
  }
}
