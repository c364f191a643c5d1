package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job larger than the limits is refused before FFmpeg sees it (5,000 chained scales once kept it
 * busy for minutes); the options raise the limits for a job that is meant to be large.
 */
class JobLimitsIT {

  @TempDir Path dir;

  @Test
  void a_job_over_the_operation_limit_is_refused_until_the_limit_is_raised() {
    Workdir.clip(dir, "in.mp4");
    Path spec = Workdir.spec(dir, "chain.json", InvalidSpecIT.chainOfScales(5_000));

    Cli.Result refused = Cli.run(dir, "run", spec.toString()).expectExit(2);
    assertThat(refused.errorLines())
        .containsExactly(
            "error: JOB_TOO_LARGE operations: the job has 5000 operations; at most 500 are allowed"
                + " (split the job, or raise the limit (--max-operations on the command line,"
                + " MediaFlow.Builder.jobLimits in Java))");
    assertThat(dir.resolve("out")).doesNotExist();

    Cli.Result planned =
        Cli.run(dir, "plan", "--max-operations", "5000", spec.toString()).expectOk();
    assertThat(planned.json().get("invocations")).hasSize(1);
  }

  /**
   * Four operations well inside every limit, each a concat of 64 copies of the one before: the
   * output plays the 2-second clip 64^4 times (over a year), and since FFmpeg splits each copy and
   * the concat reads them one after the other, the split keeps every frame not yet read in memory
   * (three such concats grew FFmpeg by about 230 MB a second until it was stopped).
   */
  @Test
  void a_job_that_replays_its_input_exponentially_through_concat_is_refused() {
    Workdir.clip(dir, "in.mp4");
    StringBuilder ops = new StringBuilder();
    String previous = "main";
    for (int i = 0; i < 4; i++) {
      String copies = String.join(",", Collections.nCopies(64, "\"" + previous + "\""));
      ops.append(i == 0 ? "" : ",")
          .append("{\"op\":\"concat\",\"input\":[")
          .append(copies)
          .append("],\"output\":\"c")
          .append(i)
          .append("\"}");
      previous = "c" + i;
    }
    Path spec =
        Workdir.spec(
            dir,
            "replay.json",
            "{\"version\":1,\"inputs\":[{\"id\":\"main\",\"source\":\"file:in.mp4\"}],"
                + "\"operations\":["
                + ops
                + "],\"outputs\":[{\"id\":\""
                + previous
                + "\",\"destination\":\"file:out.mp4\"}]}");

    Cli.Result refused = Cli.run(dir, "plan", spec.toString()).expectExit(2);

    assertThat(refused.errorLines())
        .singleElement()
        .asString()
        .startsWith("error: JOB_TOO_LARGE operations[1]: operation 'c1' would produce ");
  }

  @Test
  void outputs_and_inputs_have_limits_of_their_own() {
    Path spec = Workdir.spec(dir, "job.json", Workdir.fanOutSpec("out"));

    Cli.Result result =
        Cli.run(dir, "plan", "--max-outputs", "2", "--max-inputs", "1", spec.toString())
            .expectExit(2);

    assertThat(result.errorLines().get(0))
        .isEqualTo(
            "error: JOB_TOO_LARGE outputs: the job has 3 outputs; at most 2 are allowed"
                + " (split the job, or raise the limit (--max-outputs on the command line,"
                + " MediaFlow.Builder.jobLimits in Java))");
  }

  @Test
  void a_limit_below_one_is_a_usage_error() {
    Path spec = Workdir.spec(dir, "job.json", Workdir.fanOutSpec("out"));

    Cli.Result result =
        Cli.run(dir, "plan", "--max-operations", "0", spec.toString()).expectExit(2);

    assertThat(result.errorLines().get(0))
        .isEqualTo("error: USAGE: --max-operations must be between 1 and 1000000 but was 0");
  }
}
