package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mediaflow.testkit.Leftovers;
import io.mediaflow.testkit.MediaFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that would make FFmpeg read files the job never named, or block for ever: the command
 * refuses them with their code and writes nothing.
 */
class HostileInputIT {

  @TempDir Path dir;

  @Test
  void run_refuses_a_playlist_named_mp4_and_writes_nothing() throws IOException {
    Path jobDir = dir.resolve("job");
    Path secret = outsideClip();
    Path spec = Workdir.spec(jobDir, "job.json", Workdir.fanOutSpec("out"));
    Files.writeString(
        jobDir.resolve("in.mp4"),
        "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n" + secret + "\n#EXT-X-ENDLIST\n",
        StandardCharsets.UTF_8);

    Cli.Result result = Cli.run(jobDir, "run", spec.toString()).expectExit(3);

    assertThat(result.stderr())
        .startsWith("error: INPUT_FORMAT_NOT_ALLOWED: ")
        .contains(jobDir.resolve("in.mp4").toString())
        .contains("an HLS playlist");
    assertThat(result.stdout()).isEmpty();
    assertThat(Leftovers.filesIn(jobDir.resolve("out"))).isEmpty();
  }

  @Test
  void run_refuses_a_playlist_served_over_http_and_writes_nothing() throws IOException {
    Path secret = outsideClip();
    byte[] playlist =
        ("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n" + secret + "\n#EXT-X-ENDLIST\n")
            .getBytes(StandardCharsets.UTF_8);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/clip.mp4",
        ex -> {
          ex.sendResponseHeaders(200, playlist.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(playlist);
          }
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/clip.mp4";
      Path jobDir = dir.resolve("job");
      Path spec =
          Workdir.spec(
              jobDir,
              "job.json",
              """
              {"inputs": [{"id": "main", "source": "%s"}],
               "outputs": [{"id": "main", "destination": "file:out/copy.mkv"}]}
              """
                  .formatted(url));

      Cli.Result result =
          Cli.run(jobDir, "run", "--allow-private-network", spec.toString()).expectExit(3);

      assertThat(result.stderr())
          .startsWith("error: INPUT_FORMAT_NOT_ALLOWED: ")
          .contains("an HLS playlist");
      assertThat(Leftovers.filesIn(jobDir.resolve("out"))).isEmpty();
    } finally {
      server.stop(0);
    }
  }

  /** An MPEG-TS clip outside the job's folder: what an HLS playlist lists as its segment. */
  private Path outsideClip() throws IOException {
    MediaFixtures.requireFfmpeg();
    Path clip = MediaFixtures.clip(MediaFixtures.Spec.builder().container("ts").build());
    Path outside = Files.createDirectories(dir.resolve("outside"));
    return Files.copy(clip, outside.resolve("secret.ts"));
  }

  @Test
  void run_and_probe_refuse_a_named_pipe_at_once() throws Exception {
    Path jobDir = dir.resolve("job");
    Workdir.clip(dir, "unused.mp4"); // only to fail or skip without ffmpeg, like the others
    Files.createDirectories(jobDir);
    Process mkfifo = new ProcessBuilder("mkfifo", jobDir.resolve("in.mp4").toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    Path spec = Workdir.spec(jobDir, "job.json", Workdir.fanOutSpec("out"));

    long started = System.nanoTime();
    Cli.Result probe = Cli.run(jobDir, "probe", "in.mp4").expectExit(3);
    // the spec names it: validation refuses it (exit 2) before the backend's own guard is reached
    Cli.Result run = Cli.run(jobDir, "run", spec.toString()).expectExit(2);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
    assertThat(probe.stderr()).startsWith("error: INPUT_UNREADABLE: ").contains("named pipe");
    assertThat(run.stderr()).startsWith("error: NOT_A_REGULAR_FILE inputs[0].source: ");
    assertThat(Leftovers.filesIn(jobDir.resolve("out"))).isEmpty();
  }
}
