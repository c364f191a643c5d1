package io.mediaflow.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationInput;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.OutputStream;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.testkit.Leftovers;
import io.mediaflow.testkit.MediaFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FFmpeg opens only the files a job names: a file in an allowed folder that lists other files (an
 * HLS playlist, a DASH manifest, a concat list, a picture named like a sequence) never makes
 * ffprobe or ffmpeg read them, whatever the file is called; and an input that is not a regular file
 * (a named pipe, a device) is refused before anything opens it. Real ffprobe and ffmpeg on lavfi
 * media.
 */
class InputConfinementTest {

  private static final FfmpegBackend BACKEND = FfmpegBackend.ofDefaults();

  /** What the outside file looks like: a size no fixture in the allowed folder has. */
  private static final int SECRET_WIDTH = 176;

  private static final int SECRET_HEIGHT = 144;

  @TempDir Path dir;
  private Path allowed;
  private Path outside;
  private Path secret;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  @BeforeEach
  void folders() throws IOException {
    allowed = Files.createDirectories(dir.resolve("allowed"));
    outside = Files.createDirectories(dir.resolve("outside"));
    secret = Files.copy(secretClip("ts"), outside.resolve("secret.ts"));
  }

  @Test
  void an_hls_playlist_named_mp4_is_refused_by_probe_naming_the_format() throws IOException {
    Path playlist = hlsPlaylist("x.mp4");

    assertThatThrownBy(() -> BACKEND.probe(playlist))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INPUT_FORMAT_NOT_ALLOWED))
        .hasMessageContaining(playlist.toString())
        .hasMessageContaining("an HLS playlist (FFmpeg format 'hls')")
        .satisfies(e -> assertThat(suggestion(e)).contains("media file itself"));
    assertThat(Leftovers.ffmpegProcesses()).isEmpty();
  }

  @Test
  void an_hls_playlist_is_refused_by_execute_and_what_it_lists_never_reaches_the_output()
      throws IOException {
    Path playlist = hlsPlaylist("x.mp4");
    Path out = allowed.resolve("out.mp4");

    // an invocation that did not come from a probe: FFmpeg probes the file itself
    assertThatThrownBy(() -> BACKEND.execute(copyTo(playlist, "", out), ExecutionControl.none()))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INPUT_FORMAT_NOT_ALLOWED))
        .hasMessageContaining("input 'main' (" + playlist + ") of inv0")
        .hasMessageContaining("an HLS playlist");
    assertThat(out).doesNotExist();
  }

  @Test
  void a_playlist_put_in_place_of_a_probed_clip_is_read_as_the_probed_format_and_fails()
      throws IOException {
    Path playlist = hlsPlaylist("x.mp4");
    Path out = allowed.resolve("out.mp4");

    // probed as mp4, then replaced by a playlist before the run: read as mp4, it is not media
    assertThatThrownBy(
            () ->
                BACKEND.execute(
                    copyTo(playlist, "mov,mp4,m4a,3gp,3g2,mj2", out), ExecutionControl.none()))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INPUT_INVALID));
    assertThat(out).doesNotExist();
  }

  @Test
  void a_dash_manifest_is_refused_by_probe_and_by_execute() throws IOException {
    Path manifest = dashManifest("x.mpd");
    Path out = allowed.resolve("out.mp4");

    assertThatThrownBy(() -> BACKEND.probe(manifest))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INPUT_FORMAT_NOT_ALLOWED))
        .hasMessageContaining("a DASH manifest (FFmpeg format 'dash')");
    assertThatThrownBy(() -> BACKEND.execute(copyTo(manifest, "", out), ExecutionControl.none()))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INPUT_FORMAT_NOT_ALLOWED));
    assertThat(out).doesNotExist();
  }

  @Test
  void a_concat_list_is_refused_by_probe_and_by_execute() throws IOException {
    // a relative name through a link: FFmpeg's own "safe" mode of the concat demuxer lets it by
    Files.createSymbolicLink(allowed.resolve("link"), outside);
    Path list =
        Files.writeString(
            allowed.resolve("list.mkv"), "ffconcat version 1.0\nfile link/secret.ts\n");
    Path out = allowed.resolve("out.mp4");

    assertThatThrownBy(() -> BACKEND.probe(list))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INPUT_FORMAT_NOT_ALLOWED))
        .hasMessageContaining("an FFmpeg concat list (FFmpeg format 'concat')");
    assertThatThrownBy(() -> BACKEND.execute(copyTo(list, "", out), ExecutionControl.none()))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INPUT_FORMAT_NOT_ALLOWED));
    assertThat(out).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"img%03d.png", "*.png", "img?.png", "img[1].png"})
  void a_picture_named_like_a_sequence_is_read_as_that_one_picture(String name) throws IOException {
    // the files a sequence or a glob would read, with a size the named picture does not have
    for (String other : List.of("img001.png", "img1.png", "img002.png", "a.png")) {
      picture(allowed.resolve(other), SECRET_WIDTH, SECRET_HEIGHT);
    }
    Path named = picture(allowed.resolve(name), 32, 16);
    Path out = allowed.resolve("out.png");

    MediaInfo info = BACKEND.probe(named);
    BACKEND.execute(stillTo(named, info.container(), out), ExecutionControl.none());

    assertThat(info.primaryVideo().orElseThrow().resolution().toString()).isEqualTo("32x16");
    assertThat(info.isStillImage()).isTrue();
    assertThat(BACKEND.probe(out).primaryVideo().orElseThrow().resolution().toString())
        .isEqualTo("32x16");
  }

  @ParameterizedTest
  @ValueSource(strings = {"p.y", "p%d.y", "q*.Y"})
  void a_picture_named_y_never_makes_ffmpeg_open_the_u_and_v_files_beside_it(String name)
      throws Exception {
    // FFmpeg's image2 takes NAME.y for the luma plane of a YUV picture and opens NAME.U and NAME.V
    // beside it, whatever the pattern type: files the job never named, here a pipe and a link out
    Path luma = Files.write(allowed.resolve(name), new byte[SECRET_WIDTH * SECRET_HEIGHT]);
    String stem = name.substring(0, name.length() - 1);
    fifo(allowed.resolve(stem + "U"));
    Files.createSymbolicLink(allowed.resolve(stem + "V"), secret);
    Path out = allowed.resolve("out.png");

    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          assertThatThrownBy(() -> BACKEND.probe(luma))
              .isInstanceOf(MediaFlowException.class)
              .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INPUT_FORMAT_NOT_ALLOWED))
              .hasMessageContaining("input file " + luma)
              .hasMessageContaining("FFmpeg format 'image2'");
          // an invocation that says image2 itself: still not read with its planes
          assertThatThrownBy(
                  () -> BACKEND.execute(stillTo(luma, "image2", out), ExecutionControl.none()))
              .isInstanceOf(MediaFlowException.class)
              .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INPUT_FORMAT_NOT_ALLOWED));
        });
    assertThat(out).doesNotExist();
    assertThat(Leftovers.ffmpegProcesses()).isEmpty();
  }

  @Test
  void a_png_logo_is_read_with_its_probed_demuxer_and_overlays_as_before() throws IOException {
    Path logo = picture(allowed.resolve("logo.png"), 32, 16);
    Path clip = Files.copy(MediaFixtures.smallClip(), allowed.resolve("in.mp4"));
    Path out = allowed.resolve("branded.mp4");
    JobSpec spec =
        JobSpec.builder()
            .input("main", "file:" + clip)
            .input("logo", "file:" + logo)
            .operation("overlay")
            .from("main", "logo")
            .to("branded")
            .param("x", 10)
            .param("y", 10)
            .output("branded", "file:" + out)
            .build();
    Engine engine = new Engine(BACKEND);

    ProcessingPlan plan =
        engine.plan(spec, Map.of("main", BACKEND.probe(clip), "logo", BACKEND.probe(logo)));
    engine.run(plan);

    List<String> args = BACKEND.arguments(plan.invocations().get(0));
    assertThat(String.join(" ", args))
        .contains("-format_whitelist mov -f mov -i file:" + clip)
        .contains("-format_whitelist png_pipe -f png_pipe -i file:" + logo);
    assertThat(BACKEND.probe(out).primaryVideo().orElseThrow().resolution().toString())
        .isEqualTo("320x240");
  }

  @Test
  void a_named_pipe_is_refused_by_probe_at_once() throws Exception {
    Path fifo = fifo(allowed.resolve("in.mp4"));

    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () ->
            assertThatThrownBy(() -> BACKEND.probe(fifo))
                .isInstanceOf(MediaFlowException.class)
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INPUT_UNREADABLE))
                .hasMessageContaining("input " + fifo + " is a named pipe (FIFO)"));
    assertThat(Leftovers.ffmpegProcesses()).isEmpty();
  }

  @Test
  void a_link_to_a_named_pipe_is_refused_by_execute_before_ffmpeg_starts() throws Exception {
    Path fifo = fifo(outside.resolve("pipe"));
    Path link = Files.createSymbolicLink(allowed.resolve("in.mp4"), fifo);
    Path out = allowed.resolve("out.mp4");

    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () ->
            assertThatThrownBy(
                    () -> BACKEND.execute(copyTo(link, "", out), ExecutionControl.none()))
                .isInstanceOf(MediaFlowException.class)
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INPUT_UNREADABLE))
                .hasMessageContaining("input 'main' (" + link + ") of inv0 is a named pipe"));
    assertThat(out).doesNotExist();
    assertThat(Leftovers.ffmpegProcesses()).isEmpty();
  }

  @Test
  void a_device_is_refused_by_probe_and_by_execute() {
    Path device = Path.of("/dev/zero");
    Path out = allowed.resolve("out.mp4");

    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          assertThatThrownBy(() -> BACKEND.probe(device))
              .isInstanceOf(MediaFlowException.class)
              .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INPUT_UNREADABLE))
              .hasMessageContaining("/dev/zero is a character device, not a regular file");
          assertThatThrownBy(
                  () -> BACKEND.execute(copyTo(device, "", out), ExecutionControl.none()))
              .isInstanceOf(MediaFlowException.class)
              .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INPUT_UNREADABLE));
        });
    assertThat(out).doesNotExist();
  }

  // ---- helpers

  private static Path secretClip(String container) {
    return MediaFixtures.clip(
        MediaFixtures.Spec.builder()
            .size(SECRET_WIDTH, SECRET_HEIGHT)
            .seconds(1)
            .container(container)
            .build());
  }

  /** An HLS playlist in the allowed folder whose one segment is the outside clip. */
  private Path hlsPlaylist(String name) throws IOException {
    return Files.writeString(
        allowed.resolve(name),
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXTINF:1.0,\n"
            + secret
            + "\n#EXT-X-ENDLIST\n",
        StandardCharsets.UTF_8);
  }

  /** A DASH manifest in the allowed folder whose segments are in the outside folder. */
  private Path dashManifest(String name) throws IOException {
    Path stream = Files.createDirectories(outside.resolve("dash"));
    ffmpeg(
        List.of(
            "-i",
            secretClip("mp4").toString(),
            "-c",
            "copy",
            "-f",
            "dash",
            stream.resolve("manifest.mpd").toString()));
    String mpd = Files.readString(stream.resolve("manifest.mpd"), StandardCharsets.UTF_8);
    // segments resolve against the base URL: the outside folder, by absolute path
    String pointed =
        mpd.replaceFirst("<Period", "<BaseURL>" + stream.toAbsolutePath() + "/</BaseURL>\n<Period");
    return Files.writeString(allowed.resolve(name), pointed, StandardCharsets.UTF_8);
  }

  private static Path picture(Path file, int width, int height) {
    ffmpeg(
        List.of(
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=" + width + "x" + height,
            "-frames:v",
            "1",
            "-update",
            "1",
            "-f",
            "image2",
            "file:" + file));
    return file;
  }

  private static Path fifo(Path file) throws IOException, InterruptedException {
    Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(mkfifo.exitValue()).isZero();
    return file;
  }

  private static void ffmpeg(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(MediaFixtures.ffmpeg().orElseThrow().toString());
    command.addAll(List.of("-hide_banner", "-nostdin", "-loglevel", "error", "-y"));
    command.addAll(args);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("%s%n%s", command, output).isZero();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Copies the input's video track into an mp4: whatever FFmpeg reads ends up in the output. */
  private static Invocation copyTo(Path input, String container, Path out) {
    InvocationOutput mp4 =
        new InvocationOutput(
            "outputs[0]",
            "main",
            out.toString(),
            "mp4",
            false,
            List.of(new OutputStream(StreamType.VIDEO, "0:v:0", "copy", false)),
            CodecSpec.DEFAULT,
            Map.of(),
            false);
    return invocation(input, container, mp4);
  }

  private static Invocation stillTo(Path input, String container, Path out) {
    InvocationOutput png =
        new InvocationOutput(
            "outputs[0]",
            "main",
            out.toString(),
            "png",
            true,
            List.of(new OutputStream(StreamType.VIDEO, "0:v:0", "png", false)),
            CodecSpec.DEFAULT,
            Map.of(),
            false);
    return invocation(input, container, png);
  }

  private static Invocation invocation(Path input, String container, InvocationOutput output) {
    return new Invocation(
        "inv0",
        List.of(new InvocationInput(0, "main", input.toString(), container)),
        List.of(),
        List.of(output),
        MediaDuration.ofSeconds(1),
        Estimate.ZERO,
        List.of("main"));
  }

  private static ErrorCode code(Throwable e) {
    return ((MediaFlowException) e).code();
  }

  private static String suggestion(Throwable e) {
    return ((MediaFlowException) e).suggestion();
  }
}
