package io.mediaflow.samples.cli;

import static io.mediaflow.samples.ChildProcesses.awaitTrue;
import static io.mediaflow.samples.ChildProcesses.encoder;
import static io.mediaflow.samples.ChildProcesses.running;
import static io.mediaflow.samples.ChildProcesses.tempOutput;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mediaflow.samples.ChildProcesses;
import io.mediaflow.testkit.MediaFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code mediaflow} command interrupted (SIGTERM, as a service manager or Ctrl-C sends) or
 * killed ({@code kill -9}) while it downloads, probes or encodes: no child process may stay behind,
 * and no download folder; what a killed command left is stopped by the next command.
 *
 * <p>Each command runs in a JVM of its own with its own {@code java.io.tmpdir}, so the download
 * folders it leaves can be told from other tests'.
 */
class InterruptedCommandIT {

  private static final String PARENT_DEATH_SIGNAL = "mediaflow.ffmpeg.parentDeathSignal";
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration SOON = Duration.ofSeconds(10);
  private static final Duration EXIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final List<Process> commands = new ArrayList<>();
  private final List<ProcessHandle> children = new ArrayList<>();
  private HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void cleanUp() throws InterruptedException, IOException {
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
    for (Process p : commands) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    children.forEach(ProcessHandle::destroyForcibly);
    // the link to the real ffmpeg is ours to delete: JUnit warns about a link out of its temp dir
    Files.deleteIfExists(dir.resolve("tools/ffmpeg"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"probe", "plan", "run"})
  void sigterm_while_ffprobe_is_blocked_stops_it_and_leaves_no_download_folder(String command)
      throws Exception {
    Path job = dir.resolve("job");
    Workdir.clip(job, "in.mp4");
    Path spec =
        Workdir.spec(
            job,
            "job.json",
            """
            {"inputs": [{"id": "main", "source": "file:in.mp4"}],
             "outputs": [{"id": "main", "destination": "file:out/copy.mkv"}]}
            """);
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    String target = command.equals("probe") ? job.resolve("in.mp4").toString() : spec.toString();
    Process cli =
        start(
            job,
            tmp,
            Map.of("MEDIAFLOW_FFMPEG_HOME", blockingFfprobe().toString()),
            List.of(),
            command,
            target);
    awaitTrue(() -> descendantNamed(cli, "ffprobe").isPresent(), START, "ffprobe started, blocked");
    children.addAll(cli.descendants().toList()); // the script, its sleep, the real ffprobe

    cli.destroy(); // SIGTERM

    assertThat(cli.waitFor(EXIT.toSeconds(), TimeUnit.SECONDS)).as("mediaflow exited").isTrue();
    assertThat(children.stream().filter(ChildProcesses::running).map(ProcessHandle::pid))
        .as("child processes left running after SIGTERM")
        .isEmpty();
    assertThat(downloadFolders(tmp)).as("download folders left in the temp folder").isEmpty();
  }

  @Test
  void sigterm_during_a_download_removes_the_download_folder_and_its_partial_file()
      throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/clip.mp4",
        ex -> {
          ex.sendResponseHeaders(200, 10_000_000);
          OutputStream out = ex.getResponseBody();
          out.write(new byte[64 * 1024]);
          out.flush();
          try {
            release.await(2, TimeUnit.MINUTES); // then silence: a stalled server
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.close();
        });
    server.start();
    Path job = dir.resolve("job");
    Path spec =
        Workdir.spec(
            job,
            "job.json",
            """
            {"inputs": [{"id": "main", "source": "http://127.0.0.1:%d/clip.mp4"}],
             "outputs": [{"id": "main", "destination": "file:out/copy.mkv"}]}
            """
                .formatted(server.getAddress().getPort()));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Process cli =
        start(job, tmp, Map.of(), List.of(), "run", "--allow-private-network", spec.toString());
    awaitTrue(() -> partialDownloads(tmp) > 0, START, "a partial download in " + tmp);

    cli.destroy(); // SIGTERM

    assertThat(cli.waitFor(EXIT.toSeconds(), TimeUnit.SECONDS)).as("mediaflow exited").isTrue();
    assertThat(downloadFolders(tmp)).as("download folders left in the temp folder").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void ffmpeg_of_a_killed_run_dies_with_it_or_is_stopped_by_the_next_command(
      boolean parentDeathSignal) throws Exception {
    Path job = dir.resolve("job");
    Files.createDirectories(job);
    Files.copy(
        MediaFixtures.clip(
            MediaFixtures.Spec.builder().size(64, 64).fps(2).seconds(1800).noAudio().build()),
        job.resolve("in.mp4"));
    // 45,000 frames of 720p: minutes of work, so an FFmpeg that ends within the test was stopped
    Path spec =
        Workdir.spec(
            job,
            "job.json",
            """
            {"inputs": [{"id": "main", "source": "file:in.mp4"}],
             "operations": [
               {"op": "fps", "input": "main", "output": "smooth", "params": {"fps": 25}},
               {"op": "scale", "input": "smooth", "output": "big",
                "params": {"width": 1280, "height": 720}}],
             "outputs": [{"id": "big", "destination": "file:out/big.mp4",
                          "codec": {"video": "h264", "audio": "none"}}]}
            """);
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    List<String> props = List.of("-D" + PARENT_DEATH_SIGNAL + "=" + parentDeathSignal);
    Process cli = start(job, tmp, Map.of(), props, "run", spec.toString());
    awaitTrue(() -> encoder(cli).isPresent(), START, "mediaflow started encoding");
    ProcessHandle ffmpeg = encoder(cli).orElseThrow();
    children.add(ffmpeg);
    Path temp = tempOutput(ffmpeg).orElseThrow();
    awaitTrue(() -> Files.exists(temp), SOON, "FFmpeg created " + temp);

    cli.toHandle().destroyForcibly(); // kill -9
    assertThat(cli.waitFor(10, TimeUnit.SECONDS)).isTrue();

    if (parentDeathSignal) {
      awaitTrue(() -> !running(ffmpeg), SOON, "FFmpeg ended with the killed command");
    } else {
      assertThat(running(ffmpeg)).as("FFmpeg runs on after the kill").isTrue();
    }
    Process next = start(job, tmp, Map.of(), props, "probe", job.resolve("in.mp4").toString());
    assertThat(next.waitFor(EXIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(next.exitValue()).isZero();
    assertThat(running(ffmpeg)).as("the killed command's FFmpeg after the next command").isFalse();
    assertThat(temp).as("the killed command's temp file").doesNotExist();
  }

  // ---- helpers ----

  /**
   * A folder with the real ffmpeg and an ffprobe that runs the real one on an input that never
   * comes, as an ffprobe blocked on a FIFO nobody writes to: it exits only when stopped.
   */
  private Path blockingFfprobe() throws IOException {
    MediaFixtures.requireFfmpeg();
    Path tools = Files.createDirectories(dir.resolve("tools"));
    Files.createSymbolicLink(tools.resolve("ffmpeg"), MediaFixtures.ffmpeg().orElseThrow());
    Path probe = tools.resolve("ffprobe");
    Files.writeString(
        probe,
        "#!/bin/sh\nsleep 600 | exec '"
            + MediaFixtures.ffprobe().orElseThrow()
            + "' -v error -show_format pipe:0\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
    return tools;
  }

  private Process start(
      Path workingDirectory,
      Path tmp,
      Map<String, String> env,
      List<String> jvmOptions,
      String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.io.tmpdir=" + tmp);
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(Cli.JAR.toString());
    command.addAll(Arrays.asList(args));
    String name = "cli-" + commands.size();
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(dir.resolve(name + ".out").toFile())
            .redirectError(dir.resolve(name + ".err").toFile());
    builder.environment().remove("MEDIAFLOW_DEBUG");
    builder.environment().remove("MEDIAFLOW_OWNER");
    builder.environment().putAll(env);
    Process p = builder.start();
    commands.add(p);
    return p;
  }

  private static Optional<ProcessHandle> descendantNamed(Process p, String name) {
    return p.descendants()
        .filter(d -> d.info().command().map(c -> c.endsWith("/" + name)).orElse(false))
        .findFirst();
  }

  private static List<Path> downloadFolders(Path tmp) throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.filter(p -> p.getFileName().toString().startsWith("mediaflow-downloads-")).toList();
    }
  }

  private static long partialDownloads(Path tmp) throws IOException {
    long n = 0;
    for (Path folder : downloadFolders(tmp)) {
      try (Stream<Path> s = Files.list(folder)) {
        n += s.filter(f -> f.toFile().length() > 0).count();
      }
    }
    return n;
  }
}
