package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.spec.JobSpec;
import org.junit.jupiter.api.Test;

/**
 * {@link Planner#parse} reports the problems of a JSON spec's shape and of its meaning in one
 * round, wherever the shape leaves the rest readable.
 */
class ShapeAndMeaningTest {

  private final Planner planner = new Planner(TestOperators.registry());

  private ValidationException refused(String json) {
    return catchThrowableOfType(ValidationException.class, () -> planner.parse(json));
  }

  @Test
  void reports_an_unknown_field_and_an_unknown_operator_together() {
    ValidationException e =
        refused(
            """
            {"inputs": [{"id": "main", "source": "file:in.mp4"}],
             "operations": [{"op": "scael", "input": "main", "output": "small", "colour": 1}],
             "outputs": [{"id": "small", "destination": "file:o.mp4"}]}
            """);

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC);
    assertThat(e.violations())
        .extracting(Violation::path, Violation::code, Violation::message)
        .containsExactly(
            tuple(
                "operations[0].colour",
                ErrorCode.UNKNOWN_FIELD,
                "unknown field \"colour\" in an operation; expected one of: op, input, output,"
                    + " params"),
            tuple("operations[0].op", ErrorCode.UNKNOWN_OPERATOR, "unknown operator 'scael'"));
    assertThat(e.getMessage())
        .startsWith("INVALID_SPEC: 2 problems:\n  UNKNOWN_FIELD operations[0].colour: unknown");
    assertThat(e.violations().get(1).suggestion()).isEqualTo("did you mean 'scale'?");
  }

  @Test
  void a_missing_part_leaves_only_the_shape_to_report() {
    // without its output the operation cannot be read: checking the rest would report the
    // results it was meant to give as unknown ids
    ValidationException e =
        refused(
            """
            {"inputs": [{"id": "main", "source": "file:in.mp4"}],
             "operations": [{"op": "scale", "input": "main"}],
             "outputs": [{"id": "small", "destination": "file:o.mp4"}]}
            """);

    Violation v = e.violations().get(0);
    assertThat(e.violations()).hasSize(1);
    assertThat(v.code()).isEqualTo(ErrorCode.MISSING_FIELD);
    assertThat(v.path()).isEqualTo("operations[0].output");
    assertThat(e.getMessage()).startsWith("MISSING_FIELD: operations[0].output: ");
  }

  @Test
  void a_value_of_the_wrong_type_hides_only_the_problems_of_its_own_item() {
    ValidationException e =
        refused(
            """
            {"inputs": [{"id": "main", "source": "file:in.mp4"}],
             "operations": [{"op": "scale", "input": "main", "output": "small", "params": 640},
                            {"op": "levle", "input": "small", "output": "loud"}],
             "outputs": [{"id": "loud", "destination": "file:o.mp4"}]}
            """);

    // scale's parameters are unread, so its missing width is not reported; levle is
    assertThat(e.violations())
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            tuple("operations[0].params", ErrorCode.WRONG_TYPE),
            tuple("operations[1].op", ErrorCode.UNKNOWN_OPERATOR));
  }

  @Test
  void a_clean_spec_is_read_and_validated() {
    JobSpec spec =
        planner.parse(
            """
            {"inputs": [{"id": "main", "source": "file:in.mp4"}],
             "operations": [{"op": "scale", "input": "main", "output": "small",
                             "params": {"width": 640}}],
             "outputs": [{"id": "small", "destination": "file:o.mp4"}]}
            """);

    assertThat(spec.operations()).hasSize(1);
    assertThat(planner.validate(spec)).isEmpty();
  }

  @Test
  void a_valid_shape_with_a_wrong_meaning_is_refused_with_the_meaning() {
    ValidationException e =
        refused(
            """
            {"inputs": [{"id": "main", "source": "file:in.mp4"}],
             "outputs": [{"id": "mian", "destination": "file:o.mp4"}]}
            """);

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC);
    assertThat(e.violations())
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            tuple("outputs[0].id", ErrorCode.UNKNOWN_ID),
            tuple("inputs[0].id", ErrorCode.UNUSED_INPUT));
  }
}
