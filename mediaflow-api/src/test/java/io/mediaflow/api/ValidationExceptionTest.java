package io.mediaflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationExceptionTest {

  private static final Violation UNKNOWN_OP =
      new Violation(
          "operations[1].op",
          ErrorCode.UNKNOWN_OPERATOR,
          "unknown operator 'scael'",
          "did you mean 'scale'?");

  private static final Violation UNKNOWN_FIELD =
      Violation.of("operations[0].prams", ErrorCode.UNKNOWN_FIELD, "unknown field \"prams\"");

  @Test
  void one_problem_takes_its_code_and_suggestion_and_names_the_code_once() {
    ValidationException e = new ValidationException(UNKNOWN_OP);

    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_OPERATOR);
    assertThat(e.suggestion()).isEqualTo("did you mean 'scale'?");
    assertThat(e.detail()).isEqualTo("operations[1].op: unknown operator 'scael'");
    assertThat(e.getMessage())
        .isEqualTo(
            "UNKNOWN_OPERATOR: operations[1].op: unknown operator 'scael' (did you mean 'scale'?)");
  }

  @Test
  void several_problems_are_invalid_spec_with_their_count_each_keeping_its_code() {
    ValidationException e = new ValidationException(List.of(UNKNOWN_FIELD, UNKNOWN_OP));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC);
    assertThat(e.code().category()).isEqualTo(ErrorCode.Category.VALIDATION);
    assertThat(e.violations())
        .extracting(Violation::code)
        .containsExactly(ErrorCode.UNKNOWN_FIELD, ErrorCode.UNKNOWN_OPERATOR);
    assertThat(e.getMessage())
        .isEqualTo(
            "INVALID_SPEC: 2 problems:\n"
                + "  UNKNOWN_FIELD operations[0].prams: unknown field \"prams\"\n"
                + "  UNKNOWN_OPERATOR operations[1].op: unknown operator 'scael'"
                + " (did you mean 'scale'?)\n"
                + "(fix each problem at the path it names and submit again)");
  }

  @Test
  void a_problem_of_the_whole_document_is_named_as_such() {
    ValidationException e =
        new ValidationException(
            Violation.of("", ErrorCode.MALFORMED_JSON, "the document is empty"));

    assertThat(e.getMessage()).isEqualTo("MALFORMED_JSON: (document): the document is empty");
  }

  @Test
  void needs_at_least_one_problem() {
    assertThatThrownBy(() -> new ValidationException(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a ValidationException needs at least one violation");
  }
}
