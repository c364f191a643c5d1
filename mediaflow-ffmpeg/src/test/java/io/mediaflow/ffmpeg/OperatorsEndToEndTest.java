package io.mediaflow.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.VideoStream;
import io.mediaflow.api.plan.GraphFilter;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.InputSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.testkit.MediaFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each built-in operator through the real planner, runner and FFmpeg, on tiny generated clips; the
 * results are checked by probing them.
 */
class OperatorsEndToEndTest {

  private static final FfmpegBackend BACKEND = FfmpegBackend.ofDefaults();
  private static final Engine ENGINE = new Engine(BACKEND);
  private static final double TOLERANCE = 0.15;

  @TempDir Path dir;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  @Test
  void crop_keeps_the_rectangle_and_the_audio() {
    MediaInfo out =
        runOne(
            "crop", MediaFixtures.smallClip(), Map.of("width", 160, "height", 100, "x", 10), "mp4");

    assertSize(out, 160, 100);
    assertThat(out.hasAudio()).isTrue();
    assertThat(out.duration().toSeconds()).isCloseTo(2.0, within(TOLERANCE));
  }

  @Test
  void rotate_by_a_quarter_turn_swaps_the_sides() {
    assertSize(runOne("rotate", MediaFixtures.smallClip(), Map.of("degrees", 90), "mp4"), 240, 320);
  }

  @Test
  void rotate_by_another_angle_keeps_the_size() {
    assertSize(runOne("rotate", MediaFixtures.smallClip(), Map.of("degrees", 30), "mp4"), 320, 240);
  }

  @Test
  void fps_sets_the_frame_rate() {
    MediaInfo out = runOne("fps", MediaFixtures.smallClip(), Map.of("fps", 10), "mp4");

    assertThat(out.primaryVideo().orElseThrow().fps()).isCloseTo(10.0, within(0.01));
    assertThat(out.duration().toSeconds()).isCloseTo(2.0, within(TOLERANCE));
  }

  @Test
  void pad_grows_the_canvas() {
    MediaInfo out =
        runOne(
            "pad",
            MediaFixtures.smallClip(),
            Map.of("width", 400, "height", 300, "color", "#336699", "x", "ow-iw"),
            "mp4");

    assertSize(out, 400, 300);
    assertThat(out.hasAudio()).isTrue();
  }

  @Test
  void volume_changes_the_loudness() throws Exception {
    Path tone = audioClip(4);
    Path out = dir.resolve("quiet.m4a");
    run(oneOperation("volume", tone, Map.of("gain", -12), out));

    double before = integratedLoudness(tone);
    double after = integratedLoudness(out);
    assertThat(after - before).isCloseTo(-12.0, within(1.0));
  }

  @Test
  void fade_out_keeps_the_duration_and_both_tracks() {
    MediaInfo out =
        runOne("fade", MediaFixtures.smallClip(), Map.of("type", "out", "duration", 0.5), "mp4");

    assertThat(out.duration().toSeconds()).isCloseTo(2.0, within(TOLERANCE));
    assertThat(out.hasVideo()).isTrue();
    assertThat(out.hasAudio()).isTrue();
  }

  @Test
  void loudnorm_measures_first_and_reaches_the_target_within_one_lu() throws Exception {
    Path tone = audioClip(6);
    Path out = dir.resolve("normalized.m4a");
    JobSpec spec = oneOperation("loudnorm", tone, Map.of("target", -16), out);

    ProcessingPlan plan = plan(spec);
    assertThat(plan.invocations())
        .extracting(Invocation::purpose)
        .containsExactly(Invocation.Purpose.ANALYSIS, Invocation.Purpose.ENCODE);
    List<String> analysisArgs = BACKEND.arguments(plan.invocations().get(0));
    assertThat(String.join(" ", analysisArgs)).contains("-loglevel info").endsWith("-f null -");
    Map<String, String> measured =
        BACKEND
            .execute(plan.invocations().get(0), io.mediaflow.api.backend.ExecutionControl.none())
            .measurements();
    assertThat(measured)
        .containsKeys("input_i", "input_tp", "input_lra", "input_thresh", "target_offset");

    ENGINE.run(plan);

    assertThat(integratedLoudness(out)).isCloseTo(-16.0, within(1.0));
    MediaInfo info = BACKEND.probe(out);
    assertThat(info.primaryAudio().orElseThrow().sampleRate()).isEqualTo(48000);
    assertThat(info.duration().toSeconds()).isCloseTo(6.0, within(TOLERANCE));
  }

  @Test
  void mix_with_ducking_keeps_the_first_video_and_mixes_the_audio() {
    Path out = dir.resolve("mixed.mp4");
    JobSpec spec =
        JobSpec.builder()
            .input("music", "file:" + MediaFixtures.smallClip())
            .input("voice", "file:" + MediaFixtures.audioOnly())
            .operation("mix")
            .from("music", "voice")
            .to("mixed")
            .param("ducking", true)
            .param("weights", List.of(1, 2))
            .output("mixed", "file:" + out)
            .build();

    ProcessingPlan plan = plan(spec);
    assertThat(plan.invocations().get(0).filters())
        .extracting(GraphFilter::name)
        .contains("asplit", "sidechaincompress", "amix");
    ENGINE.run(plan);

    MediaInfo info = BACKEND.probe(out);
    assertSize(info, 320, 240);
    assertThat(info.audio()).hasSize(1);
    assertThat(info.duration().toSeconds()).isCloseTo(2.0, within(TOLERANCE));
  }

  @Test
  void concat_plays_inputs_of_different_sizes_one_after_the_other() {
    Path second =
        MediaFixtures.clip(MediaFixtures.Spec.builder().size(640, 480).seconds(1).build());
    Path out = dir.resolve("joined.mp4");
    JobSpec spec =
        JobSpec.builder()
            .input("a", "file:" + MediaFixtures.smallClip())
            .input("b", "file:" + second)
            .operation("concat")
            .from("a", "b")
            .to("joined")
            .output("joined", "file:" + out)
            .build();

    run(spec);

    MediaInfo info = BACKEND.probe(out);
    assertSize(info, 320, 240);
    assertThat(info.hasAudio()).isTrue();
    assertThat(info.duration().toSeconds()).isCloseTo(3.0, within(TOLERANCE));
  }

  @Test
  void overlay_keeps_a_still_logo_over_the_whole_base() {
    Path out = dir.resolve("branded.mp4");
    JobSpec spec =
        JobSpec.builder()
            .input("main", "file:" + MediaFixtures.smallClip())
            .input("logo", "file:" + MediaFixtures.stillImage())
            .operation("scale")
            .from("logo")
            .to("small")
            .param("width", 64)
            .operation("overlay")
            .from("main", "small")
            .to("branded")
            .param("x", "W-w-10")
            .param("y", 10)
            .output("branded", "file:" + out)
            .build();

    run(spec);

    MediaInfo info = BACKEND.probe(out);
    assertSize(info, 320, 240);
    assertThat(info.hasAudio()).isTrue();
    assertThat(info.duration().toSeconds()).isCloseTo(2.0, within(TOLERANCE));
  }

  @Test
  void waveform_draws_the_audio_as_one_png() {
    Path out = dir.resolve("wave.png");
    run(
        oneOperation(
            "waveform",
            MediaFixtures.audioOnly(),
            Map.of("width", 640, "height", 120, "color", "orange"),
            out));

    MediaInfo info = BACKEND.probe(out);
    assertThat(info.video())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.codec()).isEqualTo("png");
              assertThat(v.resolution().toString()).isEqualTo("640x120");
            });
    assertThat(info.hasAudio()).isFalse();
  }

  @Test
  void extract_audio_copies_the_audio_into_an_audio_file() {
    Path out = dir.resolve("sound.m4a");
    JobSpec spec = oneOperation("extract_audio", MediaFixtures.smallClip(), Map.of(), out);

    ProcessingPlan plan = plan(spec);
    assertThat(plan.invocations().get(0).outputs().get(0).streams())
        .singleElement()
        .satisfies(s -> assertThat(s.codec()).isEqualTo("copy"));
    ENGINE.run(plan);

    MediaInfo info = BACKEND.probe(out);
    assertThat(info.hasVideo()).isFalse();
    assertThat(info.primaryAudio().orElseThrow().codec()).isEqualTo("aac");
    assertThat(info.duration().toSeconds()).isCloseTo(2.0, within(TOLERANCE));
  }

  private MediaInfo runOne(String op, Path input, Map<String, ?> params, String extension) {
    Path out = dir.resolve(op + "." + extension);
    run(oneOperation(op, input, params, out));
    return BACKEND.probe(out);
  }

  private static JobSpec oneOperation(String op, Path input, Map<String, ?> params, Path out) {
    return JobSpec.builder()
        .input("in", "file:" + input)
        .operation(op)
        .from("in")
        .to("result")
        .params(params)
        .output("result", "file:" + out)
        .build();
  }

  private static ProcessingPlan plan(JobSpec spec) {
    Map<String, MediaInfo> media = new HashMap<>();
    for (InputSpec input : spec.inputs()) {
      media.put(input.id(), BACKEND.probe(Path.of(input.source().substring("file:".length()))));
    }
    return ENGINE.plan(spec, media);
  }

  private static void run(JobSpec spec) {
    ENGINE.run(plan(spec));
  }

  private static void assertSize(MediaInfo info, int width, int height) {
    VideoStream v = info.primaryVideo().orElseThrow();
    assertThat(v.resolution().toString()).isEqualTo(width + "x" + height);
  }

  /** A 440 Hz sine tone, audio only, long enough for loudness measurement. */
  private static Path audioClip(double seconds) {
    return MediaFixtures.clip(
        MediaFixtures.Spec.builder().noVideo().container("m4a").seconds(seconds).build());
  }

  /** Integrated loudness in LUFS, as ebur128 reports it (per-frame lines at verbose: hidden). */
  static double integratedLoudness(Path file) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(MediaFixtures.ffmpeg().orElseThrow().toString());
    command.addAll(
        List.of(
            "-hide_banner",
            "-nostdin",
            "-nostats",
            "-i",
            file.toString(),
            "-af",
            "ebur128=framelog=verbose",
            "-f",
            "null",
            "-"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    int summary = output.lastIndexOf("Summary:");
    assertThat(summary).as(output).isNotNegative();
    Matcher m = Pattern.compile("I:\\s+(-?[0-9.]+) LUFS").matcher(output.substring(summary));
    assertThat(m.find()).as(output).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
