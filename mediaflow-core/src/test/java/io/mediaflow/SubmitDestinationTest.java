package io.mediaflow;

import static io.mediaflow.testkit.JobAssertions.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.testkit.FakeMediaBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A destination that exists and may not be replaced is refused by {@code submit}, with its JSON
 * path and the API's own switch, instead of a job that goes DEAD when it runs.
 */
class SubmitDestinationTest {

  @TempDir Path dir;
  private MediaFlow flow;

  @BeforeEach
  void flow() throws IOException {
    Path input = Files.writeString(dir.resolve("in.mp4"), "not really media");
    flow =
        MediaFlow.builder()
            .operators(TestOperators.registry())
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .mediaBackend(
                FakeMediaBackend.builder().media(input, TestOperators.clip(4, 1280, 720)).build())
            .runOnCallingThread()
            .nodeId("test")
            .build();
    Files.createDirectories(dir.resolve("out"));
  }

  @AfterEach
  void close() {
    flow.close();
  }

  private static JobSpec.OutputStep twoOutputs() {
    return JobSpec.builder()
        .input("main", "file:in.mp4")
        .operation("scale")
        .from("main")
        .to("small")
        .param("width", 640)
        .output("main", "file:out/copy.mp4")
        .output("small", "file:out/small.mp4");
  }

  @Test
  void submit_refuses_an_existing_destination_at_its_json_path() throws IOException {
    Path taken = Files.writeString(dir.resolve("out/small.mp4"), "keep me");

    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> flow.submit(twoOutputs().build()));

    assertThat(e.code()).isEqualTo(ErrorCode.DESTINATION_EXISTS);
    Violation v = e.violations().get(0);
    assertThat(e.violations()).hasSize(1);
    assertThat(v.path()).isEqualTo("outputs[1].destination");
    assertThat(v.message())
        .isEqualTo("destination \"file:out/small.mp4\" already exists: " + taken.toRealPath());
    assertThat(v.suggestion())
        .isEqualTo(
            "allow replacing it with \"overwrite\": true on the output (in Java .overwrite() after"
                + " JobSpec.builder().output(...), the overwrite of OutputSpec), or choose another"
                + " destination")
        .doesNotContain("--overwrite");
    assertThat(e.getMessage())
        .startsWith(
            "DESTINATION_EXISTS: outputs[1].destination: destination \"file:out/small.mp4\""
                + " already exists: ");
    assertThat(flow.jobs(JobQuery.all()).items()).as("nothing queued").isEmpty();
    assertThat(taken).hasContent("keep me");
  }

  @Test
  void an_output_that_may_overwrite_is_accepted_and_replaces_the_file() throws IOException {
    Files.writeString(dir.resolve("out/small.mp4"), "old");

    JobHandle h = flow.submit(twoOutputs().overwrite().build());
    flow.runDueJobs();

    assertThatJob(h.status()).isCompleted();
  }

  @Test
  void an_existing_destination_is_reported_with_the_other_problems() throws IOException {
    Files.writeString(dir.resolve("out/copy.mp4"), "keep me");
    JobSpec spec =
        JobSpec.builder()
            .input("main", "file:in.mp4")
            .operation("scael")
            .from("main")
            .to("small")
            .output("small", "file:out/small.mp4")
            .output("main", "file:out/copy.mp4")
            .build();

    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> flow.submit(spec));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC);
    assertThat(e.violations())
        .extracting(Violation::code)
        .containsExactly(ErrorCode.UNKNOWN_OPERATOR, ErrorCode.DESTINATION_EXISTS);
    assertThat(e.getMessage()).startsWith("INVALID_SPEC: 2 problems:\n");
  }

  @Test
  void submit_refuses_a_destination_outside_the_workspace_or_that_is_a_folder() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("out/small.mp4"));
    JobSpec spec =
        JobSpec.builder()
            .input("main", "file:in.mp4")
            .operation("scale")
            .from("main")
            .to("small")
            .param("width", 640)
            .output("main", "file:/etc/mediaflow-copy.mp4")
            .output("small", "file:out/small.mp4")
            .overwrite()
            .build();

    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> flow.submit(spec));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC);
    assertThat(e.violations())
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "outputs[0].destination", ErrorCode.PATH_NOT_ALLOWED),
            org.assertj.core.groups.Tuple.tuple(
                "outputs[1].destination", ErrorCode.NOT_A_REGULAR_FILE));
    assertThat(e.violations().get(0).message())
        .isEqualTo(
            "destination /etc/mediaflow-copy.mp4 is outside the allowed folders ["
                + dir.toRealPath()
                + "]");
    assertThat(e.violations().get(0).suggestion())
        .isEqualTo(
            "move the file inside one of them, or allow its folder (Workspace.Builder.allowRoot)");
    assertThat(e.violations().get(1).message())
        .isEqualTo("destination " + folder.toRealPath() + " is a folder, not a regular file");
    assertThat(flow.jobs(JobQuery.all()).items()).as("nothing queued").isEmpty();
  }
}
