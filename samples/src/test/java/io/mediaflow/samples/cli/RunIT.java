package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunIT {

  @TempDir Path dir;

  @Test
  void writes_every_output_and_prints_only_their_paths() throws IOException {
    Path jobDir = dir.resolve("job");
    Workdir.clip(jobDir, "in.mp4");
    Path spec = Workdir.spec(jobDir, "job.json", Workdir.fanOutSpec("out"));

    Cli.Result result = Cli.run(jobDir, "run", spec.toString()).expectOk();

    Path out = jobDir.resolve("out");
    assertThat(result.stdout().lines().map(Path::of).map(Path::toAbsolutePath))
        .containsExactlyInAnyOrder(
            out.resolve("small.mp4"), out.resolve("poster.png"), out.resolve("cut.mp3"));
    assertThat(result.stderr()).doesNotContain("error:");

    JsonNode small = probe(out.resolve("small.mp4"));
    assertThat(small.get("durationSeconds").asDouble()).isCloseTo(1.0, within(0.15));
    assertThat(small.get("video").get(0).get("width").asInt()).isEqualTo(160);
    assertThat(small.get("video").get(0).get("height").asInt()).isEqualTo(120);
    assertThat(small.get("audio")).hasSize(1);

    JsonNode poster = probe(out.resolve("poster.png"));
    assertThat(poster.get("video").get(0).get("width").asInt()).isEqualTo(160);
    assertThat(poster.get("audio")).isEmpty();

    JsonNode mp3 = probe(out.resolve("cut.mp3"));
    assertThat(mp3.get("durationSeconds").asDouble()).isCloseTo(1.0, within(0.15));
    assertThat(mp3.get("video")).isEmpty();
    assertThat(leftovers(out)).isEmpty();
  }

  @Test
  void refuses_to_replace_an_output_unless_told_to() throws IOException {
    Workdir.clip(dir, "in.mp4");
    Path spec = Workdir.spec(dir, "job.json", Workdir.fanOutSpec("out"));
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("small.mp4"), "keep me");

    Cli.Result refused = Cli.run(dir, "run", spec.toString()).expectExit(2);
    assertThat(refused.stderr()).contains("error: DESTINATION_EXISTS").contains("small.mp4");
    assertThat(refused.errorLines())
        .contains(
            "hint: pass --overwrite, set \"overwrite\": true on the output, or choose another"
                + " destination");
    assertThat(Files.readString(out.resolve("small.mp4"))).isEqualTo("keep me");
    assertThat(out.resolve("poster.png")).as("all outputs or none").doesNotExist();
    assertThat(out.resolve("cut.mp3")).doesNotExist();

    Cli.run(dir, "run", "--overwrite", spec.toString()).expectOk();
    assertThat(probe(out.resolve("small.mp4")).get("video").get(0).get("width").asInt())
        .isEqualTo(160);
    assertThat(leftovers(out)).isEmpty();
  }

  @Test
  void relative_paths_resolve_against_the_spec_folder_not_the_working_directory()
      throws IOException {
    Path jobDir = dir.resolve("jobs/one");
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Workdir.clip(jobDir, "in.mp4");
    Path spec = Workdir.spec(jobDir, "job.json", Workdir.fanOutSpec("rendered"));

    Cli.Result result = Cli.run(elsewhere, "run", "--json", spec.toString()).expectOk();

    JsonNode json = result.json();
    assertThat(json.get("durationSeconds").asDouble()).isPositive();
    assertThat(json.get("outputs")).hasSize(3);
    assertThat(jobDir.resolve("rendered/small.mp4")).isNotEmptyFile();
    assertThat(jobDir.resolve("rendered/poster.png")).isNotEmptyFile();
    assertThat(jobDir.resolve("rendered/cut.mp3")).isNotEmptyFile();
    try (Stream<Path> files = Files.list(elsewhere)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void progress_goes_to_stderr_as_plain_lines_when_not_a_terminal() {
    Workdir.clip(dir, "in.mp4");
    Path spec = Workdir.spec(dir, "job.json", Workdir.fanOutSpec("out"));

    Cli.Result result = Cli.run(dir, "run", spec.toString()).expectOk();

    List<String> progress =
        result.errorLines().stream().filter(l -> l.startsWith("progress ")).toList();
    assertThat(progress).allMatch(l -> l.matches("progress (0|[1-9]0|100)%"));
    assertThat(progress).doesNotHaveDuplicates();
    assertThat(result.stderr()).doesNotContain("\r");
    assertThat(result.stdout()).doesNotContain("progress");
  }

  private JsonNode probe(Path file) {
    return Cli.run(dir, "probe", file.toString()).expectOk().json();
  }

  private static List<Path> leftovers(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(
              p -> {
                String name = p.getFileName().toString();
                return !name.equals("small.mp4")
                    && !name.equals("poster.png")
                    && !name.equals("cut.mp3");
              })
          .toList();
    }
  }
}
