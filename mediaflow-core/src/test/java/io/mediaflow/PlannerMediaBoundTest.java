package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterCall;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.PadRef;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.spec.JobSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A spec inside every count limit can still ask for unbounded media by joining one input to itself
 * over and over; the planner bounds each result by the media of {@code maxInputs} copies of the
 * inputs.
 */
class PlannerMediaBoundTest {

  /** Joins its inputs end to end, as concat does: its result is as long as all of them. */
  static final class Join implements Operator {
    @Override
    public OperatorDescriptor descriptor() {
      return OperatorDescriptor.builder("join").inputs(2, 1000).build();
    }

    @Override
    public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
      MediaDuration total =
          inputs.stream().map(MediaInfo::duration).reduce(MediaDuration.ZERO, MediaDuration::plus);
      MediaInfo first = inputs.get(0);
      return MediaInfo.of(total, first.video(), first.audio());
    }

    @Override
    public FilterFragment compile(Params params, CompileContext ctx) {
      List<PadRef> in = new ArrayList<>();
      for (int i = 0; i < ctx.inputs().size(); i++) {
        in.add(PadRef.input(i, StreamType.VIDEO));
      }
      return FilterFragment.builder()
          .filter(new FilterCall("concat", List.of(), in, List.of(PadRef.local("v"))))
          .result(StreamType.VIDEO, PadRef.local("v"))
          .build();
    }

    @Override
    public Estimate estimate(Params params, List<MediaInfo> inputs) {
      return Estimate.ZERO;
    }
  }

  private final Planner planner =
      new Planner(OperatorRegistry.of(new TestOperators.Scale(), new Join()));
  private final Map<String, MediaInfo> twoSeconds = Map.of("main", TestOperators.clip(2, 320, 240));

  /** {@code levels} joins, each of {@code copies} copies of the one before. */
  private static JobSpec replays(int levels, int copies) {
    JobSpec.Builder b = JobSpec.builder().input("main", "file:in.mp4");
    String previous = "main";
    for (int i = 0; i < levels; i++) {
      b.operation("join").from(Collections.nCopies(copies, previous)).to("c" + i);
      previous = "c" + i;
    }
    return b.output(previous, "file:out.mp4").build();
  }

  @Test
  void joining_an_input_to_itself_a_few_times_is_planned() {
    // 2 s x 64 = 128 s: under the floor of a minute times 100 inputs
    assertThat(planner.plan(replays(1, 64), twoSeconds).expectedDuration())
        .isEqualTo(MediaDuration.ofSeconds(128));
  }

  @Test
  void nested_joins_that_replay_the_input_exponentially_are_too_large_at_the_first_one_over() {
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class, () -> planner.plan(replays(4, 64), twoSeconds));

    assertThat(e).isNotNull();
    assertThat(e.violations()).hasSize(1);
    Violation v = e.violations().get(0);
    assertThat(v.code()).isEqualTo(ErrorCode.JOB_TOO_LARGE);
    assertThat(v.path()).isEqualTo("operations[1]");
    assertThat(v.message())
        .startsWith("operation 'c1' would produce ")
        .contains("a job may produce (100 times its inputs)");
  }

  @Test
  void the_bound_follows_max_inputs() {
    Planner strict =
        new Planner(
            OperatorRegistry.of(new TestOperators.Scale(), new Join()),
            JobLimits.ofDefaults().withMaxInputs(2));

    // 64 x 2 s = 128 s, more than 2 x the minute floor
    assertThat(
            catchThrowableOfType(
                    ValidationException.class, () -> strict.plan(replays(1, 64), twoSeconds))
                .violations())
        .extracting(Violation::code)
        .containsExactly(ErrorCode.JOB_TOO_LARGE);
    assertThat(strict.plan(replays(1, 60), twoSeconds).expectedDuration())
        .isEqualTo(MediaDuration.ofSeconds(120));
  }

  /** Predicts a result longer than a duration can hold, as a careless plugin's arithmetic would. */
  static final class Overflowing implements Operator {
    @Override
    public OperatorDescriptor descriptor() {
      return OperatorDescriptor.builder("forever").build();
    }

    @Override
    public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
      MediaInfo in = inputs.get(0);
      return MediaInfo.of(MediaDuration.MAX.plus(in.duration()), in.video(), in.audio());
    }

    @Override
    public FilterFragment compile(Params params, CompileContext ctx) {
      throw new AssertionError("never compiled");
    }

    @Override
    public Estimate estimate(Params params, List<MediaInfo> inputs) {
      return Estimate.ZERO;
    }
  }

  @Test
  void a_prediction_that_overflows_is_too_large_not_an_internal_error() {
    Planner planner = new Planner(OperatorRegistry.of(new Overflowing()));
    JobSpec spec =
        JobSpec.builder()
            .input("main", "file:in.mp4")
            .operation("forever")
            .from("main")
            .to("long")
            .output("long", "file:out.mp4")
            .build();

    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> planner.plan(spec, twoSeconds));

    assertThat(e).isNotNull();
    assertThat(e.violations()).hasSize(1);
    assertThat(e.violations().get(0).code()).isEqualTo(ErrorCode.JOB_TOO_LARGE);
    assertThat(e.violations().get(0).path()).isEqualTo("operations[0]");
    assertThat(e.violations().get(0).message()).contains("more media than can be counted");
  }
}
