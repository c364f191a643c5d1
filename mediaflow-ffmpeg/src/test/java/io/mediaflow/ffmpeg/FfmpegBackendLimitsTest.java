package io.mediaflow.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.plan.GraphFilter;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationInput;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.OutputStream;
import io.mediaflow.api.plan.PlanNode;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.testkit.MediaFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Capability check, filter scripts, input limits and parallel probing, on the real FFmpeg. */
class FfmpegBackendLimitsTest {

  private static final FfmpegBackend BACKEND = FfmpegBackend.ofDefaults();

  @TempDir Path dir;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  @Test
  void the_installed_ffmpeg_has_everything_a_usual_plan_needs() {
    List<GraphFilter> filters =
        List.of(
            new GraphFilter("trim", List.of(), List.of("0:v:0"), List.of("t"), "cut"),
            new GraphFilter("scale", List.of(), List.of("t"), List.of("s"), "cut"),
            new GraphFilter("loudnorm", List.of(), List.of("0:a:0"), List.of("a"), "cut"));
    InvocationOutput out =
        output(
            dir.resolve("o.mp4"),
            new OutputStream(StreamType.VIDEO, "s", "h264", true),
            new OutputStream(StreamType.AUDIO, "a", "aac", true));

    assertThat(BACKEND.verify(plan(invocation(MediaFixtures.smallClip(), filters, out)))).isEmpty();
  }

  @Test
  void verify_reports_what_the_installed_ffmpeg_lacks() {
    List<GraphFilter> filters =
        List.of(new GraphFilter("nosuchfilter", List.of(), List.of("0:v:0"), List.of("s"), "cut"));
    InvocationOutput out =
        output(dir.resolve("o.mp4"), new OutputStream(StreamType.VIDEO, "s", "h264", true));

    assertThat(BACKEND.verify(plan(invocation(MediaFixtures.smallClip(), filters, out))))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(ErrorCode.FILTER_NOT_FOUND);
              assertThat(v.path()).isEqualTo("operations[0]");
              assertThat(v.message()).contains("nosuchfilter");
            });
  }

  @Test
  void a_graph_of_5000_filters_runs_through_a_filter_script() throws Exception {
    List<GraphFilter> filters = new ArrayList<>();
    String previous = "0:v:0";
    for (int i = 0; i < 5000; i++) {
      String next = "n" + i;
      filters.add(new GraphFilter("null", List.of(), List.of(previous), List.of(next), "cut"));
      previous = next;
    }
    Path clip = dir.resolve("long graph.mp4");
    Invocation inv =
        invocation(
            MediaFixtures.smallClip(),
            filters,
            output(clip, new OutputStream(StreamType.VIDEO, previous, "mpeg4", true)));
    String inline =
        BACKEND.arguments(inv).get(BACKEND.arguments(inv).indexOf("-filter_complex") + 1);
    assertThat(inline.length()).isGreaterThan(16 * 1024);
    java.util.Set<Path> scriptsBefore = graphScripts();

    BACKEND.execute(inv, ExecutionControl.none());

    assertThat(BACKEND.probe(clip).primaryVideo()).isPresent();
    assertThat(graphScripts()).isSubsetOf(scriptsBefore); // ours was deleted
  }

  @Test
  void an_input_over_a_limit_is_refused_naming_the_limit_and_the_value() {
    FfmpegBackend strict =
        FfmpegBackend.builder()
            .probeLimits(
                ProbeLimits.custom().maxWidth(100).maxDuration(Duration.ofSeconds(1)).build())
            .build();

    assertThatThrownBy(() -> strict.probe(MediaFixtures.smallClip()))
        .isInstanceOfSatisfying(
            MediaFlowException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_INVALID))
        .hasMessageContaining("video width limit: 320 px > 100 px")
        .hasMessageContaining("ProbeLimits.maxWidth");
  }

  @Test
  void duration_and_file_size_limits_apply() {
    FfmpegBackend shortOnly =
        FfmpegBackend.builder()
            .probeLimits(ProbeLimits.custom().maxDuration(Duration.ofSeconds(1)).build())
            .build();
    FfmpegBackend tiny =
        FfmpegBackend.builder()
            .probeLimits(ProbeLimits.custom().maxFileBytes(1000).build())
            .build();

    assertThatThrownBy(() -> shortOnly.probe(MediaFixtures.smallClip()))
        .hasMessageContaining("duration limit")
        .hasMessageContaining("> PT1S");
    assertThatThrownBy(() -> tiny.probe(MediaFixtures.smallClip()))
        .hasMessageContaining("file size limit")
        .hasMessageContaining("> 1000 bytes");
  }

  @Test
  void the_default_limits_accept_ordinary_media() {
    assertThat(ProbeLimits.ofDefaults())
        .isEqualTo(new ProbeLimits(8192, 8192, Duration.ofHours(24), 50L << 30));
    assertThat(BACKEND.probe(MediaFixtures.smallClip()).hasVideo()).isTrue();
  }

  @Test
  void limits_are_validated_when_set() {
    assertThatThrownBy(() -> ProbeLimits.custom().maxWidth(0))
        .hasMessageContaining("maxWidth must be positive but was 0");
    assertThatThrownBy(() -> ProbeLimits.custom().maxWidth(10).maxWidth(20))
        .hasMessageContaining("already set");
  }

  @Test
  void probes_many_inputs_in_parallel_and_keeps_their_order() {
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("clip", MediaFixtures.smallClip());
    files.put("audio", MediaFixtures.audioOnly());
    files.put("still", MediaFixtures.stillImage());
    files.put("silent", MediaFixtures.silentClip());

    Map<String, MediaInfo> media = Engine.probeAll(BACKEND, files, 2);

    assertThat(media).containsOnlyKeys(files.keySet());
    assertThat(media.keySet()).containsExactlyElementsOf(files.keySet());
    assertThat(media.get("audio").hasVideo()).isFalse();
    assertThat(media.get("still").isStillImage()).isTrue();
  }

  @Test
  void parallel_probing_never_runs_more_than_the_limit_at_once() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    MediaBackend counting =
        new DelegatingBackend(BACKEND) {
          @Override
          public MediaInfo probe(Path file) {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
              Thread.sleep(50);
              return super.probe(file);
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            } finally {
              running.decrementAndGet();
            }
          }
        };
    Map<Integer, Path> files = new LinkedHashMap<>();
    for (int i = 0; i < 8; i++) {
      files.put(i, MediaFixtures.smallClip());
    }

    assertThat(Engine.probeAll(counting, files, 3)).hasSize(8);
    assertThat(most.get()).isBetween(2, 3);
  }

  @Test
  void parallel_probing_reports_the_first_failing_input_in_order() throws Exception {
    Path missing = dir.resolve("missing.mp4");
    Path corrupt = MediaFixtures.corruptFile();
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("clip", MediaFixtures.smallClip());
    files.put("gone", missing);
    files.put("bad", corrupt);

    assertThatThrownBy(() -> Engine.probeAll(BACKEND, files, 3))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INPUT_NOT_FOUND);
              assertThat(e.getSuppressed()).hasSize(1);
            })
        .hasMessageContaining("missing.mp4");
    assertThat(Files.exists(missing)).isFalse();
  }

  private static java.util.Set<Path> graphScripts() throws Exception {
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("mediaflow-graph-"))
          .collect(java.util.stream.Collectors.toSet());
    }
  }

  private static InvocationOutput output(Path location, OutputStream... streams) {
    return new InvocationOutput(
        "outputs[0]",
        "cut",
        location.toString(),
        "mp4",
        false,
        List.of(streams),
        CodecSpec.DEFAULT,
        Map.of(),
        true);
  }

  private static Invocation invocation(
      Path input, List<GraphFilter> filters, InvocationOutput output) {
    return new Invocation(
        "inv0",
        List.of(new InvocationInput(0, "main", input.toString())),
        filters,
        List.of(output),
        MediaDuration.ofSeconds(2),
        Estimate.ZERO,
        List.of("cut"));
  }

  private static ProcessingPlan plan(Invocation inv) {
    MediaInfo none = MediaInfo.of(MediaDuration.ZERO, List.of(), List.of());
    return new ProcessingPlan(
        List.of(
            new PlanNode("main", PlanNode.Kind.INPUT, "", "inputs[0]", 0, none, Estimate.ZERO),
            new PlanNode(
                "cut", PlanNode.Kind.OPERATION, "trim", "operations[0]", 1, none, Estimate.ZERO)),
        List.of(),
        List.of(),
        List.of(inv),
        Estimate.ZERO,
        MediaDuration.ZERO);
  }

  /** Forwards everything to another backend; tests override one method. */
  private static class DelegatingBackend implements MediaBackend {
    private final MediaBackend target;

    DelegatingBackend(MediaBackend target) {
      this.target = target;
    }

    @Override
    public String name() {
      return target.name();
    }

    @Override
    public MediaInfo probe(Path file) {
      return target.probe(file);
    }

    @Override
    public List<String> arguments(Invocation invocation) {
      return target.arguments(invocation);
    }

    @Override
    public io.mediaflow.api.backend.ExecutionResult execute(
        Invocation invocation, ExecutionControl control) {
      return target.execute(invocation, control);
    }
  }
}
