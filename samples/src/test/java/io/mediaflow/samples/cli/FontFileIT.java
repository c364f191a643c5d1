package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * drawtext's {@code fontFile} names a file the way inputs do: relative to the spec's folder, and
 * only inside the allowed folders, whatever {@code ..} or symbolic links say; a file outside gets
 * one answer whether or not it exists.
 */
class FontFileIT {

  private static final String REFUSED = "error: PATH_NOT_ALLOWED operations[0].params.fontFile: ";

  @TempDir Path dir;

  private Path jobDir;
  private Path workingDir;

  @BeforeEach
  void folders() throws IOException {
    jobDir = Files.createDirectories(dir.resolve("jobs/one"));
    workingDir = Files.createDirectories(dir.resolve("elsewhere"));
  }

  private Path spec(String fontFile) {
    String json =
        """
        { "inputs": [{ "id": "main", "source": "file:in.mp4" }],
          "operations": [{ "op": "drawtext", "input": "main", "output": "titled",
            "params": { "text": "Hello", "x": 10, "y": 10, "fontSize": 32, "fontFile": "%s" } }],
          "outputs": [{ "id": "titled", "destination": "file:out/titled.mp4" }] }
        """
            .formatted(fontFile);
    return Workdir.spec(jobDir, "job.json", json);
  }

  private Cli.Result refused(String command, Path spec) {
    return refused(workingDir, command, spec);
  }

  private Cli.Result refused(Path cwd, String command, Path spec) {
    Cli.Result result = Cli.run(cwd, command, spec.toString()).expectExit(2);
    assertThat(result.errorLines().get(0)).startsWith(REFUSED);
    assertThat(jobDir.resolve("out")).doesNotExist();
    return result;
  }

  @Test
  void a_relative_font_file_is_read_from_the_spec_folder_and_drawn_by_ffmpeg() throws IOException {
    Workdir.clip(jobDir, "in.mp4");
    Path font = Workdir.font(jobDir.resolve("fonts"), "title.ttf");
    Path spec = spec("fonts/title.ttf");

    JsonNode plan = Cli.run(workingDir, "plan", spec.toString()).expectOk().json();
    List<String> args = new ArrayList<>();
    plan.get("invocations").get(0).get("args").forEach(a -> args.add(a.asText()));
    String graph = args.get(args.indexOf("-filter_complex") + 1);
    assertThat(graph).contains("fontfile=" + font.toRealPath());

    Cli.run(workingDir, "run", spec.toString()).expectOk();
    JsonNode titled =
        Cli.run(workingDir, "probe", jobDir.resolve("out/titled.mp4").toString()).expectOk().json();
    assertThat(titled.get("video").get(0).get("width").asInt()).isEqualTo(320);
  }

  @Test
  void a_font_file_in_the_working_directory_is_not_what_a_relative_path_names() {
    Workdir.font(workingDir.resolve("fonts"), "title.ttf");

    Cli.Result result = Cli.run(workingDir, "plan", spec("fonts/title.ttf").toString());

    result.expectExit(2);
    assertThat(result.errorLines().get(0))
        .startsWith("error: INVALID_VALUE operations[0].params.fontFile: font file ")
        .contains(jobDir.resolve("fonts/title.ttf").toString())
        .contains("does not exist");
  }

  @Test
  void a_font_file_outside_the_allowed_folders_gets_one_answer_whether_or_not_it_exists()
      throws IOException {
    Path secret = dir.resolve("outside/secret.ttf");
    Path spec = spec(secret.toString());

    Cli.Result absent = refused("plan", spec);
    Files.createDirectories(secret.getParent());
    Workdir.font(secret.getParent(), "secret.ttf");
    Cli.Result present = refused("plan", spec);

    assertThat(present.stderr()).isEqualTo(absent.stderr());
    assertThat(present.errorLines().get(0))
        .isEqualTo(
            REFUSED
                + "file \""
                + secret
                + "\" is outside the allowed folders "
                + roots()
                + " (name a file inside one of them, or allow its folder (--allow-root DIR); a"
                + " relative path starts at "
                + jobDir.toRealPath()
                + ")");
    refused("run", spec);
  }

  // run from the spec's folder, where both readings of a relative path agree, so that only the
  // confinement is under test

  @Test
  void dot_dot_cannot_reach_a_font_outside_the_spec_folder() {
    Workdir.font(dir.resolve("outside"), "secret.ttf");

    refused(jobDir, "plan", spec("../../outside/secret.ttf"));
    refused(jobDir, "run", spec("fonts/../../../outside/secret.ttf"));
  }

  @Test
  void a_symbolic_link_in_the_spec_folder_to_a_file_outside_is_refused() throws IOException {
    // stands in for /etc/shadow: a readable file the job must never open
    Path shadow = Files.writeString(dir.resolve("shadow.ttf"), "root:*:19000:0:99999:7:::\n");
    Path link =
        Files.createSymbolicLink(
            Files.createDirectories(jobDir.resolve("fonts")).resolve("evil.ttf"), shadow);

    refused(jobDir, "plan", spec("fonts/evil.ttf"));
    refused(jobDir, "plan", spec(link.toString()));
    refused(jobDir, "run", spec("fonts/evil.ttf"));
  }

  /** The command line's roots: the spec's folder and the working directory, as real paths. */
  /** The spec's folder alone: the working directory is not an allowed folder by itself. */
  private List<Path> roots() throws IOException {
    return List.of(jobDir.toRealPath());
  }
}
