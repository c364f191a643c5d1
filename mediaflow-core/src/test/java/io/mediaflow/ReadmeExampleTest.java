package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.JobState;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The engine example of the README, as written there. */
class ReadmeExampleTest {

  @Test
  void embedding_in_ten_lines_works() {
    // --- README: embed the engine ---
    try (MediaFlow flow =
        MediaFlow.builder()
            .workers(4)
            .handler("greet", ctx -> Optional.of("hello " + ctx.job().payload()))
            .build()
            .start()) {
      JobHandle job = flow.submit("greet", "world");
      job.onProgress(System.out::println); // e.g. 40% upload, 12s left
      JobResult result = job.await(Duration.ofSeconds(10));
      // --- end ---
      assertThat(result.state()).isEqualTo(JobState.COMPLETED);
      assertThat(result.result()).contains("hello world");
    }
  }
}
