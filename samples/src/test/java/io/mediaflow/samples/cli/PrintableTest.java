package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrintableTest {

  @Test
  void escapes_every_control_character_and_backslashes_on_one_line() {
    assertThat(Printable.escape("a\nerror: fake")).isEqualTo("a\\nerror: fake");
    assertThat(Printable.escape("\u001b[31mred\u001b]0;title\u0007"))
        .isEqualTo("\\e[31mred\\e]0;title\\x07");
    assertThat(Printable.escape("nul\0cr\rdel\u007f")).isEqualTo("nul\\x00cr\\rdel\\x7f");
    assertThat(Printable.escape("c1 \u009b2J")).isEqualTo("c1 \\u009b2J");
    assertThat(Printable.escape("evil\u202Etxt.mp4\u2028")).isEqualTo("evil\\u202etxt.mp4\\u2028");
    assertThat(Printable.escape("a\\nb")).isEqualTo("a\\\\nb");
  }

  @Test
  void leaves_ordinary_text_alone_and_the_same_instance() {
    String text = "out/clip été 名前\tok.mp4";

    assertThat(Printable.escape(text)).isSameAs(text);
  }

  @Test
  void json_stays_exact_while_nothing_a_terminal_acts_on_is_left_raw() throws Exception {
    String value = "a\nb\u001b[2J\u009b\u007f\u202e\0é";
    String json = Json.write(Map.of("name", value));

    String safe = Printable.json(json);

    assertThat(safe).doesNotContain("\u001b", "\u009b", "\u007f", "\u202e", "\0");
    assertThat(new ObjectMapper().readTree(safe).get("name").textValue()).isEqualTo(value);
  }

  @Test
  void the_guard_for_log_lines_escapes_control_bytes_but_keeps_lines_and_utf8() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream guarded = Printable.guard(bytes);

    guarded.print("[WARN] x - could not remove /tmp/\u001b[31ma\0b\rc é\n");
    guarded.flush();

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("[WARN] x - could not remove /tmp/\\x1b[31ma\\x00b\\x0dc é\n");
  }

  @Test
  void lines_keeps_the_line_breaks_of_a_document() {
    assertThat(Printable.lines("flowchart LR\n  a[\"\u001b\"]\n"))
        .isEqualTo("flowchart LR\n  a[\"\\e\"]");
  }
}
