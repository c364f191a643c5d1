package io.mediaflow.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.InputSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.spec.OutputSpec;
import io.mediaflow.api.spec.StreamSelector;
import io.mediaflow.testkit.MediaFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output options of a job spec ({@code codec} and {@code streams}) through the real planner,
 * runner and FFmpeg, on tiny generated clips; every property is read back with {@code ffprobe}:
 * codec names, sample rate, channels, bit rates, stream count and order, languages, chapters. The
 * encoders' own settings strings (x264 and x265 write theirs into the stream) show the crf and the
 * bit rate they were given.
 */
class OutputOptionsEndToEndTest {

  private static final FfmpegBackend BACKEND = FfmpegBackend.ofDefaults();
  private static final Engine ENGINE = new Engine(BACKEND);
  private static final double TOLERANCE = 0.15;

  @TempDir Path dir;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  // --- codecs and their settings

  @Test
  void hevc_with_a_crf_in_mp4_is_tagged_hvc1_and_keeps_the_audio() throws Exception {
    Path out = dir.resolve("hevc.mp4");
    run(
        MediaFixtures.smallClip(),
        output(out, CodecSpec.builder().video("hevc").crf(30).preset("ultrafast").build()));

    Probe p = Probe.of(out);
    assertThat(p.codecs()).containsExactly("hevc", "aac");
    assertThat(p.video().get("codec_tag_string")).isEqualTo("hvc1");
    assertThat(p.video().get("width")).isEqualTo("320");
    assertThat(encoderSettings(out)).contains("rc=crf").contains("crf=30.0");
    assertThat(p.duration()).isCloseTo(2.0, within(TOLERANCE));
  }

  @Test
  void h264_with_a_crf_is_encoded_at_that_crf() throws Exception {
    Path out = dir.resolve("crf.mp4");
    run(MediaFixtures.smallClip(), output(out, CodecSpec.builder().video("h264").crf(35).build()));

    assertThat(Probe.of(out).codecs()).containsExactly("h264", "aac");
    assertThat(encoderSettings(out)).contains("rc=crf").contains("crf=35.0");
  }

  @Test
  void a_video_bitrate_gives_an_average_bitrate_encode_near_it() throws Exception {
    Path out = dir.resolve("abr.mp4");
    run(
        MediaFixtures.smallClip(),
        output(out, CodecSpec.builder().video("h264").videoBitrate("300k").audio("none").build()));

    Probe p = Probe.of(out);
    assertThat(p.codecs()).containsExactly("h264");
    assertThat(encoderSettings(out)).contains("rc=abr").contains("bitrate=300");
    assertThat(Long.parseLong(p.video().get("bit_rate"))).isBetween(150_000L, 450_000L);
  }

  @Test
  void vp9_and_opus_in_webm_by_default_with_channels_and_audio_bitrate() throws Exception {
    Path out = dir.resolve("clip.webm");
    run(
        MediaFixtures.smallClip(),
        output(out, CodecSpec.builder().crf(40).channels(1).audioBitrate("48k").build()));

    Probe p = Probe.of(out);
    assertThat(p.codecs()).containsExactly("vp9", "opus");
    assertThat(p.format().get("format_name")).contains("webm");
    assertThat(p.video().get("width")).isEqualTo("320");
    assertThat(p.audio(0).get("channels")).isEqualTo("1");
    assertThat(p.duration()).isCloseTo(2.0, within(TOLERANCE));
  }

  @Test
  void vp9_with_a_video_bitrate_in_webm() throws Exception {
    Path out = dir.resolve("abr.webm");
    run(
        MediaFixtures.smallClip(),
        output(out, CodecSpec.builder().video("vp9").videoBitrate("200k").audio("none").build()));

    Probe p = Probe.of(out);
    assertThat(p.codecs()).containsExactly("vp9");
    // webm keeps no per-stream bit rate: the file's size says it
    double bitsPerSecond = Files.size(out) * 8 / p.duration();
    assertThat(bitsPerSecond).isBetween(60_000.0, 500_000.0);
  }

  @Test
  void opus_in_mkv_at_a_chosen_sample_rate_and_channels() throws Exception {
    Path out = dir.resolve("opus.mkv");
    run(
        MediaFixtures.smallClip(),
        output(
            out,
            CodecSpec.builder().video("copy").audio("opus").sampleRate(24000).channels(2).build()));

    Probe p = Probe.of(out);
    assertThat(p.codecs()).containsExactly("h264", "opus");
    assertThat(p.audio(0).get("channels")).isEqualTo("2");
    // Opus always decodes at 48 kHz; the encoder's input rate is in the header
    assertThat(p.audio(0).get("sample_rate")).isEqualTo("48000");
  }

  @Test
  void aac_sample_rate_channels_and_bitrate_in_m4a() throws Exception {
    Path out = dir.resolve("voice.m4a");
    run(
        MediaFixtures.smallClip(),
        output(out, CodecSpec.builder().sampleRate(22050).channels(2).audioBitrate("64k").build()));

    Probe p = Probe.of(out);
    assertThat(p.codecs()).containsExactly("aac");
    assertThat(p.audio(0).get("sample_rate")).isEqualTo("22050");
    assertThat(p.audio(0).get("channels")).isEqualTo("2");
    assertThat(Long.parseLong(p.audio(0).get("bit_rate"))).isBetween(48_000L, 80_000L);
  }

  @Test
  void mp3_sample_rate_channels_and_constant_bitrate() throws Exception {
    Path out = dir.resolve("voice.mp3");
    run(
        MediaFixtures.smallClip(),
        output(out, CodecSpec.builder().sampleRate(32000).channels(1).audioBitrate("48k").build()));

    Probe p = Probe.of(out);
    assertThat(p.codecs()).containsExactly("mp3");
    assertThat(p.audio(0).get("sample_rate")).isEqualTo("32000");
    assertThat(p.audio(0).get("channels")).isEqualTo("1");
    assertThat(p.audio(0).get("bit_rate")).isEqualTo("48000");
  }

  @Test
  void hevc_and_opus_in_mkv_after_a_filter() throws Exception {
    Path out = dir.resolve("small.mkv");
    JobSpec spec =
        JobSpec.builder()
            .input("in", "file:" + MediaFixtures.smallClip())
            .operation("scale")
            .from("in")
            .to("small")
            .param("width", 160)
            .param("height", -2)
            .output("small", "file:" + out)
            .codec(
                CodecSpec.builder()
                    .video("hevc")
                    .audio("opus")
                    .preset("ultrafast")
                    .channels(1)
                    .build())
            .build();
    run(spec);

    Probe p = Probe.of(out);
    assertThat(p.codecs()).containsExactly("hevc", "opus");
    assertThat(p.video().get("width")).isEqualTo("160");
    assertThat(p.video().get("height")).isEqualTo("120");
    assertThat(p.audio(0).get("channels")).isEqualTo("1");
  }

  // --- every track, subtitle and chapter kept

  @Test
  void the_multi_track_fixture_is_what_the_tests_below_expect() throws Exception {
    Probe p = Probe.of(MediaFixtures.multiTrack());

    assertThat(p.codecs()).containsExactly("h264", "aac", "aac", "subrip", "subrip");
    assertThat(p.languages()).containsExactly("", "eng", "fra", "eng", "fra");
    assertThat(p.chapters()).isEqualTo(2);
    MediaInfo info = BACKEND.probe(MediaFixtures.multiTrack());
    assertThat(info.audio()).hasSize(2);
    assertThat(info.subtitles()).hasSize(2);
  }

  @Test
  void mkv_to_mkv_keeps_every_track_subtitle_and_chapter() throws Exception {
    Path out = dir.resolve("all.mkv");
    run(MediaFixtures.multiTrack(), output(out, CodecSpec.DEFAULT));

    Probe p = Probe.of(out);
    assertThat(p.codecs()).containsExactly("h264", "aac", "aac", "subrip", "subrip");
    assertThat(p.languages()).containsExactly("", "eng", "fra", "eng", "fra");
    assertThat(p.chapters()).isEqualTo(2);
    assertThat(p.format().get("TAG:title")).isEqualTo("Multi");
  }

  @Test
  void mkv_to_mp4_keeps_every_track_with_subtitles_as_mov_text_and_the_chapters() throws Exception {
    Path out = dir.resolve("all.mp4");
    run(MediaFixtures.multiTrack(), output(out, CodecSpec.DEFAULT));

    Probe p = Probe.of(out);
    assertThat(p.codecs()).containsExactly("h264", "aac", "aac", "mov_text", "mov_text");
    assertThat(p.languages()).containsExactly("und", "eng", "fra", "eng", "fra");
    assertThat(p.chapters()).isEqualTo(2);
  }

  @Test
  void a_filtered_video_keeps_both_audio_tracks_the_subtitles_and_chapters() throws Exception {
    Path out = dir.resolve("scaled.mkv");
    JobSpec spec =
        JobSpec.builder()
            .input("in", "file:" + MediaFixtures.multiTrack())
            .operation("scale")
            .from("in")
            .to("small")
            .param("width", 160)
            .param("height", -2)
            .output("small", "file:" + out)
            .build();
    run(spec);

    Probe p = Probe.of(out);
    assertThat(p.codecs()).containsExactly("h264", "aac", "aac", "subrip", "subrip");
    assertThat(p.languages()).containsExactly("", "eng", "fra", "eng", "fra");
    assertThat(p.video().get("width")).isEqualTo("160");
    assertThat(p.chapters()).isEqualTo(2);
  }

  @Test
  void re_encoding_the_audio_keeps_both_tracks_and_their_languages() throws Exception {
    Path out = dir.resolve("opus.mkv");
    run(
        MediaFixtures.multiTrack(),
        output(out, CodecSpec.builder().video("copy").audio("opus").channels(1).build()));

    Probe p = Probe.of(out);
    assertThat(p.codecs()).containsExactly("h264", "opus", "opus", "subrip", "subrip");
    assertThat(p.languages()).containsExactly("", "eng", "fra", "eng", "fra");
    assertThat(p.audio(0).get("channels")).isEqualTo("1");
    assertThat(p.audio(1).get("channels")).isEqualTo("1");
  }

  // --- streams: selection by type, language and index

  @Test
  void streams_by_type_keeps_only_that_type() throws Exception {
    Path out = dir.resolve("audio.mkv");
    run(MediaFixtures.multiTrack(), output(out, CodecSpec.DEFAULT, all(StreamType.AUDIO)));

    Probe p = Probe.of(out);
    assertThat(p.codecs()).containsExactly("aac", "aac");
    assertThat(p.languages()).containsExactly("eng", "fra");
  }

  @Test
  void streams_by_language_keeps_the_matching_tracks_of_each_type() throws Exception {
    Path out = dir.resolve("french.mkv");
    run(
        MediaFixtures.multiTrack(),
        output(
            out,
            CodecSpec.DEFAULT,
            all(StreamType.VIDEO),
            new StreamSelector(StreamType.AUDIO, "fra", -1),
            new StreamSelector(StreamType.SUBTITLE, "fra", -1)));

    Probe p = Probe.of(out);
    assertThat(p.codecs()).containsExactly("h264", "aac", "subrip");
    assertThat(p.languages()).containsExactly("", "fra", "fra");
    assertThat(p.chapters()).isEqualTo(2);
  }

  @Test
  void streams_by_index_keeps_the_nth_track_of_that_type() throws Exception {
    Path out = dir.resolve("second.mp4");
    run(
        MediaFixtures.multiTrack(),
        output(
            out,
            CodecSpec.DEFAULT,
            new StreamSelector(StreamType.VIDEO, "", 0),
            new StreamSelector(StreamType.AUDIO, "", 1),
            new StreamSelector(StreamType.SUBTITLE, "", 0)));

    Probe p = Probe.of(out);
    assertThat(p.codecs()).containsExactly("h264", "aac", "mov_text");
    assertThat(p.languages()).containsExactly("und", "fra", "eng");
  }

  @Test
  void streams_by_language_and_index_keeps_the_nth_track_in_that_language() throws Exception {
    Path out = dir.resolve("english.mkv");
    run(
        MediaFixtures.multiTrack(),
        output(
            out,
            CodecSpec.builder().audio("opus").build(),
            new StreamSelector(StreamType.AUDIO, "eng", 0),
            new StreamSelector(StreamType.SUBTITLE, "eng", 0)));

    Probe p = Probe.of(out);
    assertThat(p.codecs()).containsExactly("opus", "subrip");
    assertThat(p.languages()).containsExactly("eng", "eng");
  }

  @Test
  void streams_by_language_and_an_index_past_the_matches_fails_when_planning() {
    OutputSpec out =
        output(
            dir.resolve("none.mkv"),
            CodecSpec.DEFAULT,
            new StreamSelector(StreamType.AUDIO, "fra", 1));

    assertThatThrownBy(() -> run(MediaFixtures.multiTrack(), out))
        .hasMessageContaining("1 audio track(s) in language 'fra'")
        .hasMessageContaining("index 1 does not exist");
    assertThat(dir.resolve("none.mkv")).doesNotExist();
  }

  @Test
  void streams_of_a_filtered_result_keep_the_selected_untouched_tracks() throws Exception {
    Path out = dir.resolve("small-fra.mp4");
    JobSpec spec =
        JobSpec.builder()
            .input("in", "file:" + MediaFixtures.multiTrack())
            .operation("scale")
            .from("in")
            .to("small")
            .param("width", 160)
            .param("height", -2)
            .output("small", "file:" + out)
            .streams(
                all(StreamType.VIDEO),
                new StreamSelector(StreamType.AUDIO, "fra", -1),
                new StreamSelector(StreamType.SUBTITLE, "fra", -1))
            .build();
    run(spec);

    Probe p = Probe.of(out);
    assertThat(p.codecs()).containsExactly("h264", "aac", "mov_text");
    assertThat(p.languages()).containsExactly("und", "fra", "fra");
    assertThat(p.video().get("width")).isEqualTo("160");
    assertThat(p.chapters()).isEqualTo(2);
  }

  // --- helpers

  private static StreamSelector all(StreamType type) {
    return StreamSelector.all(type);
  }

  private static OutputSpec output(Path out, CodecSpec codec, StreamSelector... streams) {
    return new OutputSpec("in", "file:" + out, codec, Map.of(), List.of(streams), false);
  }

  private static void run(Path input, OutputSpec output) {
    run(JobSpec.builder().input("in", "file:" + input).output(output).build());
  }

  private static void run(JobSpec spec) {
    Map<String, MediaInfo> media = new HashMap<>();
    for (InputSpec input : spec.inputs()) {
      media.put(input.id(), BACKEND.probe(Path.of(input.source().substring("file:".length()))));
    }
    ProcessingPlan plan = ENGINE.plan(spec, media);
    ENGINE.run(plan);
  }

  /** The encoder's settings string (x264 and x265 write it into the stream as plain text). */
  static String encoderSettings(Path file) throws IOException {
    String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    int at = bytes.indexOf("options: ");
    assertThat(at).as("no encoder settings in %s", file).isNotNegative();
    int end = bytes.indexOf('\0', at);
    return bytes.substring(at, end < 0 ? Math.min(bytes.length(), at + 4000) : end);
  }

  /** What {@code ffprobe} says about a file: its streams in order, its format and chapters. */
  record Probe(List<Map<String, String>> streams, Map<String, String> format, int chapters) {

    static Probe of(Path file) throws IOException, InterruptedException {
      List<String> command =
          List.of(
              MediaFixtures.ffprobe().orElseThrow().toString(),
              "-v",
              "error",
              "-show_streams",
              "-show_format",
              "-show_chapters",
              "-of",
              "flat=s=|",
              file.toString());
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(text).isZero();
      Map<Integer, Map<String, String>> streams = new java.util.TreeMap<>();
      Map<String, String> format = new LinkedHashMap<>();
      java.util.Set<Integer> chapters = new java.util.HashSet<>();
      for (String line : text.split("\n")) {
        int eq = line.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String[] key = line.substring(0, eq).split("\\|");
        String value = unquote(line.substring(eq + 1));
        switch (key[0]) {
          case "streams" ->
              streams
                  .computeIfAbsent(Integer.parseInt(key[2]), i -> new LinkedHashMap<>())
                  .put(key[3].equals("tags") ? "TAG:" + key[4] : key[3], value);
          case "format" -> format.put(key[1].equals("tags") ? "TAG:" + key[2] : key[1], value);
          case "chapters" -> chapters.add(Integer.parseInt(key[2]));
          default -> {}
        }
      }
      return new Probe(new ArrayList<>(streams.values()), format, chapters.size());
    }

    private static String unquote(String v) {
      return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
          ? v.substring(1, v.length() - 1)
          : v;
    }

    /**
     * The video, audio and subtitle tracks in file order. Data tracks are left out: MP4 stores
     * chapters both as a list and as a text track that ffprobe shows as {@code bin_data}.
     */
    List<Map<String, String>> tracks() {
      return streams.stream().filter(s -> !"data".equals(s.get("codec_type"))).toList();
    }

    List<String> codecs() {
      return tracks().stream().map(s -> s.get("codec_name")).toList();
    }

    /** Each track's language tag, {@code ""} when it has none. */
    List<String> languages() {
      return tracks().stream().map(s -> s.getOrDefault("TAG:language", "")).toList();
    }

    Map<String, String> video() {
      return streams.stream()
          .filter(s -> "video".equals(s.get("codec_type")))
          .findFirst()
          .orElseThrow();
    }

    Map<String, String> audio(int n) {
      return streams.stream().filter(s -> "audio".equals(s.get("codec_type"))).toList().get(n);
    }

    double duration() {
      return Double.parseDouble(format.get("duration"));
    }
  }
}
