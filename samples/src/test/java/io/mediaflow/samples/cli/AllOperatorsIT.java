package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.media.AudioStream;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.VideoStream;
import io.mediaflow.ffmpeg.FfmpegBackend;
import io.mediaflow.testkit.MediaFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every built-in operator through the real {@code mediaflow.jar}, on tiny generated media: each
 * output is probed and its duration, size, frame rate, tracks and codecs are checked. Most
 * operators share one fused job (one FFmpeg run with fifteen outputs) to keep the class fast.
 *
 * <p>The main clip has a <em>stereo</em> track, as real media does: the testkit's own clips are
 * mono, and loudnorm once failed on every stereo input while passing on mono ones.
 */
class AllOperatorsIT {

  /** Container durations after re-encoding aac (priming samples) may run a frame or two long. */
  private static final double TOLERANCE = 0.1;

  /** Every character with a meaning to FFmpeg's option, filtergraph or drawtext parsers. */
  private static final String AWKWARD = "it's 50% {off}: a\\b; [c], d";

  private static final FfmpegBackend PROBE = new FfmpegBackend();

  @TempDir static Path media;

  @TempDir Path dir;

  @BeforeAll
  static void generateMedia() {
    MediaFixtures.requireFfmpeg();
    String video = "-f lavfi -i testsrc2=size=320x240:rate=25 ";
    String h264 = " -c:v libx264 -preset ultrafast -pix_fmt yuv420p";
    String aac = " -c:a aac -b:a 96k";
    // 2 s, 320x240, 25 fps, h264 + stereo aac at 48 kHz
    generate(
        video + "-f lavfi -i sine=frequency=440:sample_rate=48000 -t 2 -ac 2" + h264 + aac,
        "main.mp4");
    // 1 s of the same shape, to append
    generate(
        video + "-f lavfi -i sine=frequency=660:sample_rate=48000 -t 1 -ac 2" + h264 + aac,
        "second.mp4");
    // a 64x32 logo
    generate("-f lavfi -i testsrc2=size=64x32:rate=1 -frames:v 1", "logo.png");
    // 2 s of a mono tone with no video, to mix in
    generate("-f lavfi -i sine=frequency=220:sample_rate=48000:duration=2" + aac, "tone.m4a");
  }

  @Test
  void every_operator_in_one_fused_job_gives_outputs_of_the_expected_shape() throws Exception {
    copyMedia("main.mp4", "second.mp4", "logo.png", "tone.m4a");
    Path spec = Workdir.spec(dir, "all.json", allOperatorsSpec());

    JsonNode plan = Cli.run(dir, "plan", spec.toString()).expectOk().json();
    assertThat(plan.get("invocations")).as("fifteen outputs, one FFmpeg run").hasSize(1);

    Cli.Result result = Cli.run(dir, "run", spec.toString()).expectOk();
    assertThat(result.stdout().lines()).hasSize(15);
    Path out = dir.resolve("out");

    // trim 0.5 s + 1 s of 2 s
    MediaInfo trimmed = movie(out.resolve("trimmed.mp4"), 1.0, 320, 240);
    assertThat(trimmed.audio()).hasSize(1);
    // scale 320x240 to width 160, height -2 (keep the aspect ratio)
    movie(out.resolve("scaled.mp4"), 2.0, 160, 120);
    movie(out.resolve("cropped.mp4"), 2.0, 200, 100);
    // rotate 90 degrees: width and height swap
    movie(out.resolve("rotated.mp4"), 2.0, 240, 320);
    MediaInfo tenFps = movie(out.resolve("tenfps.mp4"), 2.0, 320, 240);
    assertThat(tenFps.primaryVideo().orElseThrow().fps()).isCloseTo(10.0, within(0.01));
    assertThat(PROBE.probe(out.resolve("scaled.mp4")).primaryVideo().orElseThrow().fps())
        .isCloseTo(25.0, within(0.01));
    movie(out.resolve("padded.mp4"), 2.0, 400, 300);
    movie(out.resolve("quieter.mp4"), 2.0, 320, 240);
    assertThat(meanVolume(out.resolve("quieter.mp4")))
        .as("volume gain -6 dB")
        .isCloseTo(meanVolume(media.resolve("main.mp4")) - 6.0, within(1.0));
    movie(out.resolve("faded.mp4"), 2.0, 320, 240);
    // concat: 2 s + 1 s
    movie(out.resolve("joined.mp4"), 3.0, 320, 240);
    // overlay and drawtext keep the base's size
    movie(out.resolve("branded.mp4"), 2.0, 320, 240);
    movie(out.resolve("captioned.mp4"), 2.0, 320, 240);

    MediaInfo mixed = audioOnly(out.resolve("mixed.m4a"), 2.0);
    assertThat(mixed.audio()).as("two inputs mixed into one track").hasSize(1);
    MediaInfo soundtrack = audioOnly(out.resolve("soundtrack.m4a"), 2.0);
    assertThat(soundtrack.primaryAudio().orElseThrow().channels()).isEqualTo(2);

    image(out.resolve("poster.png"), 320, 240);
    image(out.resolve("wave.png"), 400, 100);

    assertThat(leftovers(out)).as("no temp files left").isEmpty();
  }

  @Test
  void metadata_with_every_escaping_character_reads_back_byte_for_byte() {
    copyMedia("main.mp4");
    String title = "quote ' colon : backslash \\ semi ; [brackets] , comma % {braces} done";
    Path spec =
        Workdir.spec(
            dir,
            "title.json",
            """
            {
              "inputs": [{ "id": "main", "source": "file:main.mp4" }],
              "operations": [
                { "op": "scale", "input": "main", "output": "small",
                  "params": { "width": 160, "height": -2 } }
              ],
              "outputs": [
                { "id": "small", "destination": "file:out/titled.mp4",
                  "metadata": { "title": %s } },
                { "id": "main", "destination": "file:out/titled.m4a",
                  "codec": { "video": "none" }, "metadata": { "title": %s } }
              ]
            }
            """
                .formatted(jsonString(title), jsonString(title)));

    Cli.run(dir, "run", spec.toString()).expectOk();

    for (String name : List.of("titled.mp4", "titled.m4a")) {
      JsonNode info = Cli.run(dir, "probe", "out/" + name).expectOk().json();
      assertThat(info.get("tags").get("title").asText()).as("title of %s", name).isEqualTo(title);
      assertThat(info.get("tags").get("title").asText().getBytes(StandardCharsets.UTF_8))
          .isEqualTo(title.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void loudnorm_measures_in_a_first_run_then_normalizes_a_stereo_clip() throws Exception {
    copyMedia("main.mp4");
    Path spec =
        Workdir.spec(
            dir,
            "loudnorm.json",
            """
            {
              "inputs": [{ "id": "main", "source": "file:main.mp4" }],
              "operations": [
                { "op": "loudnorm", "input": "main", "output": "norm",
                  "params": { "target": -23 } }
              ],
              "outputs": [{ "id": "norm", "destination": "file:out/norm.mp4" }]
            }
            """);

    JsonNode invocations =
        Cli.run(dir, "plan", spec.toString()).expectOk().json().get("invocations");
    assertThat(invocations).as("analysis, then encoding").hasSize(2);
    List<String> analysis = args(invocations.get(0));
    assertThat(analysis).containsSequence("-f", "null", "-");
    assertThat(String.join(" ", analysis)).contains("print_format=json");
    assertThat(String.join(" ", args(invocations.get(1))))
        .contains("measured_I=${norm.input_i}", "linear=true")
        .contains("file:" + dir.resolve("out/norm.mp4").toAbsolutePath());

    Cli.run(dir, "run", spec.toString()).expectOk();

    MediaInfo norm = movie(dir.resolve("out/norm.mp4"), 2.0, 320, 240);
    AudioStream audio = norm.primaryAudio().orElseThrow();
    assertThat(audio.sampleRate()).as("set back from loudnorm's 192 kHz").isEqualTo(48000);
    assertThat(audio.channels()).isEqualTo(2);
    assertThat(integratedLoudness(dir.resolve("out/norm.mp4"))).isCloseTo(-23.0, within(1.5));
    assertThat(leftovers(dir.resolve("out"))).isEmpty();
  }

  @Test
  void a_corrupt_input_exits_3_and_leaves_nothing_in_the_output_folder() throws IOException {
    copyMedia("main.mp4");
    Files.copy(MediaFixtures.corruptFile(), dir.resolve("corrupt.mp4"));
    Path out = Files.createDirectories(dir.resolve("out"));
    Path spec =
        Workdir.spec(
            dir,
            "corrupt.json",
            """
            {
              "inputs": [{ "id": "main", "source": "file:main.mp4" },
                         { "id": "bad", "source": "file:corrupt.mp4" }],
              "operations": [
                { "op": "concat", "input": ["main", "bad"], "output": "joined" },
                { "op": "scale", "input": "main", "output": "small",
                  "params": { "width": 160, "height": -2 } }
              ],
              "outputs": [
                { "id": "small", "destination": "file:out/small.mp4" },
                { "id": "joined", "destination": "file:out/joined.mp4" }
              ]
            }
            """);

    Cli.Result result = Cli.run(dir, "run", spec.toString()).expectExit(3);

    assertThat(result.errorLines().get(0))
        .startsWith("error: INPUT_INVALID: ")
        .contains("corrupt.mp4");
    assertThat(result.stderr()).doesNotContain("\tat ");
    assertThat(result.stdout()).isEmpty();
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files).as("all outputs or none").isEmpty();
    }
  }

  // --- the fused job

  private static String allOperatorsSpec() {
    return """
        {
          "version": 1,
          "inputs": [
            { "id": "main", "source": "file:main.mp4" },
            { "id": "second", "source": "file:second.mp4" },
            { "id": "logo", "source": "file:logo.png" },
            { "id": "tone", "source": "file:tone.m4a" }
          ],
          "operations": [
            { "op": "trim", "input": "main", "output": "trimmed",
              "params": { "start": "0.5s", "duration": "1s" } },
            { "op": "scale", "input": "main", "output": "scaled",
              "params": { "width": 160, "height": -2 } },
            { "op": "crop", "input": "main", "output": "cropped",
              "params": { "width": 200, "height": 100 } },
            { "op": "rotate", "input": "main", "output": "rotated", "params": { "degrees": 90 } },
            { "op": "fps", "input": "main", "output": "tenfps", "params": { "fps": 10 } },
            { "op": "pad", "input": "main", "output": "padded",
              "params": { "width": 400, "height": 300, "color": "blue" } },
            { "op": "volume", "input": "main", "output": "quieter", "params": { "gain": -6 } },
            { "op": "fade", "input": "main", "output": "faded",
              "params": { "type": "in", "duration": "0.5s" } },
            { "op": "mix", "input": ["main", "tone"], "output": "mixed" },
            { "op": "concat", "input": ["main", "second"], "output": "joined" },
            { "op": "overlay", "input": ["main", "logo"], "output": "branded",
              "params": { "x": "W-w-10", "y": 10 } },
            { "op": "drawtext", "input": "main", "output": "captioned",
              "params": { "text": %s, "x": 10, "y": "H-text_h-10", "fontSize": 16 } },
            { "op": "thumbnail", "input": "main", "output": "poster", "params": { "at": "1s" } },
            { "op": "waveform", "input": "main", "output": "wave",
              "params": { "width": 400, "height": 100 } },
            { "op": "extract_audio", "input": "main", "output": "soundtrack" }
          ],
          "outputs": [
            { "id": "trimmed", "destination": "file:out/trimmed.mp4" },
            { "id": "scaled", "destination": "file:out/scaled.mp4" },
            { "id": "cropped", "destination": "file:out/cropped.mp4" },
            { "id": "rotated", "destination": "file:out/rotated.mp4" },
            { "id": "tenfps", "destination": "file:out/tenfps.mp4" },
            { "id": "padded", "destination": "file:out/padded.mp4" },
            { "id": "quieter", "destination": "file:out/quieter.mp4" },
            { "id": "faded", "destination": "file:out/faded.mp4" },
            { "id": "mixed", "destination": "file:out/mixed.m4a" },
            { "id": "joined", "destination": "file:out/joined.mp4" },
            { "id": "branded", "destination": "file:out/branded.mp4" },
            { "id": "captioned", "destination": "file:out/captioned.mp4" },
            { "id": "poster", "destination": "file:out/poster.png" },
            { "id": "wave", "destination": "file:out/wave.png" },
            { "id": "soundtrack", "destination": "file:out/soundtrack.m4a" }
          ]
        }
        """
        .formatted(jsonString(AWKWARD));
  }

  // --- checks

  /** An h264 + aac movie of the given length and size. */
  private static MediaInfo movie(Path file, double seconds, int width, int height) {
    MediaInfo info = PROBE.probe(file);
    assertThat(info.duration().toSeconds())
        .as("duration of %s", file.getFileName())
        .isCloseTo(seconds, within(TOLERANCE));
    assertThat(info.video()).as("video tracks of %s", file.getFileName()).hasSize(1);
    VideoStream video = info.video().get(0);
    assertThat(video.codec()).as("video codec of %s", file.getFileName()).isEqualTo("h264");
    assertThat(video.width()).as("width of %s", file.getFileName()).isEqualTo(width);
    assertThat(video.height()).as("height of %s", file.getFileName()).isEqualTo(height);
    assertThat(info.audio()).as("audio tracks of %s", file.getFileName()).hasSize(1);
    assertThat(info.audio().get(0).codec()).isEqualTo("aac");
    return info;
  }

  /** An aac track alone. */
  private static MediaInfo audioOnly(Path file, double seconds) {
    MediaInfo info = PROBE.probe(file);
    assertThat(info.video()).as("video tracks of %s", file.getFileName()).isEmpty();
    assertThat(info.audio()).as("audio tracks of %s", file.getFileName()).hasSize(1);
    assertThat(info.audio().get(0).codec()).isEqualTo("aac");
    assertThat(info.duration().toSeconds())
        .as("duration of %s", file.getFileName())
        .isCloseTo(seconds, within(TOLERANCE));
    return info;
  }

  /** One png picture. */
  private static void image(Path file, int width, int height) {
    MediaInfo info = PROBE.probe(file);
    assertThat(info.video()).as("pictures in %s", file.getFileName()).hasSize(1);
    assertThat(info.audio()).isEmpty();
    VideoStream picture = info.video().get(0);
    assertThat(picture.codec()).isEqualTo("png");
    assertThat(picture.width()).as("width of %s", file.getFileName()).isEqualTo(width);
    assertThat(picture.height()).as("height of %s", file.getFileName()).isEqualTo(height);
  }

  private static List<Path> leftovers(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().contains("mediaflow-tmp")).toList();
    }
  }

  private static List<String> args(JsonNode invocation) {
    List<String> args = new ArrayList<>();
    invocation.get("args").forEach(a -> args.add(a.asText()));
    return args;
  }

  // --- media helpers

  /** Writes {@code name} in the shared media folder with ffmpeg and the given arguments. */
  private static void generate(String arguments, String name) {
    List<String> args = new ArrayList<>(List.of(arguments.trim().split("\\s+")));
    args.add(media.resolve(name).toString());
    ffmpeg(args.toArray(String[]::new));
  }

  private void copyMedia(String... names) {
    try {
      for (String name : names) {
        Files.copy(media.resolve(name), dir.resolve(name));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The {@code mean_volume} volumedetect reports, in dB. */
  private static double meanVolume(Path file) {
    String log = ffmpeg("-i", file.toString(), "-af", "volumedetect", "-f", "null", "-");
    return number(log, "mean_volume: (-?[0-9.]+) dB");
  }

  /** The integrated loudness ebur128 reports in its summary, in LUFS. */
  private static double integratedLoudness(Path file) {
    String log = ffmpeg("-i", file.toString(), "-af", "ebur128", "-f", "null", "-");
    return number(log.substring(log.lastIndexOf("Summary:")), "I:\\s+(-?[0-9.]+) LUFS");
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("/%s/ in:%n%s", regex, text).isTrue();
    return Double.parseDouble(m.group(1));
  }

  /**
   * Runs ffmpeg (info log level, no stdin) and returns what it printed; fails on a non-zero exit.
   */
  private static String ffmpeg(String... args) {
    List<String> command = new ArrayList<>();
    command.add(MediaFixtures.ffmpeg().orElseThrow().toString());
    command.addAll(List.of("-hide_banner", "-nostdin", "-nostats", "-y"));
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ffmpeg finished").isTrue();
      assertThat(process.exitValue()).as("%s%n%s", command, output).isZero();
      return output;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String jsonString(String text) {
    StringBuilder json = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> json.append(c);
      }
    }
    return json.append('"').toString();
  }
}
