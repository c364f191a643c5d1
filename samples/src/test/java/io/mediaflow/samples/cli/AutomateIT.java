package io.mediaflow.samples.cli;

import static io.mediaflow.samples.ChildProcesses.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mediaflow automate} in a JVM of its own, stopped by SIGTERM as a service manager or Ctrl-C
 * stops it: the shutdown hook lets the engine drain and close its H2 store, and the next start on
 * that store finds what the first one stored.
 */
class AutomateIT {

  private static final Duration START = Duration.ofSeconds(60);
  private static final long EXIT_SECONDS = 60;

  /** The status of a JVM ended by SIGTERM, whatever its shutdown hooks did. */
  private static final int SIGTERM_STATUS = 128 + 15;

  @TempDir Path dir;
  private final List<Process> commands = new ArrayList<>();

  @AfterEach
  void cleanUp() throws InterruptedException {
    for (Process p : commands) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void sigterm_drains_and_closes_the_store_and_the_next_start_keeps_what_it_stored()
      throws Exception {
    Path file =
        Workdir.spec(
            dir,
            "automation.json",
            """
            {"templates": [{"template": "archive-old-downloads", "params": {"olderThanDays": 30}}]}
            """);
    Path store = dir.resolve("db/mediaflow");

    Path first = startAndStop(file, store);
    Path second = startAndStop(file, store);

    List<String> lines = Files.readAllLines(first);
    assertThat(lines.get(0))
        .startsWith("installed template 'archive-old-downloads' as 'archive-old-downloads' (next");
    assertThat(lines.get(1)).startsWith("running 1 rule(s) on h2:");
    assertThat(lines.subList(2, lines.size()))
        .containsExactly("stopping: letting running jobs finish", "stopped");
    assertThat(Files.readAllLines(second))
        .first()
        .isEqualTo("kept template 'archive-old-downloads' as 'archive-old-downloads' (installed)");
  }

  /** Starts the command, waits until it runs, sends SIGTERM; returns its standard output. */
  private Path startAndStop(Path file, Path store) throws Exception {
    String name = "automate-" + commands.size();
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Cli.JAR.toString(),
                "automate",
                file.toString(),
                "--store",
                "h2:" + store)
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    commands.add(p);
    awaitTrue(() -> read(out).contains("Ctrl-C to stop"), START, "automate running: " + err);

    p.destroy(); // SIGTERM

    assertThat(p.waitFor(EXIT_SECONDS, TimeUnit.SECONDS)).as("exited").isTrue();
    assertThat(p.exitValue()).as(read(err)).isEqualTo(SIGTERM_STATUS);
    return out;
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }
}
