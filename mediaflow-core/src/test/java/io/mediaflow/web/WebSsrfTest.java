package io.mediaflow.web;

import static io.mediaflow.web.WebFlows.error;
import static io.mediaflow.web.WebFlows.oneNode;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.JobHandle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The web actions' requests go through the one SSRF guard (issue 6's list): loopback and private
 * addresses are refused unless the host allows the private network, cloud metadata addresses
 * always, also behind a redirect; nothing is sent to a refused address.
 */
class WebSsrfTest {

  @TempDir Path dir;
  LoopbackServer server;

  @BeforeEach
  void start() throws IOException {
    server = new LoopbackServer();
    server.on("/v.mp4", new LoopbackServer.Reply().header("Content-Type", "video/mp4").body("v"));
    server.on(
        "/api", new LoopbackServer.Reply().header("Content-Type", "application/json").body("{}"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  JobHandle run(boolean privateNetwork, String action, String url) {
    WebFlows flows = new WebFlows(dir, privateNetwork, b -> {});
    try {
      return flows.run(oneNode(action, "{\"url\":\"" + url + "\"}", ""), Map.of());
    } finally {
      flows.flow.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"download.url", "http.request"})
  void loopback_is_refused_by_default_and_nothing_is_sent(String action) {
    String url = server.url(action.equals("http.request") ? "/api" : "/v.mp4");

    JobHandle h = run(false, action, url);

    assertThat(error(h).code()).isEqualTo("ADDRESS_NOT_ALLOWED");
    assertThat(error(h).message())
        .isEqualTo(
            "workflow 'wf' run "
                + h.id()
                + " at node 'n': "
                + url
                + " resolves to 127.0.0.1, a loopback address that jobs may not fetch from");
    assertThat(error(h).suggestion()).contains("allowPrivateNetwork");
    assertThat(server.seen()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"download.url", "http.request"})
  void a_private_address_is_refused_by_default(String action) {
    JobHandle h = run(false, action, "http://10.20.30.40/x.mp4");

    assertThat(error(h).code()).isEqualTo("ADDRESS_NOT_ALLOWED");
    assertThat(error(h).message())
        .endsWith(
            "http://10.20.30.40/x.mp4 resolves to 10.20.30.40, a private address that jobs may"
                + " not fetch from");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "download.url http://169.254.169.254/latest/meta-data/ 169.254.169.254",
        "http.request http://169.254.169.254/latest/meta-data/ 169.254.169.254",
        "download.url http://[fd00:ec2::254]/latest/ fd00:ec2:0:0:0:0:0:254",
        "http.request http://[fd00:ec2::254]/latest/ fd00:ec2:0:0:0:0:0:254"
      })
  void cloud_metadata_is_refused_even_with_the_private_network_allowed(String line) {
    String[] p = line.split(" ");

    JobHandle h = run(true, p[0], p[1]);

    assertThat(error(h).code()).isEqualTo("ADDRESS_NOT_ALLOWED");
    assertThat(error(h).message())
        .endsWith(
            p[1]
                + " resolves to "
                + p[2]
                + ", a cloud metadata address that jobs may never fetch from");
  }

  @ParameterizedTest
  @ValueSource(strings = {"download.url", "http.request"})
  void a_redirect_to_cloud_metadata_is_refused_at_that_hop(String action) {
    server.on(
        "/hop",
        new LoopbackServer.Reply()
            .status(302)
            .header("Location", "http://169.254.169.254/latest/meta-data/iam"));

    JobHandle h = run(true, action, server.url("/hop"));

    assertThat(error(h).code()).isEqualTo("ADDRESS_NOT_ALLOWED");
    assertThat(error(h).message())
        .endsWith(
            "http://169.254.169.254/latest/meta-data/iam (redirected from "
                + server.url("/hop")
                + ") resolves to 169.254.169.254, a cloud metadata address that jobs may never"
                + " fetch from");
    assertThat(server.seen()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"download.url", "http.request"})
  void with_the_private_network_allowed_loopback_is_reached(String action) {
    String url = server.url(action.equals("http.request") ? "/api" : "/v.mp4");

    JobHandle h = run(true, action, url);

    assertThat(h.status().error()).isEmpty();
    assertThat(server.seen()).hasSize(1);
  }
}
