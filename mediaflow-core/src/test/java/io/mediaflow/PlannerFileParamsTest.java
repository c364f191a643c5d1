package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.plan.GraphFilter;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.JobSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that parameters name ({@link ParamType#PATH}) obey the workspace's roots in the planner and
 * the engine, and the plan carries the real path that was checked.
 */
class PlannerFileParamsTest {

  private static final String FILE_PATH = "operations[0].params.file";

  @TempDir Path dir;

  private Path job;
  private Workspace workspace;
  private final OperatorRegistry operators = OperatorRegistry.of(new Stamp());
  private final Map<String, MediaInfo> media = Map.of("main", TestOperators.clip(10, 640, 360));

  @BeforeEach
  void workspace() throws IOException {
    job = Files.createDirectories(dir.resolve("job"));
    workspace = Workspace.builder().baseDirectory(job).build();
  }

  private static JobSpec stamp(String file) {
    return JobSpec.builder()
        .input("main", "file:in.mp4")
        .operation("stamp")
        .from("main")
        .to("stamped")
        .param("file", file)
        .output("stamped", "file:out.mp4")
        .build();
  }

  private static Violation only(List<Violation> violations) {
    assertThat(violations).hasSize(1);
    return violations.get(0);
  }

  @Test
  void a_file_outside_the_workspace_is_refused_at_its_parameter_the_same_whether_it_exists()
      throws IOException {
    Planner planner = new Planner(operators, workspace);
    Path secret = dir.resolve("outside/secret.png");

    Violation absent = only(planner.validate(stamp(secret.toString())));
    Files.createDirectories(secret.getParent());
    Files.writeString(secret, "x");
    Violation present = only(planner.validate(stamp(secret.toString())));

    assertThat(present).isEqualTo(absent);
    assertThat(present.code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
    assertThat(present.path()).isEqualTo(FILE_PATH);
    // the operator's own check, which looks at the file, never ran
    assertThat(present.message()).doesNotContain("does not exist");
    // the library names its own API; the command line rewrites it to --allow-root
    assertThat(present.suggestion())
        .startsWith(
            "name a file inside one of them, or allow its folder (Workspace.Builder.allowRoot)")
        .doesNotContain("--allow-root");
  }

  @Test
  void dot_dot_and_links_cannot_lead_a_file_out_of_the_workspace() throws IOException {
    Planner planner = new Planner(operators, workspace);
    Path outside = Files.writeString(dir.resolve("secret.png"), "x");
    Files.createSymbolicLink(job.resolve("logo.png"), outside);

    assertThat(only(planner.validate(stamp("../secret.png"))).code())
        .isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
    assertThat(only(planner.validate(stamp("logo.png"))))
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
              assertThat(v.path()).isEqualTo(FILE_PATH);
            });
  }

  @Test
  void a_relative_file_starts_at_the_base_directory_and_the_plan_carries_its_real_path()
      throws IOException {
    Path logo =
        Files.writeString(Files.createDirectories(job.resolve("art")).resolve("a.png"), "x");
    Files.createSymbolicLink(job.resolve("current.png"), Path.of("art/a.png"));

    ProcessingPlan plan = new Planner(operators, workspace).plan(stamp("current.png"), media);

    assertThat(filter(plan).args()).containsExactly(FilterArg.of("filename", logo.toRealPath()));
  }

  @Test
  void without_a_workspace_the_working_directory_is_the_only_root() throws IOException {
    Planner planner = new Planner(operators);
    Path elsewhere = Files.writeString(dir.resolve("a.png"), "x");

    assertThat(only(planner.validate(stamp(elsewhere.toString()))))
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
              assertThat(v.message())
                  .contains(Path.of("").toAbsolutePath().toRealPath().toString());
            });
    // a relative file is looked for in the working directory (the module's folder in a build)
    ProcessingPlan plan = planner.plan(stamp("pom.xml"), media);
    assertThat(filter(plan).args())
        .containsExactly(FilterArg.of("filename", Path.of("pom.xml").toRealPath()));
  }

  @Test
  void the_engine_refuses_at_submit_a_file_outside_its_workspace() throws IOException {
    Path outside = Files.writeString(dir.resolve("secret.png"), "x");
    try (MediaFlow flow = MediaFlow.builder().operators(operators).workspace(workspace).build()) {
      assertThatThrownBy(() -> flow.submit(stamp(outside.toString())))
          .isInstanceOfSatisfying(
              ValidationException.class,
              e ->
                  assertThat(only(e.violations()))
                      .satisfies(
                          v -> {
                            assertThat(v.code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
                            assertThat(v.path()).isEqualTo(FILE_PATH);
                          }));
      Files.writeString(job.resolve("logo.png"), "x");
      assertThat(flow.submit(stamp("logo.png")).id()).isNotNull();
    }
  }

  private static GraphFilter filter(ProcessingPlan plan) {
    return plan.invocations().get(0).filters().stream()
        .filter(f -> f.name().equals("stamp"))
        .findFirst()
        .orElseThrow();
  }

  /** Writes a picture file on the video, like drawtext's font: one PATH parameter. */
  static final class Stamp implements Operator {
    @Override
    public OperatorDescriptor descriptor() {
      return OperatorDescriptor.builder("stamp")
          .param(
              ParamSpec.builder("file", ParamType.PATH)
                  .required()
                  .check(
                      v ->
                          Files.isRegularFile((Path) v)
                              ? java.util.Optional.empty()
                              : java.util.Optional.of(v + " does not exist"))
                  .build())
          .build();
    }

    @Override
    public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
      return inputs.get(0);
    }

    @Override
    public FilterFragment compile(Params params, CompileContext ctx) {
      return FilterFragment.builder()
          .chain(
              StreamType.VIDEO,
              0,
              FilterFragment.filter(
                  "stamp",
                  FilterArg.of("filename", params.optPath("file").orElseThrow().toString())))
          .passThrough(StreamType.AUDIO, 0)
          .build();
    }

    @Override
    public Estimate estimate(Params params, List<MediaInfo> inputs) {
      return Estimate.ZERO;
    }
  }
}
