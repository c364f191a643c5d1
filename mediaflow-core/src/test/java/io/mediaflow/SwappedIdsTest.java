package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.spec.JobSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An operation whose input and output are turned round is reported as one swap. */
class SwappedIdsTest {

  private final Planner planner = new Planner(TestOperators.registry());

  private static JobSpec.Builder main() {
    return JobSpec.builder().input("main", "file:in.mp4");
  }

  @Test
  void says_input_and_output_look_swapped_instead_of_four_unrelated_problems() {
    JobSpec swapped =
        main()
            .operation("scale")
            .from("small") // meant: from("main").to("small")
            .to("main")
            .param("width", 640)
            .output("small", "file:o.mp4")
            .build();

    List<Violation> vs = planner.validate(swapped);

    assertThat(vs).hasSize(1);
    Violation v = vs.get(0);
    assertThat(v.code()).isEqualTo(ErrorCode.SWAPPED_IDS);
    assertThat(v.path()).isEqualTo("operations[0]");
    assertThat(v.message())
        .isEqualTo(
            "input and output look swapped: operation 'scale' reads 'small' and writes 'main',"
                + " but 'main' is already the id of inputs[0] and 'small' is neither an input nor"
                + " an operation result");
    assertThat(v.suggestion())
        .isEqualTo(
            "turn them round: \"input\": \"main\", \"output\": \"small\" (in Java"
                + " .operation(\"scale\").from(\"main\").to(\"small\"))");
  }

  @Test
  void keeps_the_other_problems_of_the_spec_beside_the_swap() {
    JobSpec spec =
        main()
            .operation("scale")
            .from("small")
            .to("main")
            .param("width", 640)
            .operation("sclae")
            .from("small")
            .to("big")
            .output("big", "file:o.mp4")
            .build();

    assertThat(planner.validate(spec))
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            tuple("operations[0]", ErrorCode.SWAPPED_IDS),
            tuple("operations[1].op", ErrorCode.UNKNOWN_OPERATOR));
  }

  @Test
  void finds_a_chain_written_backwards() {
    JobSpec spec =
        main()
            .operation("trim")
            .from("cut")
            .to("main")
            .param("duration", 5)
            .operation("scale")
            .from("small")
            .to("cut")
            .param("width", 640)
            .output("small", "file:o.mp4")
            .build();

    List<Violation> vs = planner.validate(spec);

    assertThat(vs)
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            tuple("operations[0]", ErrorCode.SWAPPED_IDS),
            tuple("operations[1]", ErrorCode.SWAPPED_IDS));
    assertThat(vs.get(1).message())
        .isEqualTo(
            "input and output look swapped: operation 'scale' reads 'small' and writes 'cut', but"
                + " 'small' is neither an input nor an operation result");
  }

  @Test
  void a_result_id_used_twice_is_a_duplicate_not_a_swap() {
    JobSpec spec =
        main()
            .operation("scale")
            .from("main")
            .to("small")
            .param("width", 640)
            .operation("trim")
            .from("main")
            .to("small")
            .param("duration", 5)
            .output("small", "file:o.mp4")
            .build();

    Violation v = planner.validate(spec).get(0);

    assertThat(planner.validate(spec)).hasSize(1);
    assertThat(v.code()).isEqualTo(ErrorCode.DUPLICATE_ID);
    assertThat(v.path()).isEqualTo("operations[1].output");
    assertThat(v.message()).isEqualTo("id 'small' is already used at operations[0].output");
  }
}
