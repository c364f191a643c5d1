package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.store.JobQuery;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A spec larger than the limits is refused before anything else about it is examined. */
class JobLimitsTest {

  /** {@code n} scales chained on one input, the last written out. */
  private static JobSpec chain(int n) {
    JobSpec.Builder b = JobSpec.builder().input("main", "file:in.mp4");
    String previous = "main";
    for (int i = 0; i < n; i++) {
      b.operation("scale").from(previous).to("s" + i).param("width", 640);
      previous = "s" + i;
    }
    return b.output(previous, "file:out.mp4").build();
  }

  @Test
  void the_defaults_are_a_few_hundred_operations_and_a_few_dozen_outputs() {
    JobLimits limits = JobLimits.ofDefaults();

    assertThat(limits.maxOperations()).isEqualTo(JobLimits.DEFAULT_MAX_OPERATIONS).isEqualTo(500);
    assertThat(limits.maxOutputs()).isEqualTo(JobLimits.DEFAULT_MAX_OUTPUTS).isEqualTo(50);
    assertThat(limits.maxInputs()).isEqualTo(JobLimits.DEFAULT_MAX_INPUTS).isEqualTo(100);
    assertThat(new Planner(TestOperators.registry()).limits()).isEqualTo(limits);
  }

  @Test
  void refuses_more_operations_than_the_limit_alone_with_job_too_large() {
    Planner planner = new Planner(TestOperators.registry());
    // an unknown operator too: a spec over the limit is not examined any further
    JobSpec spec =
        JobSpec.builder()
            .input("main", "file:in.mp4")
            .operation("sharpen")
            .from("main")
            .to("x")
            .build();
    JobSpec tooLong = chain(JobLimits.DEFAULT_MAX_OPERATIONS + 1);

    assertThat(planner.validate(chain(JobLimits.DEFAULT_MAX_OPERATIONS))).isEmpty();
    List<Violation> violations = planner.validate(tooLong);

    assertThat(violations)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(ErrorCode.JOB_TOO_LARGE);
              assertThat(v.path()).isEqualTo("operations");
              assertThat(v.message())
                  .isEqualTo("the job has 501 operations; at most 500 are allowed");
              assertThat(v.suggestion())
                  .contains("--max-operations")
                  .contains("MediaFlow.Builder.jobLimits");
            });
    assertThat(planner.validate(spec))
        .extracting(Violation::code)
        .doesNotContain(ErrorCode.JOB_TOO_LARGE);
  }

  @Test
  void refuses_more_inputs_or_outputs_than_their_limits() {
    Planner planner = new Planner(TestOperators.registry(), new JobLimits(1, 10, 2));
    JobSpec spec =
        JobSpec.builder()
            .input("a", "file:a.mp4")
            .input("b", "file:b.mp4")
            .output("a", "file:1.mp4")
            .output("a", "file:2.mp4")
            .output("b", "file:3.mp4")
            .build();

    assertThat(planner.validate(spec))
        .extracting(Violation::code, Violation::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ErrorCode.JOB_TOO_LARGE, "inputs"),
            org.assertj.core.groups.Tuple.tuple(ErrorCode.JOB_TOO_LARGE, "outputs"));
  }

  @Test
  void a_planner_with_raised_limits_takes_a_larger_job() {
    Planner planner =
        new Planner(TestOperators.registry(), JobLimits.ofDefaults().withMaxOperations(5_000));

    assertThat(planner.validate(chain(5_000))).isEmpty();
    assertThat(planner.validate(chain(5_001)))
        .extracting(Violation::code)
        .containsExactly(ErrorCode.JOB_TOO_LARGE);
  }

  @Test
  void limits_are_checked_when_made() {
    assertThatThrownBy(() -> JobLimits.ofDefaults().withMaxOperations(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxOperations must be between 1 and 1000000 but was 0");
    assertThatThrownBy(() -> new JobLimits(1, 1, JobLimits.CEILING + 1))
        .hasMessage("maxOutputs must be between 1 and 1000000 but was 1000001");
    assertThatThrownBy(() -> JobLimits.ofDefaults().withMaxInputs(-5))
        .hasMessage("maxInputs must be between 1 and 1000000 but was -5");
  }

  @Test
  void an_engine_refuses_a_spec_over_its_limits_at_submit_and_queues_nothing() {
    try (MediaFlow flow =
        MediaFlow.builder()
            .operators(TestOperators.registry())
            .runOnCallingThread()
            .jobLimits(JobLimits.ofDefaults().withMaxOperations(2))
            .build()) {

      assertThatThrownBy(() -> flow.submit(chain(3)))
          .isInstanceOfSatisfying(
              ValidationException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.JOB_TOO_LARGE))
          .hasMessageContaining("the job has 3 operations; at most 2 are allowed");
      assertThat(flow.jobs(JobQuery.all()).items()).isEmpty();
      assertThat(flow.submit(chain(2)).id()).isNotBlank();
    }
  }

  @Test
  void the_engine_option_is_set_once() {
    assertThatThrownBy(
            () ->
                MediaFlow.builder()
                    .jobLimits(JobLimits.ofDefaults())
                    .jobLimits(JobLimits.ofDefaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("jobLimits is already set; set it once");
  }
}
