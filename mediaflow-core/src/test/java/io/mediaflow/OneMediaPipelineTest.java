package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.Violation;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.backend.ExecutionResult;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.internal.media.TinyHttpServer;
import io.mediaflow.testkit.FakeMediaBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's {@link LocalRun} and the engine's media jobs are one pipeline: the same spec
 * gives the same invocations and the same files, and each run checks its spec once.
 */
class OneMediaPipelineTest {

  @TempDir Path dir;
  final MediaInfo clip = TestOperators.clip(4, 1280, 720);

  @BeforeEach
  void input() throws IOException {
    Files.writeString(dir.resolve("in.mp4"), "not really media");
  }

  JobSpec spec(String out) {
    return JobSpec.builder()
        .input("main", "file:in.mp4")
        .operation("scale")
        .from("main")
        .to("small")
        .param("width", 640)
        .param("height", -2)
        .output("small", "file:out/" + out)
        .build();
  }

  FakeMediaBackend fake() {
    return FakeMediaBackend.builder().media(dir.resolve("in.mp4"), clip).build();
  }

  @Test
  void the_same_spec_gives_the_same_invocations_and_outputs_through_the_cli_and_the_engine()
      throws IOException {
    FakeMediaBackend cliBackend = fake();
    Path specFile = Files.writeString(dir.resolve("job.json"), JobSpecJson.write(spec("a.mp4")));
    List<Path> local;
    String plan;
    try (LocalRun.Prepared job =
        LocalRun.builder()
            .operators(TestOperators.registry())
            .mediaBackend(cliBackend)
            .build()
            .prepare(specFile)) {
      plan = job.planJson();
      local = job.run(false, p -> {});
    }
    Files.move(local.get(0), dir.resolve("cli.mp4"));

    FakeMediaBackend engineBackend = fake();
    try (MediaFlow flow =
        MediaFlow.builder()
            .operators(TestOperators.registry())
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .mediaBackend(engineBackend)
            .runOnCallingThread()
            .build()) {
      JobHandle h = flow.submit(spec("a.mp4"));
      flow.runDueJobs();
      JobResult r = h.await(Duration.ofSeconds(5));

      assertThat(r.state()).isEqualTo(JobState.COMPLETED);
      assertThat(r.outputs()).isEqualTo(local);
    }
    assertThat(arguments(engineBackend)).isEqualTo(arguments(cliBackend)).isNotEmpty();
    assertThat(plan).contains("scale");
  }

  /** The arguments of every run, the random part of the temp file names left out. */
  private static List<List<String>> arguments(FakeMediaBackend backend) {
    return backend.executions().stream()
        .map(backend::arguments)
        .map(
            args -> args.stream().map(a -> a.replaceAll("\\.[0-9a-f]{8}\\.[^/]*tmp$", "")).toList())
        .toList();
  }

  @Test
  void an_engine_attempt_checks_its_spec_once_even_when_its_url_inputs_were_fetched()
      throws IOException {
    Counting scale = new Counting(TestOperators.registry().find("scale").orElseThrow());
    try (TinyHttpServer server = new TinyHttpServer();
        MediaFlow flow =
            MediaFlow.builder()
                .operators(OperatorRegistry.of(scale))
                .workspace(Workspace.builder().baseDirectory(dir).build())
                .mediaBackend(anyFileIs(clip, fake()))
                .allowPrivateNetwork()
                .downloadDirectory(dir.resolve("downloads"))
                .runOnCallingThread()
                .build()) {
      server.route(
          "/in.mp4", TinyHttpServer.body(200, "media".getBytes(StandardCharsets.UTF_8), false));
      JobSpec spec =
          JobSpec.builder()
              .input("main", "http://127.0.0.1:" + server.port() + "/in.mp4")
              .operation("scale")
              .from("main")
              .to("small")
              .param("width", 640)
              .param("height", -2)
              .output("small", "file:out/u.mp4")
              .build();
      JobHandle h = flow.submit(spec);
      int atSubmit = scale.validations.getAndSet(0);
      flow.runDueJobs();

      assertThat(h.await(Duration.ofSeconds(5)).state()).isEqualTo(JobState.COMPLETED);
      assertThat(atSubmit).isEqualTo(1);
      assertThat(scale.validations).hasValue(1);
    }
  }

  /** {@code fake}, probing every file as {@code info}: a download's name is not known before. */
  static MediaBackend anyFileIs(MediaInfo info, MediaBackend fake) {
    return new MediaBackend() {
      @Override
      public String name() {
        return fake.name();
      }

      @Override
      public MediaInfo probe(Path file) {
        return info;
      }

      @Override
      public List<Violation> verify(ProcessingPlan plan) {
        return fake.verify(plan);
      }

      @Override
      public List<String> arguments(Invocation invocation) {
        return fake.arguments(invocation);
      }

      @Override
      public ExecutionResult execute(Invocation invocation, ExecutionControl control) {
        return fake.execute(invocation, control);
      }
    };
  }

  /** Counts the validations of one operator, the rest delegated. */
  static final class Counting implements Operator {
    final Operator delegate;
    final AtomicInteger validations = new AtomicInteger();

    Counting(Operator delegate) {
      this.delegate = delegate;
    }

    @Override
    public OperatorDescriptor descriptor() {
      return delegate.descriptor();
    }

    @Override
    public List<Violation> validate(Params params, ValidationContext ctx) {
      validations.incrementAndGet();
      return delegate.validate(params, ctx);
    }

    @Override
    public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
      return delegate.outputMetadata(params, inputs);
    }

    @Override
    public FilterFragment compile(Params params, CompileContext ctx) {
      return delegate.compile(params, ctx);
    }

    @Override
    public Estimate estimate(Params params, List<MediaInfo> inputs) {
      return delegate.estimate(params, inputs);
    }
  }
}
