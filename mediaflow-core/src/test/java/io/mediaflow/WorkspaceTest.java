package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.spec.JobSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {

  @TempDir Path dir;

  private Workspace workspace() throws IOException {
    return Workspace.builder().baseDirectory(Files.createDirectories(dir.resolve("job"))).build();
  }

  private static JobSpec spec(String source, String destination) {
    return JobSpec.builder().input("in", source).output("in", destination).build();
  }

  private static Violation only(Throwable e) {
    List<Violation> vs = ((ValidationException) e).violations();
    assertThat(vs).hasSize(1);
    return vs.get(0);
  }

  @Test
  void resolves_relative_paths_against_the_base_directory() throws IOException {
    Locations where = workspace().resolve(spec("file:clips/a.mp4", "out/b.mp4"));

    assertThat(where.inputs().get("in"))
        .isEqualTo(dir.resolve("job").toRealPath().resolve("clips/a.mp4"));
    assertThat(where.outputs().get(0).toString()).endsWith("/job/out/b.mp4");
  }

  @Test
  void refuses_an_absolute_path_outside_the_roots() throws IOException {
    assertThatThrownBy(() -> workspace().resolve(spec("file:/etc/passwd", "o.mp4")))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e -> {
              Violation v = only(e);
              assertThat(v.code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
              assertThat(v.path()).isEqualTo("inputs[0].source");
              assertThat(v.message()).contains("/etc/passwd is outside the allowed folders");
            });
  }

  @Test
  void accepts_an_absolute_path_inside_an_allowed_root() throws IOException {
    Path media = Files.createDirectories(dir.resolve("media"));
    Workspace w = Workspace.builder().baseDirectory(dir.resolve("job")).allowRoot(media).build();

    Locations where = w.resolve(spec("file:" + media.resolve("a.mp4"), "o.mp4"));

    assertThat(where.inputs().get("in")).isEqualTo(media.resolve("a.mp4"));
  }

  @Test
  void refuses_dot_dot_escapes() throws IOException {
    assertThatThrownBy(() -> workspace().resolve(spec("in.mp4", "file:../../escape.mp4")))
        .satisfies(
            e -> {
              Violation v = only(e);
              assertThat(v.code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
              assertThat(v.path()).isEqualTo("outputs[0].destination");
            });
  }

  @Test
  void refuses_a_symbolic_link_that_leads_outside() throws IOException {
    Workspace w = workspace();
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(dir.resolve("job/link"), outside);

    assertThatThrownBy(() -> w.resolve(spec("link/a.mp4", "o.mp4")))
        .satisfies(e -> assertThat(only(e).code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED));
  }

  @Test
  void refuses_urls_and_other_schemes() throws IOException {
    Workspace w = workspace();
    assertThatThrownBy(() -> w.resolve(spec("https://example.com/a.mp4", "o.mp4")))
        .satisfies(e -> assertThat(only(e).code()).isEqualTo(ErrorCode.UNSUPPORTED_SOURCE));
    assertThatThrownBy(() -> w.resolve(spec("ftp://example.com/a.mp4", "o.mp4")))
        .satisfies(e -> assertThat(only(e).code()).isEqualTo(ErrorCode.UNSUPPORTED_SOURCE));
  }

  @Test
  void refuses_writing_over_an_input_or_twice_to_one_file() throws IOException {
    JobSpec spec =
        JobSpec.builder()
            .input("in", "a.mp4")
            .output("in", "a.mp4")
            .output("in", "b.mkv")
            .output("in", "b.mkv")
            .build();
    assertThatThrownBy(() -> workspace().resolve(spec))
        .satisfies(
            e ->
                assertThat(((ValidationException) e).violations())
                    .extracting(Violation::path)
                    .containsExactly("outputs[0].destination", "outputs[2].destination"));
  }

  @Test
  void setting_the_base_directory_twice_is_an_error() {
    assertThatThrownBy(() -> Workspace.builder().baseDirectory(dir).baseDirectory(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("set it once");
  }
}
