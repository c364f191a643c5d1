package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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

  // ------------------------------------------------------------ files parameters name

  private static Violation refusal(Workspace w, String path) {
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class, () -> w.resolveFile(path, "operations[0].params.fontFile"));
    assertThat(e).as("%s must be refused", path).isNotNull();
    return only(e);
  }

  @Test
  void a_file_parameter_starts_at_the_base_directory_and_resolves_to_its_real_path()
      throws IOException {
    Workspace w = workspace();
    Path fonts = Files.createDirectories(dir.resolve("job/fonts"));
    Path font = Files.writeString(fonts.resolve("a.ttf"), "x");
    Files.createSymbolicLink(dir.resolve("job/alias.ttf"), font);

    assertThat(w.resolveFile("fonts/a.ttf", "p")).isEqualTo(font.toRealPath());
    assertThat(w.resolveFile("file:fonts/./a.ttf", "p")).isEqualTo(font.toRealPath());
    assertThat(w.resolveFile("alias.ttf", "p")).isEqualTo(font.toRealPath());
    // decided without looking at whether it exists: a file to come is resolved as well
    assertThat(w.resolveFile("fonts/later.ttf", "p"))
        .isEqualTo(fonts.toRealPath().resolve("later.ttf"));
  }

  @Test
  void a_file_parameter_outside_the_roots_gets_one_answer_whether_or_not_it_exists()
      throws IOException {
    Workspace w = workspace();
    Path outside = Files.createDirectories(dir.resolve("outside"));
    String secret = outside.resolve("secret.ttf").toString();

    Violation absent = refusal(w, secret);
    Files.writeString(Path.of(secret), "root:*:19000:0:99999:7:::");
    Violation present = refusal(w, secret);

    assertThat(present).isEqualTo(absent);
    assertThat(present.code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
    assertThat(present.path()).isEqualTo("operations[0].params.fontFile");
    assertThat(present.message())
        .isEqualTo("file \"" + secret + "\" is outside the allowed folders " + w.roots());
    assertThat(present.suggestion()).contains("a relative path starts at " + w.baseDirectory());
  }

  @Test
  void a_file_parameter_cannot_climb_out_with_dot_dot() throws IOException {
    Workspace w = workspace();
    Files.writeString(dir.resolve("secret.ttf"), "x");

    assertThat(refusal(w, "../secret.ttf").code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
    assertThat(refusal(w, "fonts/../../secret.ttf").code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
    assertThat(refusal(w, "file:../../../../../../etc/shadow").code())
        .isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
  }

  @Test
  void a_symbolic_link_inside_that_leads_outside_is_refused_even_before_its_target_exists()
      throws IOException {
    Workspace w = workspace();
    // stands in for /etc/shadow: a file the job must never open
    Path shadow = Files.writeString(Files.createTempFile("shadow", ".ttf"), "root:*:19000::");
    try {
      Files.createSymbolicLink(dir.resolve("job/font.ttf"), shadow);
      Path missing = dir.resolve("outside/not-yet.ttf");
      Files.createSymbolicLink(dir.resolve("job/dangling.ttf"), missing);
      Files.createSymbolicLink(dir.resolve("job/up"), Path.of("../outside"));

      Violation existing = refusal(w, "font.ttf");
      assertThat(existing.code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
      assertThat(existing.message()).startsWith("file \"font.ttf\" is outside the allowed folders");
      Violation dangling = refusal(w, "dangling.ttf");
      assertThat(dangling.code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
      assertThat(refusal(w, "up/not-yet.ttf").code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);

      // the target appears: the answer stays the same
      Files.createDirectories(missing.getParent());
      Files.writeString(missing, "x");
      assertThat(refusal(w, "dangling.ttf")).isEqualTo(dangling);
    } finally {
      Files.deleteIfExists(shadow);
    }
  }

  @Test
  void a_loop_of_symbolic_links_is_refused() throws IOException {
    Workspace w = workspace();
    Files.createSymbolicLink(dir.resolve("job/a.ttf"), Path.of("b.ttf"));
    Files.createSymbolicLink(dir.resolve("job/b.ttf"), Path.of("a.ttf"));

    assertThat(refusal(w, "a.ttf").code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
  }

  @Test
  void a_file_parameter_must_be_a_local_path() throws IOException {
    Workspace w = workspace();

    Violation url = refusal(w, "https://example.com/a.ttf");
    assertThat(url.code()).isEqualTo(ErrorCode.UNSUPPORTED_SOURCE);
    assertThat(url.path()).isEqualTo("operations[0].params.fontFile");
    assertThat(refusal(w, "ftp://example.com/a.ttf").code())
        .isEqualTo(ErrorCode.UNSUPPORTED_SOURCE);
  }
}
