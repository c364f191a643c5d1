package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code mediaflow.jar} in its own JVM, as a user would. */
final class Cli {

  static final Path JAR =
      Path.of(System.getProperty("mediaflow.jar", "target/mediaflow.jar")).toAbsolutePath();
  static final Path SAMPLE_PLUGIN_JAR =
      Path.of(
              System.getProperty(
                  "mediaflow.samplePluginJar", "target/samples-0.1.0-SNAPSHOT-sample-plugin.jar"))
          .toAbsolutePath();

  private static final long TIMEOUT_SECONDS = 180;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Cli() {}

  /** What one run printed and returned. */
  record Result(int exitCode, String stdout, String stderr) {

    List<String> errorLines() {
      return stderr.lines().toList();
    }

    JsonNode json() {
      try {
        return MAPPER.readTree(stdout);
      } catch (IOException e) {
        throw new AssertionError("stdout is not JSON:\n" + stdout + "\nstderr:\n" + stderr, e);
      }
    }

    Result expectExit(int expected) {
      assertThat(exitCode)
          .as("exit code of mediaflow; stdout:%n%s%nstderr:%n%s", stdout, stderr)
          .isEqualTo(expected);
      return this;
    }

    Result expectOk() {
      return expectExit(0);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  static Result run(Path workingDirectory, String... args) {
    return runWithin(TIMEOUT_SECONDS, workingDirectory, args);
  }

  /** {@link #run} with its own time limit, for a run that must end quickly or not hang at all. */
  static Result runWithin(long timeoutSeconds, Path workingDirectory, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(Arrays.asList(args));
    try {
      Path out = Files.createTempFile("mediaflow-cli", ".out");
      Path err = Files.createTempFile("mediaflow-cli", ".err");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().remove("MEDIAFLOW_DEBUG");
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          throw new AssertionError(
              "mediaflow did not finish in " + timeoutSeconds + " s: " + command);
        }
        return new Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
