package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mediaflow.api.backend.ProcessOwner;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.internal.Owners;
import io.mediaflow.internal.media.Sources;
import io.mediaflow.internal.media.TempFiles;
import io.mediaflow.internal.media.TinyHttpServer;
import io.mediaflow.testkit.FakeMediaBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a killed mediaflow process leaves (programs still running, temp files, download folders) is
 * cleaned up by the next engine's start, and what a closing engine's jobs were downloading is
 * removed by its close. The process-level proof, with a real {@code kill -9} of an engine JVM, is
 * {@code OrphanedFfmpegIT} in the samples.
 */
class EngineLeftoversTest {

  /** A pid no process has: Linux pids stop at 2^22. */
  private static final long DEAD_PID = 2_147_483_647L;

  private static final Duration SOON = Duration.ofSeconds(10);

  @TempDir Path dir;

  private MediaFlow engine(Path downloads, Duration drain) {
    return MediaFlow.builder()
        .operators(TestOperators.registry())
        .workspace(Workspace.builder().baseDirectory(dir).build())
        .mediaBackend(FakeMediaBackend.builder().build())
        .downloadDirectory(downloads)
        .allowPrivateNetwork()
        .drainTimeout(drain)
        .workers(1)
        .nodeId("test")
        .build();
  }

  @Test
  void start_stops_a_program_a_killed_engine_left_running_and_removes_its_temp_file()
      throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/environ")), "needs /proc (Linux)");
    String deadOwner = Owners.tag(DEAD_PID);
    Path out = Files.createDirectories(dir.resolve("out"));
    Path temp =
        Files.writeString(
            out.resolve(".clip.mp4.1234abcd." + deadOwner + TempFiles.SUFFIX), "part");
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", "sleep 60; :", "ffmpeg", "" + temp);
    builder.environment().put(ProcessOwner.ENVIRONMENT_VARIABLE, deadOwner);
    Process orphan = builder.start();
    try (MediaFlow flow = engine(dir.resolve("downloads"), Duration.ofSeconds(1))) {

      flow.start();

      // the orphan is this JVM's child here, so it is a zombie until the JDK's reaper thread
      // collects it: wait for that (the sleep would last 60 s had the start not stopped it)
      assertThat(orphan.waitFor(SOON.toSeconds(), TimeUnit.SECONDS))
          .as("left running after the start")
          .isTrue();
      assertThat(temp).doesNotExist();
    } finally {
      orphan.destroyForcibly().waitFor(SOON.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void start_removes_the_download_folders_of_a_process_that_is_gone() throws Exception {
    Path downloads = dir.resolve("downloads");
    Path killed =
        Files.createDirectories(downloads.resolve("mediaflow-job-A.1f2e." + Owners.tag(DEAD_PID)));
    Files.writeString(killed.resolve("clip.mp4"), "half a download");
    Path live = Files.createDirectories(downloads.resolve("mediaflow-job-B.3a4b." + Owners.tag()));
    try (MediaFlow flow = engine(downloads, Duration.ofSeconds(1))) {

      flow.start();

      assertThat(killed).doesNotExist();
      assertThat(live).exists();
    }
  }

  @Test
  void close_removes_the_download_folder_of_a_job_stopped_in_its_download() throws Exception {
    CountDownLatch sent = new CountDownLatch(1);
    CountDownLatch clientGone = new CountDownLatch(1);
    byte[] headAndSome = concat(TinyHttpServer.head1MB(), new byte[] {1, 2, 3});
    Path downloads = dir.resolve("downloads");
    try (TinyHttpServer server = new TinyHttpServer()) {
      server.route("/silent.mp4", TinyHttpServer.stalling(headAndSome, sent, clientGone));
      MediaFlow flow = engine(downloads, Duration.ofMillis(100));
      flow.start();
      flow.submit(
          JobSpec.builder()
              .input("main", "http://127.0.0.1:" + server.port() + "/silent.mp4")
              .output("main", "file:out/copy.mkv")
              .build());
      assertThat(sent.await(SOON.toSeconds(), TimeUnit.SECONDS)).as("requested").isTrue();
      long deadline = System.nanoTime() + SOON.toNanos();
      while (partialFiles(downloads) == 0) {
        assertThat(System.nanoTime() - deadline).as("the partial download appeared").isNegative();
        Thread.sleep(20);
      }

      flow.close();

      assertThat(entries(downloads)).as("left in the download root").isEmpty();
    }
  }

  @Test
  void a_command_line_download_folder_is_private_and_named_after_its_owner() throws Exception {
    Path root = dir.resolve("tmp");
    Path killed =
        Files.createDirectories(root.resolve("mediaflow-downloads-77." + Owners.tag(DEAD_PID)));
    Path live = Files.createDirectories(root.resolve("mediaflow-downloads-78." + Owners.tag()));

    Path created = Sources.createDownloadDirectory(root);

    assertThat(created.getFileName().toString())
        .startsWith("mediaflow-downloads-")
        .endsWith("." + Owners.tag());
    if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created)))
          .isEqualTo("rwx------");
    }
    assertThat(killed).doesNotExist();
    assertThat(live).exists();
    Files.writeString(created.resolve("part.mp4"), "partial");
    Sources.deleteDownloadDirectory(created);
    assertThat(created).doesNotExist();
  }

  private static List<Path> entries(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.toList();
    }
  }

  private static long partialFiles(Path downloads) throws IOException {
    long n = 0;
    for (Path folder : entries(downloads)) {
      n += entries(folder).size();
    }
    return n;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
