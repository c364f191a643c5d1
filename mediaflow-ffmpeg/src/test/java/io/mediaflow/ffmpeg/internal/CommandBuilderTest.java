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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandBuilderTest {

  /** What ffprobe calls an mp4. */
  static final String MP4 = "mov,mp4,m4a,3gp,3g2,mj2";

  static Invocation invocation(List<GraphFilter> filters, InvocationOutput... outputs) {
    return new Invocation(
        "inv0",
        List.of(new InvocationInput(0, "main", "/media/in.mp4", MP4)),
        filters,
        List.of(outputs),
        MediaDuration.ofSeconds(10),
        Estimate.ZERO,
        List.of("main"));
  }

  static InvocationOutput output(
      String location,
      String container,
      boolean still,
      List<OutputStream> streams,
      CodecSpec codec) {
    return new InvocationOutput(
        "outputs[0]", "n", location, container, still, streams, codec, Map.of(), true);
  }

  @Test
  void renders_globals_inputs_graph_and_an_h264_aac_output_in_order() {
    GraphFilter scale =
        new GraphFilter(
            "scale",
            List.of(FilterArg.of("w", 640), FilterArg.of("h", -2)),
            List.of("0:v:0"),
            List.of("small_v"),
            "small");
    InvocationOutput out =
        output(
            "/out/clip.mp4",
            "mp4",
            false,
            List.of(
                new OutputStream(StreamType.VIDEO, "small_v", "h264", true),
                new OutputStream(StreamType.AUDIO, "0:a:0", "aac", false)),
            CodecSpec.DEFAULT);

    List<String> args = CommandBuilder.arguments(invocation(List.of(scale), out));

    assertThat(String.join(" ", args))
        .isEqualTo(
            "-hide_banner -nostdin -progress pipe:1 -nostats -loglevel warning -y"
                + " -protocol_whitelist file,pipe -format_whitelist mov -f mov -i file:/media/in.mp4"
                + " -filter_complex [0:v:0]scale=w=640:h=-2[small_v]"
                + " -map [small_v] -map 0:a:0"
                + " -c:v libx264 -crf 23 -preset veryfast -pix_fmt yuv420p"
                + " -c:a aac -b:a 192k"
                + " -map_metadata 0 -movflags +faststart -f mp4 file:/out/clip.mp4");
  }

  @Test
  void every_input_is_read_only_by_the_demuxer_it_was_probed_with() {
    List<String> args =
        CommandBuilder.arguments(
            new Invocation(
                "inv0",
                List.of(
                    new InvocationInput(0, "main", "/media/in.mkv", "matroska,webm"),
                    new InvocationInput(1, "logo", "/media/logo.png", "png_pipe")),
                List.of(),
                List.of(copyVideo()),
                MediaDuration.ofSeconds(1),
                Estimate.ZERO,
                List.of("main")));

    assertThat(String.join(" ", args))
        .contains(
            " -protocol_whitelist file,pipe -format_whitelist matroska -f matroska"
                + " -i file:/media/in.mkv"
                + " -protocol_whitelist file,pipe -format_whitelist png_pipe -f png_pipe"
                + " -i file:/media/logo.png ");
  }

  @Test
  void only_a_streamed_inputs_url_may_use_the_network_protocols_of_its_scheme() {
    String signed = "https://s3.example.com/media/in.mp4?X-Amz-Signature=abc&X-Amz-Credential=k";
    List<String> args =
        CommandBuilder.arguments(
            new Invocation(
                "inv0",
                List.of(
                    new InvocationInput(0, "main", signed, "mov,mp4,m4a,3gp,3g2,mj2"),
                    new InvocationInput(1, "logo", "/media/logo.png", "png_pipe"),
                    new InvocationInput(2, "local", "http://s3.local:9000/m/a.mp4", "")),
                List.of(),
                List.of(copyVideo()),
                MediaDuration.ofSeconds(1),
                Estimate.ZERO,
                List.of("main")));

    assertThat(String.join(" ", args))
        .contains(
            " -protocol_whitelist https,tls,tcp -max_redirects 0 -format_whitelist mov -f mov -i "
                + signed
                + " -protocol_whitelist file,pipe -format_whitelist png_pipe -f png_pipe"
                + " -i file:/media/logo.png"
                + " -protocol_whitelist http,tcp -max_redirects 0 -format_whitelist ");
    assertThat(args).contains("http://s3.local:9000/m/a.mp4").doesNotContain("file:" + signed);
  }

  @Test
  void a_signed_urls_query_is_cut_from_messages_and_ffmpegs_error_text() {
    String signed = "https://s3.example.com/media/in.mp4?X-Amz-Signature=abc&X-Amz-Credential=k";
    String stderr = "[https @ 0x1] HTTP error 403 Forbidden\n" + signed + ": Server returned 403";

    assertThat(NetworkInputs.redact(stderr, List.of(signed, "/media/logo.png")))
        .isEqualTo(
            "[https @ 0x1] HTTP error 403 Forbidden\n"
                + "https://s3.example.com/media/in.mp4: Server returned 403");
    assertThat(NetworkInputs.shown(signed)).isEqualTo("https://s3.example.com/media/in.mp4");
    assertThat(NetworkInputs.isUrl("/media/http://x")).isFalse();
  }

  @Test
  void a_picture_read_by_name_is_one_picture_never_a_sequence() {
    List<String> args = CommandBuilder.arguments(withInput("/media/img%03d.png", "image2"));

    assertThat(String.join(" ", args))
        .contains(
            " -format_whitelist image2 -f image2 -pattern_type none -i file:/media/img%03d.png ");
  }

  @Test
  void an_input_of_unknown_or_refused_format_may_only_be_probed_as_plain_media() {
    for (String container : List.of("", "hls", "dash", "concat", "image2pipe", "lavfi")) {
      List<String> args = CommandBuilder.arguments(withInput("/media/x.mp4", container));

      int at = args.indexOf("-format_whitelist");
      assertThat(args.subList(0, args.indexOf("-i")))
          .as(container)
          .doesNotContain("-f", "-pattern_type");
      assertThat(args.get(at + 2)).isEqualTo("-i");
      List<String> allowed = List.of(args.get(at + 1).split(","));
      assertThat(allowed).contains("mov", "matroska", "mp3", "wav", "png_pipe", "jpeg_pipe");
      assertThat(allowed)
          .doesNotContain(
              "image2",
              "image2pipe",
              "hls",
              "dash",
              "concat",
              "imf",
              "webm_dash_manifest",
              "lavfi",
              "avisynth",
              "vapoursynth",
              "svg_pipe");
    }
  }

  private static Invocation withInput(String location, String container) {
    return new Invocation(
        "inv0",
        List.of(new InvocationInput(0, "main", location, container)),
        List.of(),
        List.of(copyVideo()),
        MediaDuration.ofSeconds(1),
        Estimate.ZERO,
        List.of("main"));
  }

  private static InvocationOutput copyVideo() {
    return output(
        "/out/a.mkv",
        "mkv",
        false,
        List.of(new OutputStream(StreamType.VIDEO, "0:v:0", "copy", false)),
        CodecSpec.DEFAULT);
  }

  @Test
  void hostile_text_stays_inside_single_arguments() {
    String hostile = "x' -y -i /etc/passwd ; [a] , drawbox";
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("title", hostile);
    InvocationOutput out =
        new InvocationOutput(
            "outputs[0]",
            "n",
            "/out/a b;c.mp4",
            "mp4",
            false,
            List.of(new OutputStream(StreamType.VIDEO, "0:v:0", "copy", false)),
            CodecSpec.DEFAULT,
            tags,
            true);

    List<String> args = CommandBuilder.arguments(invocation(List.of(), out));

    assertThat(args).contains("title=" + hostile, "file:/out/a b;c.mp4");
    assertThat(args).containsOnlyOnce("-i").doesNotContain("-filter_complex");
  }

  @Test
  void uses_n_when_any_output_must_not_be_replaced() {
    InvocationOutput keep =
        new InvocationOutput(
            "outputs[0]",
            "n",
            "/out/a.mp4",
            "mp4",
            false,
            List.of(new OutputStream(StreamType.VIDEO, "0:v:0", "copy", false)),
            CodecSpec.DEFAULT,
            Map.of(),
            false);

    assertThat(CommandBuilder.arguments(invocation(List.of(), keep)))
        .contains("-n")
        .doesNotContain("-y");
  }

  @Test
  void writes_one_frame_for_a_still_image_without_tags_or_chapters() {
    InvocationOutput png =
        output(
            "/out/thumb.png",
            "png",
            true,
            List.of(new OutputStream(StreamType.VIDEO, "t", "png", true)),
            CodecSpec.DEFAULT);

    String args = String.join(" ", CommandBuilder.arguments(invocation(List.of(), png)));

    assertThat(args)
        .endsWith(
            "-map [t] -c:v png -frames:v 1 -update 1 -map_metadata -1 -map_chapters -1"
                + " -f image2 file:/out/thumb.png");
  }

  @Test
  void honours_crf_preset_bitrates_sample_rate_and_channels() {
    CodecSpec codec =
        CodecSpec.builder()
            .crf(30)
            .preset("slow")
            .audioBitrate("96k")
            .sampleRate(44100)
            .channels(1)
            .build();
    InvocationOutput mkv =
        output(
            "/out/a.mkv",
            "mkv",
            false,
            List.of(
                new OutputStream(StreamType.VIDEO, "0:v:0", "hevc", false),
                new OutputStream(StreamType.AUDIO, "0:a?", "opus", false)),
            codec);

    String args = String.join(" ", CommandBuilder.arguments(invocation(List.of(), mkv)));

    assertThat(args)
        .contains("-map 0:v:0 -map 0:a?")
        .contains("-c:v libx265 -crf 30 -preset slow -pix_fmt yuv420p")
        .contains("-c:a libopus -b:a 96k -ar 44100 -ac 1")
        .contains("-f matroska file:/out/a.mkv")
        .doesNotContain("hvc1")
        .doesNotContain("faststart");
  }

  @Test
  void maps_every_codec_and_container_name() {
    assertThat(Formats.videoEncoder("vp9", "o")).isEqualTo("libvpx-vp9");
    assertThat(Formats.videoEncoder("jpg", "o")).isEqualTo("mjpeg");
    assertThat(Formats.audioEncoder("mp3", "o")).isEqualTo("libmp3lame");
    assertThat(Formats.muxer("m4a", "o")).isEqualTo("ipod");
    assertThat(Formats.muxer("webm", "o")).isEqualTo("webm");
    assertThat(Formats.muxer("jpg", "o")).isEqualTo("image2");
    assertThat(Formats.muxer("opus", "o")).isEqualTo("opus");
  }

  @Test
  void rejects_an_unknown_codec_naming_the_output_and_the_known_ones() {
    InvocationOutput out =
        output(
            "/out/a.mp4",
            "mp4",
            false,
            List.of(new OutputStream(StreamType.VIDEO, "0:v:0", "divx", false)),
            CodecSpec.DEFAULT);

    assertThatThrownBy(() -> CommandBuilder.arguments(invocation(List.of(), out)))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(
            e -> assertThat(((MediaFlowException) e).code()).isEqualTo(ErrorCode.INVALID_VALUE))
        .hasMessageContaining("outputs[0]")
        .hasMessageContaining("\"divx\"")
        .hasMessageContaining("h264");
  }

  @Test
  void rejects_an_unknown_container() {
    InvocationOutput out =
        output(
            "/out/a.xyz",
            "xyz",
            false,
            List.of(new OutputStream(StreamType.VIDEO, "0:v:0", "copy", false)),
            CodecSpec.DEFAULT);

    assertThatThrownBy(() -> CommandBuilder.arguments(invocation(List.of(), out)))
        .isInstanceOf(MediaFlowException.class)
        .hasMessageContaining("container \"xyz\"");
  }

  @Test
  void rejects_an_output_without_streams() {
    InvocationOutput out = output("/out/a.mp4", "mp4", false, Collections.emptyList(), null);

    assertThatThrownBy(() -> CommandBuilder.arguments(invocation(List.of(), out)))
        .isInstanceOf(MediaFlowException.class)
        .hasMessageContaining("no stream");
  }
}
