package io.mediaflow.samples.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediaflow.JobHandle;
import io.mediaflow.MediaFlow;
import io.mediaflow.Workspace;
import io.mediaflow.api.Violation;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.backend.ExecutionResult;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.ffmpeg.FfmpegBackend;
import io.mediaflow.testkit.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A workspace in a temp folder with an engine on the calling thread and a manual clock, the real
 * FFmpeg backend counted (so a test run can show it ran no media tool), and one-node workflows of
 * the built-in media actions.
 */
final class MediaActionFlows implements AutoCloseable {

  static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
  static final FfmpegBackend FFMPEG = FfmpegBackend.ofDefaults();
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final ManualClock clock = ManualClock.at(T0);
  final Counting backend = new Counting(FFMPEG);
  final MediaFlow flow;

  MediaActionFlows(Path dir) {
    this(dir, b -> {});
  }

  /** With more of the engine's options ({@code s3(…)}, a media storage). */
  MediaActionFlows(Path dir, java.util.function.Consumer<MediaFlow.Builder> more) {
    this.dir = dir;
    MediaFlow.Builder b =
        MediaFlow.builder()
            .clock(clock)
            .runOnCallingThread()
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .mediaBackend(backend);
    more.accept(b);
    this.flow = b.build();
  }

  @Override
  public void close() {
    flow.close();
  }

  /** Copies a fixture into the workspace as {@code name}. */
  Path copy(Path fixture, String name) {
    try {
      Path to = dir.resolve(name);
      Files.createDirectories(to.getParent());
      return Files.copy(fixture, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An action node. */
  static String node(String id, String action, String params) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\"action\",\"action\":\""
        + action
        + "\",\"params\":"
        + params
        + "}";
  }

  static String edge(String from, String to) {
    return "{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}";
  }

  /** A workflow {@code wf}: a manual trigger {@code start}, then these nodes and edges. */
  static String workflow(List<String> nodes, List<String> edges) {
    return "{\"version\":1,\"id\":\"wf\",\"nodes\":[{\"id\":\"start\",\"type\":\"trigger\"},"
        + String.join(",", nodes)
        + "],\"edges\":["
        + String.join(",", edges)
        + "]}";
  }

  /** A workflow of one node {@code a} after the trigger. */
  static String single(String action, String params) {
    return workflow(List.of(node("a", action, params)), List.of(edge("start", "a")));
  }

  /** Starts a run and runs it (and its media jobs) to its end or its next wait. */
  JobHandle run(String workflow) {
    JobHandle h = flow.workflows().start(workflow, Map.of());
    flow.runDueJobs();
    return h;
  }

  /** A test run, run as far as it goes. */
  JobHandle testRun(String workflow) {
    JobHandle h = flow.workflows().testRun(workflow, Map.of());
    flow.runDueJobs();
    return h;
  }

  List<Violation> validate(String workflow) {
    return flow.validateWorkflow(workflow);
  }

  /** A node's outputs from the finished run's result. */
  Map<String, Object> outputs(JobHandle h, String nodeId) {
    try {
      Map<String, Object> result =
          JSON.readValue(h.status().result().orElseThrow(), new TypeReference<>() {});
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> outputs =
          (Map<String, Map<String, Object>>) result.get("outputs");
      return outputs.get(nodeId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String summary(JobHandle h, String nodeId) {
    return flow.workflows().run(h.id()).orElseThrow().node(nodeId).orElseThrow().summary();
  }

  /** The run's child jobs (its media jobs). */
  List<Job> children(JobHandle h) {
    return flow.storage().jobs().query(JobQuery.all().withParent(h.id()).withPage(0, 50)).items();
  }

  /** Every file under the workspace, relative. */
  Map<String, Long> files() {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile)
          .collect(Collectors.toMap(p -> dir.relativize(p).toString(), MediaActionFlows::size));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts the run completed, saying why not. */
  static void assertCompleted(JobHandle h) {
    assertThat(h.status().error()).as("the run's error").isEmpty();
    assertThat(h.status().state().name()).isEqualTo("COMPLETED");
  }

  /** The real backend, counting what it is asked to do. */
  static final class Counting implements MediaBackend {
    final MediaBackend real;
    final AtomicInteger probes = new AtomicInteger();
    final AtomicInteger executions = new AtomicInteger();

    Counting(MediaBackend real) {
      this.real = real;
    }

    @Override
    public String name() {
      return real.name();
    }

    @Override
    public MediaInfo probe(Path file) {
      probes.incrementAndGet();
      return real.probe(file);
    }

    @Override
    public List<Violation> verify(ProcessingPlan plan) {
      return real.verify(plan);
    }

    @Override
    public List<String> arguments(Invocation invocation) {
      return real.arguments(invocation);
    }

    @Override
    public ExecutionResult execute(Invocation invocation, ExecutionControl control) {
      executions.incrementAndGet();
      return real.execute(invocation, control);
    }
  }
}
