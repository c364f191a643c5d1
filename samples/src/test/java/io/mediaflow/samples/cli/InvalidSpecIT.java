package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad spec exits 2 and names the problem and where it is, one line per problem,
 * before any media is touched (so no ffmpeg is needed here).
 */
class InvalidSpecIT {

  @TempDir Path dir;

  static Stream<Arguments> invalid_specs() {
    return Stream.of(
        Arguments.of(
            "unknown operator",
            """
            { "inputs": [{ "id": "main", "source": "file:in.mp4" }],
              "operations": [{ "op": "sharpen", "input": "main", "output": "s" }],
              "outputs": [{ "id": "s", "destination": "file:out.mp4" }] }
            """,
            "error: UNKNOWN_OPERATOR operations[0].op: "),
        Arguments.of(
            "bad width",
            """
            { "inputs": [{ "id": "main", "source": "file:in.mp4" }],
              "operations": [
                { "op": "trim", "input": "main", "output": "cut", "params": { "duration": "1s" } },
                { "op": "scale", "input": "cut", "output": "s", "params": { "width": "wide", "height": -2 } }],
              "outputs": [{ "id": "s", "destination": "file:out.mp4" }] }
            """,
            "operations[1].params.width: "),
        Arguments.of(
            "unknown JSON field",
            """
            { "inputs": [{ "id": "main", "source": "file:in.mp4", "colour": "red" }],
              "outputs": [{ "id": "main", "destination": "file:out.mp4" }] }
            """,
            "error: UNKNOWN_FIELD inputs[0].colour: "),
        Arguments.of("malformed JSON", "{ \"inputs\": [ ", "error: MALFORMED_JSON "),
        Arguments.of(
            "cycle",
            """
            { "inputs": [{ "id": "main", "source": "file:in.mp4" }],
              "operations": [
                { "op": "scale", "input": "b", "output": "a", "params": { "width": 100, "height": -2 } },
                { "op": "scale", "input": "a", "output": "b", "params": { "width": 100, "height": -2 } }],
              "outputs": [{ "id": "a", "destination": "file:out.mp4" }] }
            """,
            "error: CYCLE operations["),
        Arguments.of(
            "absolute input outside the allowed roots",
            """
            { "inputs": [{ "id": "main", "source": "file:/var/lib/elsewhere/in.mp4" }],
              "outputs": [{ "id": "main", "destination": "file:out.mp4" }] }
            """,
            "error: PATH_NOT_ALLOWED inputs[0].source: "),
        Arguments.of(
            "destination escaping with ..",
            """
            { "inputs": [{ "id": "main", "source": "file:in.mp4" }],
              "outputs": [{ "id": "main", "destination": "file:../../escape.mp4" }] }
            """,
            "error: PATH_NOT_ALLOWED outputs[0].destination: "),
        Arguments.of(
            "a duration no media time holds",
            """
            { "inputs": [{ "id": "main", "source": "file:in.mp4" }],
              "operations": [{ "op": "trim", "input": "main", "output": "cut", "params": { "start": 1e18 } }],
              "outputs": [{ "id": "cut", "destination": "file:out.mp4" }] }
            """,
            "error: OUT_OF_RANGE operations[0].params.start: the duration 1000000000000000000 is"
                + " too long"),
        Arguments.of(
            "an exponent no number holds",
            """
            { "inputs": [{ "id": "main", "source": "file:in.mp4" }],
              "outputs": [{ "id": "main", "destination": "file:out.mp4", "codec": { "crf": 1e99999999999 } }] }
            """,
            "error: OUT_OF_RANGE outputs[0].codec.crf: the number 1e99999999999 is out of range"),
        Arguments.of(
            "a NUL in a metadata value",
            """
            { "inputs": [{ "id": "main", "source": "file:in.mp4" }],
              "outputs": [{ "id": "main", "destination": "file:out.mp4", "metadata": { "title": "a\\u0000b" } }] }
            """,
            "error: INVALID_VALUE outputs[0].metadata.title: the value of metadata tag \"title\""
                + " contains a NUL character"),
        Arguments.of(
            "a metadata value longer than one argument",
            """
            { "inputs": [{ "id": "main", "source": "file:in.mp4" }],
              "outputs": [{ "id": "main", "destination": "file:out.mp4", "metadata": { "title": "%s" } }] }
            """
                .formatted("x".repeat(140_000)),
            "error: ARGUMENT_TOO_LONG outputs[0].metadata.title: metadata tag \"title\" is 140006"
                + " bytes long"),
        Arguments.of(
            "more operations than the default limit",
            chainOfScales(501),
            "error: JOB_TOO_LARGE operations: the job has 501 operations; at most 500 are allowed"));
  }

  /** {@code n} scales chained on one input. */
  static String chainOfScales(int n) {
    StringBuilder ops = new StringBuilder();
    String previous = "main";
    for (int i = 0; i < n; i++) {
      ops.append(i == 0 ? "" : ",\n")
          .append("{ \"op\": \"scale\", \"input\": \"")
          .append(previous)
          .append("\", \"output\": \"s")
          .append(i)
          .append("\", \"params\": { \"width\": 64, \"height\": -2 } }");
      previous = "s" + i;
    }
    return """
        { "inputs": [{ "id": "main", "source": "file:in.mp4" }],
          "operations": [%s],
          "outputs": [{ "id": "%s", "destination": "file:out/chain.mp4" }] }
        """
        .formatted(ops, previous);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void invalid_specs(String name, String json, String expectedLine) {
    Path specDir = dir.resolve("specs");
    Path spec = Workdir.spec(specDir, "spec.json", json);
    for (String command : new String[] {"plan", "run"}) {
      Cli.Result result = Cli.run(specDir, command, spec.toString()).expectExit(2);
      assertThat(result.errorLines())
          .as("stderr of %s", command)
          .anyMatch(line -> line.startsWith(expectedLine) || line.contains(" " + expectedLine));
      assertThat(result.errorLines())
          .allMatch(line -> line.startsWith("error: ") || line.startsWith("hint: "));
      assertThat(result.stdout()).isEmpty();
    }
  }

  @Test
  void an_unknown_field_does_not_hide_an_unknown_operator_and_plugins_are_named() {
    Path specDir = dir.resolve("specs");
    Path spec =
        Workdir.spec(
            specDir,
            "spec.json",
            """
            { "inputs": [{ "id": "main", "source": "file:in.mp4" }],
              "operations": [{ "op": "grayscale", "input": "main", "output": "g", "colour": 1 }],
              "outputs": [{ "id": "g", "destination": "file:out.mp4" }] }
            """);

    Cli.Result result = Cli.run(specDir, "plan", spec.toString()).expectExit(2);

    assertThat(result.errorLines()).hasSize(2);
    assertThat(result.errorLines().get(0))
        .isEqualTo(
            "error: UNKNOWN_FIELD operations[0].colour: unknown field \"colour\" in an operation;"
                + " expected one of: op, input, output, params");
    assertThat(result.errorLines().get(1))
        .startsWith(
            "error: UNKNOWN_OPERATOR operations[0].op: unknown operator 'grayscale' (known"
                + " operators: [")
        .endsWith("]; an operator from a plugin jar is loaded with --plugins DIR)");
  }
}
