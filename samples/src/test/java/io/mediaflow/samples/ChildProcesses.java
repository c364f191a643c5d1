package io.mediaflow.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** What the tests that stop mediaflow's processes look for in the process table. */
public final class ChildProcesses {

  /** A condition polled until it holds. */
  public interface Check {
    boolean ok() throws Exception;
  }

  private ChildProcesses() {}

  /**
   * Starts {@code main} in a child JVM on this test's class path, its log at WARN and its stderr
   * discarded; its stdout is the parent's to read.
   */
  public static Process startMain(Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  /**
   * Starts {@code main} in a small child JVM (128 MB heap, quick start) on this test's class path,
   * its log at INFO, its stdout and stderr written to {@code log}, which the test reads (a {@code
   * READY} line, say) and keeps for a failure.
   */
  public static Process startMain(Path log, Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx128m",
            "-XX:TieredStopAtLevel=1",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            "-cp",
            System.getProperty("java.class.path"),
            main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** The FFmpeg under {@code parent} that writes a temp output: the encoding run. */
  public static Optional<ProcessHandle> encoder(Process parent) {
    return parent
        .descendants()
        .filter(d -> d.info().command().map(c -> c.endsWith("ffmpeg")).orElse(false))
        .filter(d -> tempOutput(d).isPresent())
        .findFirst();
  }

  /** The {@code *.mediaflow-tmp} file among a process's arguments. */
  public static Optional<Path> tempOutput(ProcessHandle p) {
    return p.info().arguments().stream()
        .flatMap(Stream::of)
        .filter(a -> a.endsWith(".mediaflow-tmp"))
        .map(a -> Path.of(a.startsWith("file:") ? a.substring(5) : a))
        .findFirst();
  }

  /** Alive and not a zombie (an orphan's new parent may reap it late). */
  public static boolean running(ProcessHandle p) {
    if (!p.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return p.isAlive();
    }
  }

  /** Polls {@code check} until it holds; fails with {@code what} after {@code timeout}. */
  public static void awaitTrue(Check check, Duration timeout, String what) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!check.ok()) {
      assertThat(System.nanoTime() - deadline).as(what).isNegative();
      Thread.sleep(50);
    }
  }
}
