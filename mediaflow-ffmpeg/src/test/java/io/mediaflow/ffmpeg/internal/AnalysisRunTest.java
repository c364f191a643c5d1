package io.mediaflow.ffmpeg.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.plan.GraphFilter;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationInput;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.OutputStream;
import io.mediaflow.api.spec.CodecSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command and the measurements of an analysis run (two-pass loudnorm's first pass). */
class AnalysisRunTest {

  static final String LOUDNORM_STDERR =
      """
      Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:/tmp/in.m4a':
        Stream #0:0[0x1](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, mono, fltp
      Stream mapping:
        Stream #0:0 (aac) -> loudnorm:default
      [Parsed_loudnorm_0 @ 0x5581] {not json}
      video:0kB audio:2255kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: unknown
      [Parsed_loudnorm_0 @ 0x55e0bc157040]\s
      {
      	"input_i" : "-31.79",
      	"input_tp" : "-27.44",
      	"input_lra" : "0.10",
      	"input_thresh" : "-41.79",
      	"output_i" : "-16.01",
      	"output_tp" : "-11.65",
      	"output_lra" : "0.10",
      	"output_thresh" : "-26.01",
      	"normalization_type" : "dynamic",
      	"target_offset" : "0.01"
      }
      """;

  private static Invocation analysis() {
    GraphFilter loudnorm =
        new GraphFilter(
            "loudnorm",
            List.of(FilterArg.of("I", "-16"), FilterArg.of("print_format", "json")),
            List.of("0:a:0"),
            List.of("o0_a0"),
            "norm");
    InvocationOutput sink =
        new InvocationOutput(
            "analysis:norm",
            "norm",
            "-",
            "null",
            false,
            List.of(
                new OutputStream(StreamType.AUDIO, "o0_a0", "", true),
                new OutputStream(StreamType.VIDEO, "0:v:0", "", false)),
            CodecSpec.DEFAULT,
            Map.of(),
            true);
    return new Invocation(
        "inv0",
        List.of(new InvocationInput(0, "in", "/media/in.mp4", CommandBuilderTest.MP4)),
        List.of(loudnorm),
        List.of(sink),
        MediaDuration.ofSeconds(6),
        Estimate.ZERO,
        List.of("norm"),
        Invocation.Purpose.ANALYSIS);
  }

  @Test
  void an_analysis_run_logs_at_info_and_discards_raw_frames_into_the_null_muxer() {
    List<String> args = CommandBuilder.arguments(analysis());

    assertThat(String.join(" ", args))
        .isEqualTo(
            "-hide_banner -nostdin -progress pipe:1 -nostats -loglevel info -y"
                + " -protocol_whitelist file,pipe -format_whitelist mov -f mov -i file:/media/in.mp4"
                + " -filter_complex [0:a:0]loudnorm=I=-16:print_format=json[o0_a0]"
                + " -map [o0_a0] -map 0:v:0 -map_metadata 0 -f null -");
  }

  @Test
  void an_encoding_run_still_logs_at_warning() {
    Invocation encode =
        CommandBuilderTest.invocation(
            List.of(),
            CommandBuilderTest.output(
                "/out/a.m4a",
                "m4a",
                false,
                List.of(new OutputStream(StreamType.AUDIO, "0:a", "copy", false)),
                CodecSpec.DEFAULT));

    assertThat(String.join(" ", CommandBuilder.arguments(encode))).contains("-loglevel warning");
  }

  @Test
  void reads_the_last_json_object_with_every_value_as_text() {
    Map<String, String> measured = Measurements.parse(analysis(), LOUDNORM_STDERR);

    assertThat(measured)
        .containsEntry("input_i", "-31.79")
        .containsEntry("input_tp", "-27.44")
        .containsEntry("input_lra", "0.10")
        .containsEntry("input_thresh", "-41.79")
        .containsEntry("target_offset", "0.01")
        .containsEntry("normalization_type", "dynamic")
        .hasSize(10);
  }

  @Test
  void numbers_keep_their_printed_digits_and_lists_or_nulls_are_left_out() {
    Map<String, String> measured =
        Measurements.lastObject(
            "x {\"a\": 0.10, \"b\": -1e3, \"c\": true, \"d\": null, \"f\": [1, 2],"
                + " \"g\": \"t\\u00e9\"}");

    assertThat(measured)
        .containsExactly(
            Map.entry("a", "0.10"),
            Map.entry("b", "-1e3"),
            Map.entry("c", "true"),
            Map.entry("g", "t\u00e9"));
  }

  @Test
  void braces_after_the_object_that_are_not_json_are_skipped() {
    Map<String, String> measured =
        Measurements.parse(analysis(), LOUDNORM_STDERR + "[aac @ 0x1] odd {message} here\n");

    assertThat(measured).containsEntry("input_i", "-31.79");
  }

  @Test
  void an_analysis_that_printed_nothing_is_a_processing_failure_naming_the_run() {
    assertThatThrownBy(() -> Measurements.parse(analysis(), "Stream mapping:\n  nothing\n"))
        .isInstanceOf(MediaFlowException.class)
        .hasMessageContaining("inv0")
        .hasMessageContaining("norm")
        .satisfies(
            e ->
                assertThat(((MediaFlowException) e).code()).isEqualTo(ErrorCode.PROCESSING_FAILED));
  }
}
