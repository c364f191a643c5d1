package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** http(s) inputs through the command line, served from 127.0.0.1. */
class UrlSourceIT {

  @TempDir Path dir;
  private HttpServer server;
  private Path spec;

  @BeforeEach
  void serve() throws IOException {
    Path clip = Workdir.clip(dir.resolve("served"), "clip.mp4");
    byte[] bytes = Files.readAllBytes(clip);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/clip.mp4",
        ex -> {
          ex.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/clip.mp4";
    spec =
        Workdir.spec(
            dir.resolve("job"),
            "job.json",
            """
            {"inputs": [{"id": "main", "source": "%s"}],
             "outputs": [{"id": "main", "destination": "file:out/copy.mkv"}]}
            """
                .formatted(url));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void a_loopback_url_is_refused_by_default() {
    Cli.Result result = Cli.run(dir, "run", spec.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("ADDRESS_NOT_ALLOWED").contains("inputs[0].source");
    assertThat(dir.resolve("job/out")).doesNotExist();
  }

  @Test
  void a_loopback_url_is_downloaded_when_the_private_network_is_allowed() {
    Cli.Result result = Cli.run(dir, "run", "--allow-private-network", spec.toString());

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(dir.resolve("job/out/copy.mkv")).isNotEmptyFile();
  }

  @Test
  void a_cloud_metadata_url_is_refused_even_with_the_private_network_allowed() {
    Path metadata =
        Workdir.spec(
            dir.resolve("meta"),
            "job.json",
            """
            {"inputs": [{"id": "main", "source": "http://[fd00:ec2::254]/latest/meta-data/x.mp4"}],
             "outputs": [{"id": "main", "destination": "file:out/copy.mkv"}]}
            """);

    Cli.Result result = Cli.run(dir, "run", "--allow-private-network", metadata.toString());

    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
    assertThat(result.errorLines().get(0))
        .startsWith("error: ADDRESS_NOT_ALLOWED inputs[0].source: ")
        .contains("fd00:ec2:0:0:0:0:0:254, a cloud metadata address");
  }
}
