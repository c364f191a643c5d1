package io.mediaflow.samples.chaos;

import io.mediaflow.InboundSource;
import io.mediaflow.MediaFlow;
import io.mediaflow.WebhookReceipt;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.rule.RuleSettings;
import io.mediaflow.jdbc.JdbcStorage;
import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM by {@link WebhookDurabilityTest}: an engine that runs nothing by itself
 * (calling-thread mode) registers a rule, receives {@code n} Radarr downloads and prints {@code
 * accepted k status runs} after each {@code receive} returns, then waits to be killed. Its store:
 *
 * <pre>
 * WebhookReceiveMain h2 &lt;file&gt; &lt;n&gt;
 * WebhookReceiveMain pg &lt;jdbcUrl&gt; &lt;tablePrefix&gt; &lt;n&gt;
 * </pre>
 */
public final class WebhookReceiveMain {

  static final String SOURCE = "radarr-main";
  static final String USER = "radarr";
  static final String PASSWORD = "durable-pass";

  private WebhookReceiveMain() {}

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

  /** The store the arguments name: {@code h2 FILE} or {@code pg URL PREFIX}. */
  static JdbcStorage storage(String... args) {
    if (args[0].equals("h2")) {
      return JdbcStorage.h2(Path.of(args[1]));
    }
    return JdbcStorage.builder(new SimplePool(new DriverDataSource(args[1]), 4))
        .tablePrefix(args[2])
        .build();
  }

  public static void main(String[] args) throws InterruptedException {
    int n = Integer.parseInt(args[args.length - 1]);
    MediaFlow flow = engine(storage(args)).build().start();
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
