package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line reads and writes only regular files, and only the real files it checked: a FIFO,
 * a device or a link that leads out of the allowed folders never reaches FFmpeg.
 */
class PathSafetyIT {

  /** Well under the 180 s default: a run that opens the FIFO hangs, and must fail instead. */
  private static final long QUICK_SECONDS = 60;

  @TempDir Path dir;

  private static Path fifo(Path path) throws IOException, InterruptedException {
    Files.createDirectories(path.getParent());
    Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0)
        .as("mkfifo %s", path)
        .isTrue();
    return path;
  }

  private static String remux(String source, String destination, boolean overwrite) {
    return """
        { "inputs": [{ "id": "main", "source": "%s" }],
          "outputs": [{ "id": "main", "destination": "%s", "overwrite": %s }] }
        """
        .formatted(source, destination, overwrite);
  }

  @Test
  void run_and_plan_refuse_a_fifo_input_at_once_naming_its_json_path() throws Exception {
    Path job = dir.resolve("job");
    fifo(job.resolve("in.mp4"));
    Path spec = Workdir.spec(job, "job.json", remux("file:in.mp4", "file:out/a.mkv", false));

    for (String command : new String[] {"run", "plan"}) {
      Cli.Result result = Cli.runWithin(QUICK_SECONDS, job, command, spec.toString());

      result.expectExit(2);
      assertThat(result.errorLines().get(0))
          .as(command)
          .startsWith("error: NOT_A_REGULAR_FILE inputs[0].source: ")
          .contains("in.mp4 is a FIFO (named pipe), not a regular file");
    }
    assertThat(job.resolve("out")).doesNotExist();
  }

  @Test
  void plan_refuses_a_link_to_dev_null_as_destination_even_with_overwrite() {
    Path job = dir.resolve("job");
    Workdir.clip(job, "in.mp4");
    try {
      Files.createSymbolicLink(job.resolve("null.mkv"), Path.of("/dev/null"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Path spec = Workdir.spec(job, "job.json", remux("file:in.mp4", "file:null.mkv", true));
    try {
      Cli.Result result =
          Cli.runWithin(QUICK_SECONDS, job, "plan", "--allow-root", "/dev", spec.toString())
              .expectExit(2);

      assertThat(result.errorLines().get(0))
          .startsWith("error: NOT_A_REGULAR_FILE outputs[0].destination: ")
          .contains("null.mkv leads to /dev/null, which is a character device");
    } finally {
      // ours to delete: JUnit warns about a link out of its temp dir when it cleans up
      deleteQuietly(job.resolve("null.mkv"));
    }
  }

  private static void deleteQuietly(Path link) {
    try {
      Files.deleteIfExists(link);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void run_writes_through_a_link_outside_the_roots_into_its_target_and_nothing_outside()
      throws IOException {
    Path job = dir.resolve("job");
    Workdir.clip(job, "in.mp4");
    Path target = Files.writeString(job.resolve("target.mkv"), "old").toRealPath();
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path link = Files.createSymbolicLink(outside.resolve("out.mkv"), target);
    Path spec = Workdir.spec(job, "job.json", remux("file:in.mp4", "file:" + link, true));

    Cli.Result result = Cli.run(job, "run", spec.toString()).expectOk();

    assertThat(result.stdout().lines()).containsExactly(target.toString());
    assertThat(Files.isSymbolicLink(link)).as("the link outside is left alone").isTrue();
    try (Stream<Path> files = Files.list(outside)) {
      assertThat(files).as("nothing is written outside the roots").containsExactly(link);
    }
    assertThat(Files.size(target)).isGreaterThan(3); // real media replaced "old"
    try (Stream<Path> files = Files.list(job)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.endsWith(".mediaflow-tmp"));
    }
  }

  /**
   * A service or a cron job runs in "/": were the working directory an allowed folder, a spec could
   * replace any file the user can write. It is allowed only by name.
   */
  @Test
  void the_working_directory_is_not_an_allowed_folder_unless_named() throws IOException {
    Path job = Files.createDirectories(dir.resolve("jobs/job"));
    Workdir.clip(job, "in.mp4");
    Path victim = Files.writeString(dir.resolve("victim.conf"), "keep me");
    Path spec =
        Workdir.spec(
            job,
            "job.json",
            """
            { "inputs": [{ "id": "main", "source": "file:in.mp4" }],
              "outputs": [{ "id": "main", "destination": "file:%s", "overwrite": true,
                            "codec": { "container": "mkv" } }] }
            """
                .formatted(victim));

    Cli.Result refused = Cli.run(dir, "run", spec.toString()).expectExit(2);

    assertThat(refused.errorLines().get(0))
        .startsWith("error: PATH_NOT_ALLOWED outputs[0].destination: ");
    assertThat(Files.readString(victim)).isEqualTo("keep me");

    Cli.run(dir, "run", "--allow-root", ".", spec.toString()).expectOk();
    assertThat(Files.size(victim)).isGreaterThan(100);
  }
}
