package io.mediaflow.samples.chaos;

import io.mediaflow.InboundSource;
import io.mediaflow.MediaFlow;
import io.mediaflow.WebhookReceipt;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.rule.RuleSettings;
import io.mediaflow.jdbc.JdbcStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM by {@link H2WebhookDurabilityTest}: an engine on an H2 file that runs nothing
 * by itself (calling-thread mode) registers a rule, receives {@code n} Radarr downloads and prints
 * {@code accepted k status runs} after each {@code receive} returns, then waits to be killed.
 */
public final class H2WebhookReceiveMain {

  static final String SOURCE = "radarr-main";
  static final String USER = "radarr";
  static final String PASSWORD = "durable-pass";

  private H2WebhookReceiveMain() {}

  /** A Radarr {@code Download} of file {@code k}, as its webhook sends it (trimmed). */
  static byte[] download(int k) {
    String json =
        "{\"eventType\": \"Download\", \"instanceName\": \"Radarr\","
            + " \"movie\": {\"id\": "
            + k
            + ", \"title\": \"Film "
            + k
            + "\", \"folderPath\": \"/movies/Film "
            + k
            + "\"},"
            + " \"movieFile\": {\"id\": "
            + k
            + ", \"relativePath\": \"film-"
            + k
            + ".mkv\", \"path\": \"/movies/Film "
            + k
            + "/film-"
            + k
            + ".mkv\", \"quality\": \"Bluray-1080p\", \"size\": 1000},"
            + " \"isUpgrade\": false, \"downloadId\": \"D"
            + k
            + "\"}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  static Map<String, List<String>> auth() {
    String pair = USER + ":" + PASSWORD;
    return Map.of(
        "Authorization",
        List.of(
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString(pair.getBytes(StandardCharsets.ISO_8859_1))));
  }

  static MediaFlow.Builder engine(JdbcStorage storage) {
    return MediaFlow.builder()
        .storage(storage)
        .runOnCallingThread()
        .action(RuleClusterTest.recordAction(value -> {}))
        .inboundWebhook(InboundSource.radarr(SOURCE).basicAuth(USER, PASSWORD).build());
  }

  public static void main(String[] args) throws InterruptedException {
    Path file = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    MediaFlow flow = engine(JdbcStorage.h2(file)).build().start();
    flow.rules()
        .register(
            Rule.builder("imported")
                .onEvent("media.downloaded")
                .action("test.record", Map.of("value", "${trigger.path}"))
                // every download gets its run, however many are waiting
                .settings(RuleSettings.DEFAULTS.withConcurrency(1, OverlapPolicy.BUFFER_ALL))
                .build());
    for (int k = 0; k < n; k++) {
      WebhookReceipt r = flow.webhooks().receive(SOURCE, auth(), download(k));
      System.out.println("accepted " + k + " " + r.status() + " " + r.runsStarted());
      System.out.flush();
    }
    Thread.sleep(Long.MAX_VALUE); // killed here, its runs not started
  }
}
