package io.mediaflow.internal.action.notify;

import static io.mediaflow.internal.action.ActionRuns.completes;
import static io.mediaflow.internal.action.ActionRuns.fails;
import static io.mediaflow.internal.action.ActionRuns.node;
import static io.mediaflow.internal.action.ActionRuns.nodeRun;
import static io.mediaflow.internal.action.ActionRuns.outputs;
import static io.mediaflow.internal.action.ActionRuns.quoted;
import static io.mediaflow.internal.action.ActionRuns.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediaflow.InMemoryStorage;
import io.mediaflow.JobHandle;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.job.JobError;
import io.mediaflow.testkit.ManualClock;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code notify.slack} through real workflow runs to a real HTTP receiver playing Slack. */
class SlackNotifyActionTest {

  static final String TOKEN_PATH = "/services/T000/B000/XXXXsecretXXXX";

  final ManualClock clock = ManualClock.at(Instant.parse("2026-03-01T12:00:00Z"));
  Receiver slack;
  MediaFlow flow;

  @BeforeEach
  void serve() throws Exception {
    slack = new Receiver();
    flow =
        MediaFlow.builder()
            .storage(new InMemoryStorage())
            .clock(clock)
            .runOnCallingThread()
            .allowPrivateNetwork()
            .build();
  }

  @AfterEach
  void close() {
    flow.close();
    slack.close();
  }

  String def(String url, String extra) {
    return workflow(
        node(
            "chat",
            "notify.slack",
            "{\"url\":" + quoted(url) + ",\"text\":\"*Done*: a.mp4\"" + extra + "}"));
  }

  @Test
  void posts_the_incoming_webhook_json_and_shows_only_the_host_of_its_secret_url()
      throws Exception {
    JobHandle h =
        completes(
            flow,
            flow.workflows()
                .start(
                    def(
                        slack.url(TOKEN_PATH),
                        ",\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\","
                            + "\"text\":\"hi\"}}]"),
                    Map.of()));

    assertThat(slack.received).hasSize(1);
    Receiver.Received r = slack.received.get(0);
    assertThat(r.path()).isEqualTo(TOKEN_PATH);
    assertThat(r.header("content-type")).isEqualTo("application/json");
    assertThat(new ObjectMapper().readTree(r.body()).toString())
        .isEqualTo(
            "{\"text\":\"*Done*: a.mp4\",\"blocks\":[{\"type\":\"section\",\"text\":"
                + "{\"type\":\"mrkdwn\",\"text\":\"hi\"}}]}");
    assertThat(outputs(h, "chat")).containsEntry("status", 200);
    assertThat(nodeRun(flow, h, "chat").summary())
        .isEqualTo("posted to Slack (" + slack.url("/…") + "): HTTP 200")
        .doesNotContain("secret");
  }

  @Test
  void a_test_run_posts_nothing() {
    JobHandle h =
        completes(flow, flow.workflows().testRun(def(slack.url(TOKEN_PATH), ""), Map.of()));

    assertThat(slack.received).isEmpty();
    assertThat(nodeRun(flow, h, "chat").summary())
        .isEqualTo("test run: would post a 13-character message to " + slack.url("/…"));
  }

  @Test
  void slack_refusing_the_message_fails_the_node_with_its_answer_and_without_the_url_secret() {
    slack.status = 400;
    slack.answer = "invalid_payload";

    JobError e = fails(flow, flow.workflows().start(def(slack.url(TOKEN_PATH), ""), Map.of()));

    assertThat(e.code()).isEqualTo("NOTIFY_SLACK_REJECTED");
    assertThat(e.message())
        .contains("notify.slack: " + slack.url("/…") + " answered HTTP 400: invalid_payload")
        .doesNotContain("secret");
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void a_network_failure_keeps_its_code_but_not_the_url_secret() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }

    JobError e =
        fails(
            flow,
            flow.workflows().start(def("http://127.0.0.1:" + closed + TOKEN_PATH, ""), Map.of()));

    assertThat(e.code()).isEqualTo("NETWORK");
    assertThat(e.message()).contains("http://127.0.0.1:" + closed + "/…").doesNotContain("secret");
  }

  @Test
  void a_bad_url_or_a_blank_text_is_refused_before_anything_is_sent() {
    JobError url = fails(flow, flow.workflows().start(def("hooks.slack.com/x", ""), Map.of()));
    assertThat(url.code()).isEqualTo("NOTIFY_URL_INVALID");
    assertThat(url.message()).contains("the url must be an absolute http or https address");

    JobError blank =
        fails(
            flow,
            flow.workflows()
                .start(
                    workflow(
                        node(
                            "chat",
                            "notify.slack",
                            "{\"url\":" + quoted(slack.url(TOKEN_PATH)) + ",\"text\":\" \"}")),
                    Map.of()));
    assertThat(blank.code()).isEqualTo("INVALID_VALUE");
    assertThat(blank.message()).contains("nodes[chat].params.text").contains("must not be blank");
    assertThat(slack.received).isEmpty();
  }
}
