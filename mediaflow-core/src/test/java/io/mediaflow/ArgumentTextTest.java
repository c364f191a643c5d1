package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.JobSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Text that reaches the media tool's command line is checked by validation: a NUL no argument can
 * hold, an argument longer than Linux takes (128 KiB), and arguments adding up beyond a command
 * line. Before, such a spec planned and its run failed to start, reported as a missing FFmpeg.
 */
class ArgumentTextTest {

  private final Planner planner = new Planner(TestOperators.registry());

  private static JobSpec withMetadata(Map<String, String> tags) {
    JobSpec.OutputStep out =
        JobSpec.builder().input("main", "file:in.mp4").output("main", "file:out.mp4");
    tags.forEach(out::metadata);
    return out.build();
  }

  private static Violation only(List<Violation> violations) {
    assertThat(violations).hasSize(1);
    return violations.get(0);
  }

  @Test
  void refuses_a_nul_in_a_metadata_value_at_its_path() {
    Violation v = only(planner.validate(withMetadata(Map.of("title", "a\0b"))));

    assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(v.path()).isEqualTo("outputs[0].metadata.title");
    assertThat(v.message())
        .isEqualTo(
            "the value of metadata tag \"title\" contains a NUL character (U+0000) at character 2,"
                + " which no command-line argument can hold");
  }

  @Test
  void refuses_a_metadata_tag_longer_than_one_argument_may_be() {
    String fits = "x".repeat(131_071 - "title=".length());
    String multiByte = "é".repeat(70_000); // 140,000 bytes in UTF-8

    assertThat(planner.validate(withMetadata(Map.of("title", fits)))).isEmpty();
    Violation v = only(planner.validate(withMetadata(Map.of("title", fits + "x"))));
    assertThat(v.code()).isEqualTo(ErrorCode.ARGUMENT_TOO_LONG);
    assertThat(v.path()).isEqualTo("outputs[0].metadata.title");
    assertThat(v.message())
        .isEqualTo(
            "metadata tag \"title\" is 131072 bytes long in UTF-8; one command-line argument holds"
                + " at most 131071");
    assertThat(only(planner.validate(withMetadata(Map.of("comment", multiByte)))).message())
        .contains("140008 bytes");
  }

  @Test
  void refuses_metadata_adding_up_beyond_a_command_line_where_it_crosses() {
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < 12; i++) {
      tags.put("tag" + i, "x".repeat(100_000));
    }

    Violation v = only(planner.validate(withMetadata(tags)));

    assertThat(v.code()).isEqualTo(ErrorCode.ARGUMENT_TOO_LONG);
    assertThat(v.path()).isEqualTo("outputs[0].metadata.tag10");
    assertThat(v.message()).contains("add up to more than 1048576 bytes");
  }

  @Test
  void refuses_a_nul_in_any_text_parameter_with_its_path() {
    JobSpec spec =
        JobSpec.builder()
            .input("main", "file:in.mp4")
            .input("logo", "file:logo.png")
            .operation("overlay")
            .from("main", "logo")
            .to("o")
            .param("x", "W-w\0")
            .operation("level")
            .from("o")
            .to("l")
            .param("extra", Map.of("list", List.of("fine", "bad\0")))
            .output("l", "file:out.mp4")
            .build();

    List<Violation> violations = planner.validate(spec);

    assertThat(violations)
        .filteredOn(v -> v.code() == ErrorCode.INVALID_VALUE)
        .extracting(Violation::path)
        .containsExactly("operations[0].params.x", "operations[1].params.extra.list[1]");
  }

  @Test
  void a_parameter_refused_for_its_type_is_not_reported_twice() {
    JobSpec spec =
        JobSpec.builder()
            .input("main", "file:in.mp4")
            .operation("thumbnail")
            .from("main")
            .to("t")
            .param("at", "x\0")
            .output("t", "file:out.png")
            .build();

    Violation v = only(planner.validate(spec));

    assertThat(v.code()).isEqualTo(ErrorCode.WRONG_TYPE);
    assertThat(v.path()).isEqualTo("operations[0].params.at");
  }

  @Test
  void refuses_a_nul_in_a_source_or_a_destination() {
    JobSpec spec =
        JobSpec.builder().input("main", "file:in\0.mp4").output("main", "file:o\0ut.mp4").build();

    assertThat(planner.validate(spec))
        .extracting(Violation::code, Violation::path)
        .contains(
            org.assertj.core.groups.Tuple.tuple(ErrorCode.INVALID_VALUE, "inputs[0].source"),
            org.assertj.core.groups.Tuple.tuple(ErrorCode.INVALID_VALUE, "outputs[0].destination"));
  }

  @Test
  void bitrates_are_numbers_within_what_an_encoder_takes() {
    for (String fine : List.of("1k", "192k", "4M", "2.5M", "2000M", "1000")) {
      JobSpec spec =
          JobSpec.builder()
              .input("main", "file:in.mp4")
              .output("main", "file:out.mp4")
              .codec(CodecSpec.builder().videoBitrate(fine).audioBitrate(fine).build())
              .build();
      assertThat(planner.validate(spec)).as(fine).isEmpty();
    }
    for (String bad : List.of("999", "2001M", "99999999999999999999M", "0", "0.5k")) {
      JobSpec spec =
          JobSpec.builder()
              .input("main", "file:in.mp4")
              .output("main", "file:out.mp4")
              .codec(CodecSpec.builder().videoBitrate(bad).build())
              .build();
      Violation v = only(planner.validate(spec));
      assertThat(v.path()).isEqualTo("outputs[0].codec.videoBitrate");
      assertThat(v.code()).as(bad).isIn(ErrorCode.OUT_OF_RANGE, ErrorCode.INVALID_VALUE);
    }
  }

  @Test
  void a_stream_language_is_a_language_code_as_it_goes_into_a_stream_specifier() {
    for (String bad : List.of("e\0ng", "eng:1", "a b", "x".repeat(36))) {
      JobSpec spec =
          JobSpec.builder()
              .input("main", "file:in.mp4")
              .output("main", "file:out.mkv")
              .streams(
                  new io.mediaflow.api.spec.StreamSelector(
                      io.mediaflow.api.media.StreamType.AUDIO, bad, -1))
              .build();
      Violation v = only(planner.validate(spec));
      assertThat(v.code()).as(bad).isEqualTo(ErrorCode.INVALID_VALUE);
      assertThat(v.path()).isEqualTo("outputs[0].streams[0].language");
    }
  }
}
