package io.mediaflow.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.backend.Progress;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.plan.GraphFilter;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationInput;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.OutputStream;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.testkit.Leftovers;
import io.mediaflow.testkit.MediaFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real ffprobe and ffmpeg on generated fixtures: no mocks. */
class FfmpegBackendTest {

  /** Characters that mean something to some level of FFmpeg's syntax, or to a shell. */
  static final String HOSTILE =
      "it's \\ : ; [x] , drawbox=c=red:t=fill % {pts} %{n} [out] \" $HOME `id`";

  private static final FfmpegBackend BACKEND = FfmpegBackend.ofDefaults();

  @TempDir Path dir;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  @Test
  void probes_a_clip_with_video_and_audio() {
    MediaInfo info = BACKEND.probe(MediaFixtures.smallClip());

    assertThat(info.container()).contains("mp4");
    assertThat(info.duration().toSeconds()).isCloseTo(2.0, within(0.1));
    assertThat(info.sizeBytes()).isPositive();
    assertThat(info.video())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.codec()).isEqualTo("h264");
              assertThat(v.resolution().toString()).isEqualTo("320x240");
              assertThat(v.fps()).isCloseTo(25.0, within(0.01));
            });
    assertThat(info.audio())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.codec()).isEqualTo("aac");
              assertThat(a.sampleRate()).isEqualTo(48000);
            });
  }

  @Test
  void probes_a_still_image_as_zero_duration() {
    MediaInfo info = BACKEND.probe(MediaFixtures.stillImage());

    assertThat(info.duration()).isEqualTo(MediaDuration.ZERO);
    assertThat(info.isStillImage()).isTrue();
    assertThat(info.primaryVideo().orElseThrow().resolution().toString()).isEqualTo("320x240");
  }

  @Test
  void probes_audio_only_and_silent_clips() {
    MediaInfo audio = BACKEND.probe(MediaFixtures.audioOnly());
    MediaInfo silent = BACKEND.probe(MediaFixtures.silentClip());

    assertThat(audio.hasVideo()).isFalse();
    assertThat(audio.hasAudio()).isTrue();
    assertThat(audio.duration().toSeconds()).isCloseTo(2.0, within(0.1));
    assertThat(silent.hasVideo()).isTrue();
    assertThat(silent.hasAudio()).isFalse();
    assertThat(silent.isStillImage()).isFalse();
  }

  @Test
  void a_corrupt_file_is_invalid_input_named_in_the_message() {
    Path corrupt = MediaFixtures.corruptFile();

    assertThatThrownBy(() -> BACKEND.probe(corrupt))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INPUT_INVALID))
        .hasMessageContaining(corrupt.toString())
        .satisfies(e -> assertThat(((MediaFlowException) e).suggestion()).isNotEmpty());
  }

  @Test
  void a_missing_file_is_input_not_found() {
    Path missing = dir.resolve("nope.mp4");

    assertThatThrownBy(() -> BACKEND.probe(missing))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INPUT_NOT_FOUND))
        .hasMessageContaining(missing.toString());
  }

  @Test
  void a_folder_is_input_unreadable() {
    assertThatThrownBy(() -> BACKEND.probe(dir))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INPUT_UNREADABLE))
        .hasMessageContaining("is a folder");
  }

  @Test
  void runs_trim_and_scale_in_one_graph_into_a_clip_and_a_thumbnail() {
    Path clip = dir.resolve("out.mp4");
    Path thumb = dir.resolve("thumb.png");
    Invocation inv = trimScaleAndThumbnail(MediaFixtures.clip720p(4), clip, thumb);
    List<Progress> events = new CopyOnWriteArrayList<>();

    BACKEND.execute(inv, control(events::add, new AtomicBoolean(), null));

    MediaInfo out = BACKEND.probe(clip);
    assertThat(out.duration().toSeconds()).isCloseTo(2.0, within(0.15));
    assertThat(out.primaryVideo().orElseThrow().resolution().toString()).isEqualTo("640x360");
    assertThat(out.primaryAudio()).isPresent();
    assertThat(out.tags()).containsEntry("title", HOSTILE);
    MediaInfo picture = BACKEND.probe(thumb);
    assertThat(picture.isStillImage()).isTrue();
    assertThat(picture.primaryVideo().orElseThrow().resolution().toString()).isEqualTo("640x360");
    assertThat(events).isNotEmpty();
    assertThat(events).extracting(Progress::percent).isSorted();
    assertThat(events.get(events.size() - 1).percent()).isEqualTo(100.0);
  }

  @Test
  void a_hostile_filter_value_reaches_the_filter_byte_for_byte() throws Exception {
    Path printed = dir.resolve("printed [x];, 'meta'.txt");
    List<GraphFilter> filters =
        List.of(
            new GraphFilter(
                "metadata",
                List.of(
                    FilterArg.of("mode", "add"),
                    FilterArg.of("key", "mediaflow_k"),
                    FilterArg.of("value", HOSTILE)),
                List.of("0:v:0"),
                List.of("m"),
                "n"),
            new GraphFilter(
                "metadata",
                List.of(
                    FilterArg.of("mode", "print"),
                    FilterArg.of("key", "mediaflow_k"),
                    FilterArg.of("file", printed.toString())),
                List.of("m"),
                List.of("p"),
                "n"),
            new GraphFilter(
                "trim", List.of(FilterArg.of("end_frame", 1)), List.of("p"), List.of("v"), "n"));
    InvocationOutput nullOut =
        new InvocationOutput(
            "outputs[0]",
            "n",
            "-",
            "null",
            false,
            List.of(new OutputStream(StreamType.VIDEO, "v", "mpeg4", true)),
            CodecSpec.DEFAULT,
            Map.of(),
            true);

    BACKEND.execute(
        invocation(MediaFixtures.smallClip(), filters, List.of(nullOut), 0.04),
        ExecutionControl.none());

    assertThat(Files.readString(printed, StandardCharsets.UTF_8))
        .contains("mediaflow_k=" + HOSTILE + "\n");
  }

  @Test
  void cancelling_stops_the_process_and_leaves_none_running() {
    Path out = dir.resolve("slow.mp4");
    AtomicBoolean cancel = new AtomicBoolean();
    Invocation slow = slowInvocation(out);

    long started = System.nanoTime();
    assertThatThrownBy(() -> BACKEND.execute(slow, control(p -> cancel.set(true), cancel, null)))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.CANCELLED))
        .hasMessageContaining("inv0");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    assertThat(Leftovers.ffmpegProcesses()).isEmpty();
  }

  @Test
  void a_run_longer_than_its_timeout_fails_with_timeout() {
    Invocation slow = slowInvocation(dir.resolve("slow.mp4"));

    assertThatThrownBy(
            () ->
                BACKEND.execute(
                    slow, control(p -> {}, new AtomicBoolean(), Duration.ofMillis(300))))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.TIMEOUT))
        .hasMessageContaining("timeout");
    assertThat(Leftovers.ffmpegProcesses()).isEmpty();
  }

  @Test
  void a_corrupt_input_fails_as_invalid_input_with_ffmpeg_messages() {
    Path out = dir.resolve("x.mp4");
    Invocation inv =
        invocation(
            MediaFixtures.corruptFile(),
            List.of(),
            List.of(mp4(out, new OutputStream(StreamType.VIDEO, "0:v:0", "h264", false))),
            1);

    assertThatThrownBy(() -> BACKEND.execute(inv, ExecutionControl.none()))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INPUT_INVALID))
        .hasMessageContaining("Invalid data found");
  }

  @Test
  void a_missing_input_fails_before_ffmpeg_starts() {
    Invocation inv =
        invocation(
            dir.resolve("gone.mp4"),
            List.of(),
            List.of(
                mp4(
                    dir.resolve("x.mp4"),
                    new OutputStream(StreamType.VIDEO, "0:v:0", "copy", false))),
            1);

    assertThatThrownBy(() -> BACKEND.execute(inv, ExecutionControl.none()))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.INPUT_NOT_FOUND))
        .hasMessageContaining("gone.mp4");
  }

  @Test
  void an_existing_destination_is_kept_unless_overwrite_is_set() throws Exception {
    Path existing = Files.writeString(dir.resolve("keep.mp4"), "precious");
    InvocationOutput keep =
        mp4(existing, new OutputStream(StreamType.VIDEO, "0:v:0", "copy", false))
            .withLocation(existing.toString());
    InvocationOutput noOverwrite =
        new InvocationOutput(
            keep.outputId(),
            keep.nodeId(),
            keep.location(),
            keep.container(),
            false,
            keep.streams(),
            keep.codec(),
            Map.of(),
            false);
    Invocation inv = invocation(MediaFixtures.smallClip(), List.of(), List.of(noOverwrite), 2);

    assertThatThrownBy(() -> BACKEND.execute(inv, ExecutionControl.none()))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.DESTINATION_EXISTS))
        .hasMessageContaining("keep.mp4");
    assertThat(Files.readString(existing)).isEqualTo("precious");
  }

  @Test
  void dry_run_arguments_are_what_execute_runs() {
    Invocation inv =
        trimScaleAndThumbnail(
            MediaFixtures.smallClip(), dir.resolve("a.mp4"), dir.resolve("a.png"));

    List<String> args = BACKEND.arguments(inv);

    assertThat(args).startsWith("-hide_banner", "-nostdin", "-progress", "pipe:1", "-nostats");
    assertThat(args).contains("-filter_complex", "-protocol_whitelist", "file,pipe");
    assertThat(args.get(args.size() - 1)).isEqualTo("file:" + dir.resolve("a.png"));
  }

  @Test
  void loading_never_fails_and_a_missing_binary_fails_at_first_use() {
    FfmpegBackend broken = FfmpegBackend.builder().ffmpeg(dir.resolve("ffmpeg")).build();

    assertThat(broken.name()).isEqualTo("ffmpeg");
    assertThatThrownBy(() -> broken.probe(MediaFixtures.smallClip()))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.BINARY_NOT_FOUND))
        .hasMessageContaining("apt-get install -y ffmpeg");
  }

  @Test
  void finds_ffmpeg_through_mediaflow_ffmpeg_home() {
    Path home = MediaFixtures.ffmpeg().orElseThrow().getParent();
    FfmpegBackend backend =
        FfmpegBackend.builder()
            .environment(Map.of("MEDIAFLOW_FFMPEG_HOME", home.toString(), "PATH", ""))
            .build();

    assertThat(backend.ffmpegPath()).isEqualTo(home.resolve("ffmpeg"));
    assertThat(backend.version()).matches("\\d+\\.\\d+.*");
  }

  @Test
  void rejects_setting_an_option_twice() {
    assertThatThrownBy(
            () ->
                FfmpegBackend.builder()
                    .stopGracePeriod(Duration.ofSeconds(1))
                    .stopGracePeriod(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already set");
  }

  @Test
  void service_loader_finds_the_backend_and_the_operators() {
    assertThat(ServiceLoader.load(MediaBackend.class).stream().map(p -> p.type().getName()))
        .contains(FfmpegBackend.class.getName());
    assertThat(ServiceLoader.load(Operator.class).stream().map(p -> p.get().name()))
        .contains("trim", "scale", "thumbnail");
  }

  // ---- helpers

  private static ErrorCode code(Throwable e) {
    return ((MediaFlowException) e).code();
  }

  private static ExecutionControl control(
      java.util.function.Consumer<Progress> onProgress, AtomicBoolean cancel, Duration timeout) {
    return new ExecutionControl() {
      @Override
      public void progress(Progress progress) {
        onProgress.accept(progress);
      }

      @Override
      public boolean isCancelled() {
        return cancel.get();
      }

      @Override
      public java.util.Optional<Duration> timeout() {
        return java.util.Optional.ofNullable(timeout);
      }
    };
  }

  private static Invocation invocation(
      Path input, List<GraphFilter> filters, List<InvocationOutput> outputs, double seconds) {
    return new Invocation(
        "inv0",
        List.of(new InvocationInput(0, "main", input.toString())),
        filters,
        outputs,
        MediaDuration.ofSeconds(seconds),
        Estimate.ZERO,
        List.of("main"));
  }

  private static InvocationOutput mp4(Path location, OutputStream... streams) {
    return new InvocationOutput(
        "outputs[0]",
        "n",
        location.toString(),
        "mp4",
        false,
        List.of(streams),
        CodecSpec.DEFAULT,
        Map.of(),
        true);
  }

  /** trim 1 s + 2 s, scale to 640 wide, split: an mp4 and a png taken 0.5 s into the cut. */
  private static Invocation trimScaleAndThumbnail(Path input, Path clip, Path thumb) {
    List<GraphFilter> filters =
        List.of(
            filter("trim", List.of(arg("start", "1"), arg("duration", "2")), "0:v:0", "v0"),
            filter("setpts", List.of(FilterArg.positional("PTS-STARTPTS")), "v0", "v1"),
            filter(
                "scale",
                List.of(arg("w", "640"), arg("h", "-2"), arg("flags", "bicubic")),
                "v1",
                "v2"),
            new GraphFilter("split", List.of(), List.of("v2"), List.of("va", "vb"), "split"),
            filter("trim", List.of(arg("start", "0.5")), "vb", "t0"),
            filter("setpts", List.of(FilterArg.positional("PTS-STARTPTS")), "t0", "t1"),
            filter("atrim", List.of(arg("start", "1"), arg("duration", "2")), "0:a:0", "a0"),
            filter("asetpts", List.of(FilterArg.positional("PTS-STARTPTS")), "a0", "a1"));
    InvocationOutput mp4 =
        new InvocationOutput(
            "outputs[0]",
            "cut",
            clip.toString(),
            "mp4",
            false,
            List.of(
                new OutputStream(StreamType.VIDEO, "va", "h264", true),
                new OutputStream(StreamType.AUDIO, "a1", "aac", true)),
            CodecSpec.builder().preset("ultrafast").build(),
            Map.of("title", HOSTILE),
            true);
    InvocationOutput png =
        new InvocationOutput(
            "outputs[1]",
            "thumb",
            thumb.toString(),
            "png",
            true,
            List.of(new OutputStream(StreamType.VIDEO, "t1", "png", true)),
            CodecSpec.DEFAULT,
            Map.of(),
            true);
    return invocation(input, filters, List.of(mp4, png), 2);
  }

  /** A 720p encode at the slowest preset: runs long enough to be stopped mid-way. */
  private static Invocation slowInvocation(Path out) {
    InvocationOutput slow =
        new InvocationOutput(
            "outputs[0]",
            "n",
            out.toString(),
            "mp4",
            false,
            List.of(new OutputStream(StreamType.VIDEO, "0:v:0", "h264", false)),
            CodecSpec.builder().preset("placebo").build(),
            Map.of(),
            true);
    return invocation(MediaFixtures.clip720p(10), List.of(), List.of(slow), 10);
  }

  private static GraphFilter filter(String name, List<FilterArg> args, String in, String out) {
    return new GraphFilter(name, args, List.of(in), List.of(out), "n");
  }

  private static FilterArg arg(String key, String value) {
    return FilterArg.of(key, value);
  }
}
