package io.mediaflow.internal.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JobLogTextTest {

  @Test
  void a_command_reads_as_typed_in_a_shell_with_url_credentials_and_secrets_masked() {
    String line =
        JobLogText.command(
            "ffmpeg",
            List.of(
                "-i",
                "file:/media/in.mp4",
                "-filter_complex",
                "[0:v]scale=w=640:h=-2[v]",
                "-metadata",
                "comment=https://ann:s3cret@cdn.example.com/a b",
                "-metadata",
                "title=it's",
                "-headers",
                "Authorization: Bearer abc.def",
                ""));

    assertThat(line)
        .isEqualTo(
            "ffmpeg -i file:/media/in.mp4 -filter_complex '[0:v]scale=w=640:h=-2[v]' -metadata"
                + " 'comment=https://ann:***@cdn.example.com/a b' -metadata 'title=it'\\''s'"
                + " -headers 'Authorization: ***' ''");
  }

  @Test
  void a_long_command_is_cut_after_its_secrets_are_masked_and_says_how_much_is_left_out() {
    List<String> args = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      args.add("https://user:pw" + i + "@host/x" + i);
    }

    String line = JobLogText.command("ffmpeg", args);

    assertThat(line.length()).isLessThan(JobLogText.MAX_COMMAND_CHARS + 40);
    assertThat(line).matches("(?s).*… \\(\\d+ more characters\\)").doesNotContain(":pw");
  }

  @Test
  void an_error_detail_keeps_its_first_line_and_the_last_twenty_cut_to_length() {
    String message =
        "invocation inv0 failed (ffmpeg exit 1): a filter refused its options\n"
            + IntStream.rangeClosed(1, 30)
                .mapToObj(i -> i == 30 ? "x".repeat(900) : "stderr " + i)
                .collect(Collectors.joining("\n"));

    List<String> lines = JobLogText.detail(message).lines().toList();

    assertThat(lines).hasSize(1 + 1 + 20);
    assertThat(lines.get(0))
        .isEqualTo("invocation inv0 failed (ffmpeg exit 1): a filter refused its options");
    assertThat(lines.get(1)).isEqualTo("  … 10 earlier lines left out");
    assertThat(lines.get(2)).isEqualTo("  stderr 11");
    assertThat(lines.get(21)).startsWith("  " + "x".repeat(500) + "… (400 more characters)");
  }

  @Test
  void an_error_detail_is_masked_before_it_is_cut() {
    String message = "failed\nopen https://ann:" + "p".repeat(600) + "@host/x failed";

    assertThat(JobLogText.detail(message)).doesNotContain("pppp").contains("ann:***@host");
  }

  @Test
  void a_line_is_masked_and_bounded() {
    assertThat(JobLogText.line("token=abc then " + "y".repeat(9000)))
        .startsWith("token=*** then y")
        .endsWith("… (1015 more characters)");
  }

  @Test
  void durations_read_as_a_person_says_them() {
    assertThat(JobLogText.took(Duration.ofMillis(850))).isEqualTo("850 ms");
    assertThat(JobLogText.took(Duration.ofMillis(12_340))).isEqualTo("12.3 s");
    assertThat(JobLogText.took(Duration.ofSeconds(243))).isEqualTo("4 min 3 s");
    assertThat(JobLogText.took(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
  }
}
