package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorReporterTest {

  private final StringWriter err = new StringWriter();

  private ErrorReporter reporter(boolean verbose) {
    return new ErrorReporter(
        new Terminal(new PrintWriter(new StringWriter()), new PrintWriter(err), false, verbose));
  }

  @Test
  void prints_every_violation_on_its_own_line_and_exits_2() {
    int code =
        reporter(false)
            .report(
                new ValidationException(
                    List.of(
                        Violation.of("operations[0].op", ErrorCode.UNKNOWN_OPERATOR, "unknown"),
                        Violation.of("outputs[1].destination", ErrorCode.PATH_NOT_ALLOWED, "no"))));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().lines())
        .containsExactly(
            "error: UNKNOWN_OPERATOR operations[0].op: unknown (an operator from a plugin jar is"
                + " loaded with --plugins DIR)",
            "error: PATH_NOT_ALLOWED outputs[1].destination: no");
  }

  @Test
  void names_its_own_overwrite_option_for_an_existing_destination() {
    int code =
        reporter(false)
            .report(
                new MediaFlowException(
                    ErrorCode.DESTINATION_EXISTS,
                    "outputs[0]: /work/out/clip.mp4 already exists",
                    "allow replacing it with \"overwrite\": true on the output (in Java ...)"));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().lines())
        .containsExactly(
            "error: DESTINATION_EXISTS: outputs[0]: /work/out/clip.mp4 already exists",
            "hint: pass --overwrite, set \"overwrite\": true on the output, or choose another"
                + " destination");
  }

  @Test
  void names_its_own_allow_root_option_for_a_path_outside_the_workspace() {
    ValidationException refused =
        new ValidationException(
            new Violation(
                "inputs[0].source",
                ErrorCode.PATH_NOT_ALLOWED,
                "file \"/etc/passwd\" is outside the allowed folders [/work]",
                "move the file inside one of them, or allow its folder"
                    + " (Workspace.Builder.allowRoot)"));

    assertThat(reporter(false).report(refused)).isEqualTo(2);
    assertThat(err.toString().lines())
        .containsExactly(
            "error: PATH_NOT_ALLOWED inputs[0].source: file \"/etc/passwd\" is outside the allowed"
                + " folders [/work] (move the file inside one of them, or allow its folder"
                + " (--allow-root DIR))");
  }

  @Test
  void adds_where_plugin_operators_come_from_to_an_unknown_operator() {
    reporter(false)
        .report(
            new ValidationException(
                new Violation(
                    "operations[1].op",
                    ErrorCode.UNKNOWN_OPERATOR,
                    "unknown operator 'greyscale'",
                    "did you mean 'grayscale'?")));

    assertThat(err.toString().lines())
        .containsExactly(
            "error: UNKNOWN_OPERATOR operations[1].op: unknown operator 'greyscale' (did you mean"
                + " 'grayscale'?; an operator from a plugin jar is loaded with --plugins DIR)");
  }

  @Test
  void prints_code_message_and_hint_of_other_errors() {
    int code =
        reporter(false)
            .report(
                new MediaFlowException(
                    ErrorCode.PROCESSING_FAILED, "ffmpeg failed", "check the input"));

    assertThat(code).isEqualTo(3);
    assertThat(err.toString().lines())
        .containsExactly("error: PROCESSING_FAILED: ffmpeg failed", "hint: check the input");
  }

  @Test
  void unexpected_failure_is_one_line_unless_verbose() {
    int code = reporter(false).report(new IllegalStateException("boom\nsecond line"));

    assertThat(code).isEqualTo(1);
    assertThat(err.toString().lines().toList())
        .first()
        .isEqualTo("error: INTERNAL: java.lang.IllegalStateException: boom");
    assertThat(err.toString()).doesNotContain("\tat ");

    reporter(true).report(new IllegalStateException("boom"));
    assertThat(err.toString()).contains("\tat ");
  }

  @Test
  void exit_codes_follow_the_category() {
    assertThat(ExitCodes.of(ErrorCode.USAGE)).isEqualTo(2);
    assertThat(ExitCodes.of(ErrorCode.INPUT_NOT_FOUND)).isEqualTo(3);
    assertThat(ExitCodes.of(ErrorCode.TIMEOUT)).isEqualTo(3);
    assertThat(ExitCodes.of(ErrorCode.NO_MEDIA_BACKEND)).isEqualTo(1);
    assertThat(ExitCodes.of(ErrorCode.INTERNAL)).isEqualTo(1);
    assertThat(ExitCodes.of(new RuntimeException())).isEqualTo(1);
  }

  @Test
  void text_from_a_spec_or_a_server_cannot_start_lines_or_send_escape_sequences() {
    int code =
        reporter(false)
            .report(
                new ValidationException(
                    List.of(
                        Violation.of(
                            "outputs[0].metadata.a\nerror: FAKE x: y",
                            ErrorCode.INVALID_VALUE,
                            "metadata key \"a\u001b[2J\" is not valid"))));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().lines())
        .containsExactly(
            "error: INVALID_VALUE outputs[0].metadata.a\\nerror: FAKE x: y: metadata key"
                + " \"a\\e[2J\" is not valid");
  }

  @Test
  void a_multi_line_detail_keeps_its_lines_indented_under_the_one_error_line() {
    reporter(false)
        .report(
            new MediaFlowException(
                ErrorCode.NETWORK,
                "http://x/ answered 500 \u001b]0;owned\u0007\nerror: INTERNAL: forged\r\nlast",
                "check the server\nhint: forged"));

    assertThat(err.toString().lines())
        .containsExactly(
            "error: NETWORK: http://x/ answered 500 \\e]0;owned\\x07",
            "  error: INTERNAL: forged",
            "  last",
            "hint: check the server\\nhint: forged");
    assertThat(err.toString()).doesNotContain("\u001b", "\u0007");
  }
}
