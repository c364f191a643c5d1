package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from a spec or a server never reaches the terminal raw: a newline cannot start a line of its
 * own (a second {@code error:} line, a second written file), and NUL, ESC, BEL or CR are printed as
 * escapes. {@code --json} stays exact.
 */
class TerminalSafetyIT {

  @TempDir Path dir;

  @Test
  void an_id_with_a_newline_and_an_escape_sequence_is_one_escaped_error_line() {
    Path spec =
        Workdir.spec(
            dir,
            "job.json",
            """
            { "inputs": [{ "id": "a\\nerror: FAKE\\u001b[2J\\u0000", "source": "file:in.mp4" }],
              "outputs": [{ "id": "main", "destination": "file:out/x.mkv" }] }
            """);

    Cli.Result result = Cli.run(dir, "plan", spec.toString()).expectExit(2);

    assertThat(result.errorLines())
        .contains(
            "error: INVALID_VALUE inputs[0].id: id \"a\\nerror: FAKE\\e[2J\\x00\" is not"
                + " valid (use letters, digits, '_', '.' or '-' (at most 64), starting with a"
                + " letter, digit or '_')")
        .allMatch(line -> line.startsWith("error: ") || line.startsWith("hint: "))
        .noneMatch(line -> line.startsWith("error: FAKE"));
    assertNoControlCharacters(result.stderr());
  }

  @Test
  void a_written_file_with_a_newline_in_its_name_is_one_escaped_line_and_exact_in_json() {
    Workdir.clip(dir, "in.mp4");
    Path spec =
        Workdir.spec(
            dir,
            "job.json",
            """
            { "inputs": [{ "id": "main", "source": "file:in.mp4" }],
              "outputs": [{ "id": "main", "destination": "file:out/two\\nlines\\u001b[31m.mkv",
                            "overwrite": true }] }
            """);
    Path written = dir.resolve("out/two\nlines\u001b[31m.mkv");

    Cli.Result text = Cli.run(dir, "run", spec.toString()).expectOk();
    Cli.Result json = Cli.run(dir, "run", "--json", spec.toString()).expectOk();

    assertThat(text.stdout().lines())
        .containsExactly(dir.resolve("out").toString() + "/two\\nlines\\e[31m.mkv");
    assertNoControlCharacters(text.stdout());
    assertThat(json.json().get("outputs").get(0).textValue()).isEqualTo(written.toString());
    assertThat(written).isNotEmptyFile();
  }

  @Test
  void bytes_a_server_sends_are_escaped_in_the_error() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread answer =
          new Thread(
              () -> {
                try (Socket s = server.accept()) {
                  InputStream in = s.getInputStream();
                  in.read(new byte[4096]); // the request, whatever it is
                  OutputStream out = s.getOutputStream();
                  out.write(
                      ("HTTP/1.1 404 Not\u001b]0;owned\u0007 Found\0\u009b2J\r\n"
                              + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                          .getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                  // the test fails on what the command printed
                }
              });
      answer.start();
      Path spec =
          Workdir.spec(
              dir,
              "job.json",
              """
              { "inputs": [{ "id": "main", "source": "http://127.0.0.1:%d/clip.mp4" }],
                "outputs": [{ "id": "main", "destination": "file:out/x.mkv" }] }
              """
                  .formatted(server.getLocalPort()));

      Cli.Result result = Cli.run(dir, "run", "--allow-private-network", spec.toString());
      answer.join(10_000);

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
      assertThat(result.errorLines().get(0))
          .startsWith("error: NETWORK: ")
          .endsWith("404 Not\\e]0;owned\\x07 Found\\x00\\u009b2J");
      assertThat(result.errorLines())
          .allMatch(line -> line.startsWith("error: ") || line.startsWith("hint: "));
      assertNoControlCharacters(result.stderr());
    }
  }

  private static void assertNoControlCharacters(String printed) {
    assertThat(printed.chars().filter(c -> (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f))
        .as("control characters in:%n%s", printed)
        .isEmpty();
  }
}
