package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.spec.JobSpec;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

public class WorkspaceTest {

  @TempDir Path dir;

  /** Links to outside {@link #dir}: JUnit would warn about each when it cleans up. */
  private final List<Path> linksOutside = new ArrayList<>();

  @AfterEach
  void deleteLinksOutside() throws IOException {
    for (Path link : linksOutside) {
      Files.deleteIfExists(link);
    }
  }

  private void linkOutside(Path link, Path target) throws IOException {
    linksOutside.add(Files.createSymbolicLink(link, target));
  }

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

  /** A named pipe: opening it for reading blocks until a writer comes, so nothing may open it. */
  public static Path fifo(Path path) throws IOException {
    try {
      Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
      assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0)
          .as("mkfifo %s", path)
          .isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return path;
  }

  private static Violation violation(Workspace w, JobSpec spec) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> w.resolve(spec));
    assertThat(thrown).as("resolving %s", spec).isInstanceOf(ValidationException.class);
    return only(thrown);
  }

  @Test
  void returns_the_real_path_a_link_leads_to_so_the_file_checked_is_the_file_used()
      throws IOException {
    Workspace w = workspace();
    Path job = dir.resolve("job").toRealPath();
    Path clips = Files.createDirectories(job.resolve("clips"));
    Files.writeString(clips.resolve("a.mp4"), "media");
    Files.createSymbolicLink(job.resolve("shortcut"), clips);

    Locations where = w.resolve(spec("shortcut/a.mp4", "shortcut/new/b.mp4"));

    assertThat(where.inputs().get("in")).isEqualTo(clips.resolve("a.mp4"));
    assertThat(where.outputs()).containsExactly(clips.resolve("new/b.mp4"));
  }

  @Test
  void a_destination_link_outside_the_roots_that_points_inside_resolves_to_its_target()
      throws IOException {
    Workspace w = workspace();
    Path job = dir.resolve("job").toRealPath();
    Path target = Files.writeString(job.resolve("target.mp4"), "old");
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path link = Files.createSymbolicLink(outside.resolve("out.mp4"), target);

    Locations where = w.resolve(spec("in.mp4", "file:" + link));

    // the runner makes its temp file beside this path and renames it onto it: inside the root
    assertThat(where.outputs()).containsExactly(target);
  }

  @Test
  void refuses_a_path_through_a_link_that_leads_nowhere() throws IOException {
    Workspace w = workspace();
    // dangling now; its target could be made later, anywhere
    Files.createSymbolicLink(dir.resolve("job/later"), dir.resolve("outside/later"));

    Violation v = violation(w, spec("later/a.mp4", "o.mp4"));

    assertThat(v.code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
    assertThat(v.path()).isEqualTo("inputs[0].source");
    assertThat(v.message()).contains("a symbolic link that leads nowhere");
  }

  @Test
  // in a thread of its own: a regression that opens the FIFO blocks in native code, for ever
  @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void refuses_a_fifo_input_before_anything_opens_it() throws IOException {
    Workspace w = workspace();
    fifo(dir.resolve("job/in.mp4"));

    Violation v = violation(w, spec("in.mp4", "o.mp4"));

    assertThat(v.code()).isEqualTo(ErrorCode.NOT_A_REGULAR_FILE);
    assertThat(v.path()).isEqualTo("inputs[0].source");
    assertThat(v.message()).endsWith("in.mp4 is a FIFO (named pipe), not a regular file");
    assertThat(v.suggestion()).contains("name a regular file");
  }

  @Test
  void says_the_same_about_every_path_outside_the_roots_whatever_is_there() throws IOException {
    Workspace w = workspace();
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path secret = Files.writeString(dir.resolve("secret.txt"), "x");
    Path link = Files.createSymbolicLink(outside.resolve("link"), secret);
    Path dangling = Files.createSymbolicLink(outside.resolve("dangling"), dir.resolve("none"));
    Path file = Files.writeString(outside.resolve("file"), "x");
    Path missing = outside.resolve("missing");

    for (Path p : List.of(link, dangling, file, missing)) {
      Violation v = violation(w, spec("file:" + p, "o.mp4"));

      assertThat(v.code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
      assertThat(v.message())
          .isEqualTo("source " + p + " is outside the allowed folders " + w.roots());
    }
  }

  @Test
  void names_the_link_inside_the_roots_that_leads_outside() throws IOException {
    Workspace w = workspace();
    Path target = Files.writeString(dir.resolve("outside.mp4"), "x");
    Files.createSymbolicLink(dir.resolve("job/link.mp4"), target);

    Violation v = violation(w, spec("link.mp4", "o.mp4"));

    assertThat(v.code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
    assertThat(v.message())
        .endsWith(
            "link.mp4 leads outside the allowed folders " + w.roots() + " through a symbolic link")
        .doesNotContain("outside.mp4");
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void refuses_folders_sockets_and_devices_as_inputs_also_through_a_link() throws IOException {
    Path job = Files.createDirectories(dir.resolve("job"));
    Workspace w = Workspace.builder().baseDirectory(job).allowRoot(Path.of("/dev")).build();
    Files.createDirectories(job.resolve("folder.mp4"));
    linkOutside(job.resolve("null.mp4"), Path.of("/dev/null"));
    Files.createSymbolicLink(job.resolve("pipe.mp4"), fifo(job.resolve("real-pipe")));
    try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      socket.bind(UnixDomainSocketAddress.of(job.resolve("socket.mp4")));

      assertThat(violation(w, spec("folder.mp4", "o.mp4")).message()).contains("is a folder");
      assertThat(violation(w, spec("socket.mp4", "o.mp4")).message()).contains("is a socket");
      assertThat(violation(w, spec("file:/dev/zero", "o.mp4")).message())
          .contains("/dev/zero is a character device");
      assertThat(violation(w, spec("null.mp4", "o.mp4")).message())
          .contains("null.mp4 leads to /dev/null, which is a character device");
      assertThat(violation(w, spec("pipe.mp4", "o.mp4")).message())
          .contains("which is a FIFO (named pipe)");
      for (String input : List.of("folder.mp4", "socket.mp4", "file:/dev/zero", "pipe.mp4")) {
        assertThat(violation(w, spec(input, "o.mp4")).code())
            .isEqualTo(ErrorCode.NOT_A_REGULAR_FILE);
      }
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void refuses_a_destination_that_is_a_device_a_fifo_or_a_folder_even_with_overwrite()
      throws IOException {
    Path job = Files.createDirectories(dir.resolve("job"));
    Workspace w = Workspace.builder().baseDirectory(job).allowRoot(Path.of("/dev")).build();
    Files.writeString(job.resolve("in.mp4"), "media");
    fifo(job.resolve("pipe.mp4"));
    linkOutside(job.resolve("null.mp4"), Path.of("/dev/null"));
    Files.createSymbolicLink(job.resolve("to-pipe.mp4"), job.resolve("pipe.mp4"));
    Files.createDirectories(job.resolve("folder.mp4"));

    for (String destination :
        List.of("file:/dev/null", "pipe.mp4", "null.mp4", "to-pipe.mp4", "folder.mp4")) {
      JobSpec spec =
          JobSpec.builder()
              .input("in", "in.mp4")
              .output(
                  new io.mediaflow.api.spec.OutputSpec(
                      "in", destination, null, java.util.Map.of(), List.of(), true))
              .build();

      Violation v = violation(w, spec);

      assertThat(v.code()).as(destination).isEqualTo(ErrorCode.NOT_A_REGULAR_FILE);
      assertThat(v.path()).isEqualTo("outputs[0].destination");
      assertThat(v.message()).contains("not a regular file");
    }
  }

  @Test
  void refuses_two_outputs_that_reach_one_file_through_a_linked_folder_and_names_both()
      throws IOException {
    Workspace w = workspace();
    Path out = Files.createDirectories(dir.resolve("job/out"));
    Files.createSymbolicLink(dir.resolve("job/same"), out);
    JobSpec spec =
        JobSpec.builder()
            .input("in", "in.mp4")
            .output("in", "out/a.mkv")
            .output("in", "same/a.mkv")
            .build();

    Violation v = violation(w, spec);

    assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(v.path()).isEqualTo("outputs[1].destination");
    assertThat(v.message())
        .contains("\"same/a.mkv\" is the same file as outputs[0].destination \"out/a.mkv\"")
        .contains(out.toRealPath().resolve("a.mkv").toString());
  }

  @Test
  void refuses_an_output_that_is_an_input_through_a_link() throws IOException {
    Workspace w = workspace();
    Path input = Files.writeString(dir.resolve("job/in.mp4"), "media");
    Files.createSymbolicLink(dir.resolve("job/copy.mp4"), input);

    Violation v = violation(w, spec("in.mp4", "copy.mp4"));

    assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(v.path()).isEqualTo("outputs[0].destination");
    assertThat(v.message()).contains("is the same file as input 'in' (inputs[0].source)");
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

  @Test
  void refuses_a_name_longer_than_file_systems_take_at_its_path() throws IOException {
    Workspace w = workspace();
    String longest = "a".repeat(251) + ".mp4"; // 255 bytes
    String tooLong = "é".repeat(126) + ".mp4"; // 256 bytes in UTF-8, 130 characters

    assertThat(w.resolve(spec("in.mp4", longest)).outputs().get(0).getFileName().toString())
        .isEqualTo(longest);
    Violation v = violation(w, spec("in.mp4", "out/" + tooLong));
    assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(v.path()).isEqualTo("outputs[0].destination");
    assertThat(v.message()).contains("has a name of 256 bytes; file systems take at most 255");
  }
}
