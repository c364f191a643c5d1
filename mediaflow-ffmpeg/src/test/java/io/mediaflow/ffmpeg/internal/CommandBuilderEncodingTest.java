package io.mediaflow.ffmpeg.internal;

import static io.mediaflow.ffmpeg.internal.CommandBuilderTest.invocation;
import static io.mediaflow.ffmpeg.internal.CommandBuilderTest.output;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.plan.GraphFilter;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.OutputStream;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.ffmpeg.internal.CommandBuilder.Encoding;
import io.mediaflow.ffmpeg.internal.HardwareEncoders.Family;
import io.mediaflow.ffmpeg.internal.HardwareEncoders.Status;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The arguments of hardware encoders and of thread budgets. */
class CommandBuilderEncodingTest {

  private static final GraphFilter SCALE =
      new GraphFilter(
          "scale",
          List.of(FilterArg.of("w", 640), FilterArg.of("h", -2)),
          List.of("0:v:0"),
          List.of("small_v"),
          "small");

  private static InvocationOutput mp4(String videoSource, boolean filtered, CodecSpec codec) {
    return output(
        "/out/clip.mp4",
        "mp4",
        false,
        List.of(
            new OutputStream(StreamType.VIDEO, videoSource, codec.video(), filtered),
            new OutputStream(StreamType.AUDIO, "0:a:0", "aac", false)),
        codec);
  }

  private static Encoding hardware(Status... statuses) {
    HardwareEncoders hw = HardwareEncoders.of(List.of(statuses));
    return new Encoding(new EncoderChooser(() -> hw), OptionalInt.empty());
  }

  private static Status works(String encoder, Family family) {
    return new Status(encoder, encoder.substring(0, encoder.indexOf('_')), family, true, "");
  }

  @Test
  void nvenc_gets_its_preset_constant_quality_and_pixel_format() {
    CodecSpec codec = CodecSpec.builder().video("h264").hardware("auto").crf(26).build();

    String args =
        String.join(
            " ",
            CommandBuilder.arguments(
                invocation(List.of(SCALE), mp4("small_v", true, codec)),
                hardware(works("h264_nvenc", Family.NVENC))));

    assertThat(args)
        .contains(
            "-c:v h264_nvenc -preset:v p3 -rc:v vbr -cq:v 26 -b:v 0 -pix_fmt:v yuv420p -c:a aac")
        .doesNotContain("libx264", "-threads");
  }

  @Test
  void qsv_with_a_bitrate_and_hevc_in_mp4_is_tagged_hvc1() {
    CodecSpec codec = CodecSpec.builder().video("hevc").hardware("qsv").videoBitrate("3M").build();

    String args =
        String.join(
            " ",
            CommandBuilder.arguments(
                invocation(List.of(), mp4("0:v:0", false, codec)),
                hardware(works("hevc_qsv", Family.QSV))));

    assertThat(args)
        .contains("-c:v hevc_qsv -preset:v veryfast -b:v 3M -pix_fmt:v nv12 -tag:v hvc1");
  }

  @Test
  void vaapi_opens_its_device_before_the_inputs_and_uploads_the_frames() {
    CodecSpec codec = CodecSpec.builder().video("h264").hardware("vaapi").build();

    List<String> args =
        CommandBuilder.arguments(
            invocation(List.of(), mp4("0:v:0", false, codec)),
            hardware(works("h264_vaapi", Family.VAAPI)));
    String text = String.join(" ", args);

    assertThat(text)
        .contains("-vaapi_device /dev/dri/renderD128")
        .contains("-c:v h264_vaapi -rc_mode:v CQP -qp:v 23 -filter:v format=nv12,hwupload");
    assertThat(args.indexOf("-vaapi_device")).isLessThan(args.indexOf("-i"));
  }

  @Test
  void a_thread_budget_reaches_decoders_filters_and_each_encoder() {
    InvocationOutput out = mp4("small_v", true, CodecSpec.builder().video("h264").build());

    List<String> args =
        CommandBuilder.arguments(
            invocation(List.of(SCALE), out),
            new Encoding(EncoderChooser.softwareOnly(), OptionalInt.of(2)));
    String text = String.join(" ", args);

    assertThat(text)
        .contains("-y -filter_threads 2 -filter_complex_threads 2 -protocol_whitelist")
        .contains("-threads 2 -i file:/media/in.mp4")
        .contains("-b:a 192k -threads 2 -map_metadata 0");
  }

  @Test
  void an_outputs_own_threads_win_over_the_budget_and_apply_without_one() {
    InvocationOutput out =
        mp4("0:v:0", false, CodecSpec.builder().video("h264").threads(3).build());

    String budgeted =
        String.join(
            " ",
            CommandBuilder.arguments(
                invocation(List.of(), out),
                new Encoding(EncoderChooser.softwareOnly(), OptionalInt.of(1))));
    String alone = String.join(" ", CommandBuilder.arguments(invocation(List.of(), out)));

    assertThat(budgeted).contains("-threads 1 -i ").contains("-b:a 192k -threads 3 -map_metadata");
    assertThat(budgeted).doesNotContain("-filter_complex_threads");
    assertThat(alone).contains("-b:a 192k -threads 3 -map_metadata").doesNotContain("-threads 1");
  }

  @Test
  void without_a_budget_nothing_about_threads_is_added() {
    String args =
        String.join(
            " ",
            CommandBuilder.arguments(
                invocation(
                    List.of(SCALE),
                    mp4("small_v", true, CodecSpec.DEFAULT.resolved("h264", "aac", "mp4")))));

    assertThat(args).doesNotContain("threads");
  }

  @Test
  void admitted_cores_round_to_threads_and_never_below_one() {
    assertThat(Encoding.threadsFor(OptionalDouble.of(0.1))).hasValue(1);
    assertThat(Encoding.threadsFor(OptionalDouble.of(1.4))).hasValue(1);
    assertThat(Encoding.threadsFor(OptionalDouble.of(1.6))).hasValue(2);
    assertThat(Encoding.threadsFor(OptionalDouble.empty())).isEmpty();
  }
}
