package io.mediaflow;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.internal.webhook.inbound.ArrFixtures;
import io.mediaflow.internal.webhook.inbound.ArrKind;
import io.mediaflow.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the inbound webhook tests share: an engine on the calling thread with {@code test.record},
 * the Radarr and Sonarr fixtures, and request headers.
 */
abstract class InboundTestSupport {

  static final Instant T0 = Instant.parse("2026-12-03T20:00:00Z");
  static final String USER = "radarr";
  static final String PASSWORD = "hunter2-pass";

  final ManualClock clock = ManualClock.at(T0);
  final InMemoryStorage storage = new InMemoryStorage();
  final RecordAction record = new RecordAction();
  final List<MediaFlow> flows = new ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void closeFlows() {
    flows.forEach(MediaFlow::close);
  }

  /** An engine with sources for Radarr and Sonarr under basic auth, and {@code extra} ones. */
  MediaFlow flow(InboundSource... extra) {
    MediaFlow.Builder b =
        MediaFlow.builder()
            .storage(storage)
            .clock(clock)
            .runOnCallingThread()
            .action(record)
            .inboundWebhook(InboundSource.radarr("radarr-main").basicAuth(USER, PASSWORD).build())
            .inboundWebhook(InboundSource.sonarr("sonarr-main").basicAuth(USER, PASSWORD).build());
    for (InboundSource s : extra) {
      b.inboundWebhook(s);
    }
    MediaFlow f = b.build().start();
    flows.add(f);
    return f;
  }

  static byte[] fixture(String kind, String name) {
    return ArrFixtures.body(ArrKind.valueOf(kind.toUpperCase(Locale.ROOT)), name);
  }

  /** The header Radarr and Sonarr send, in the case some servers hand it over. */
  static Map<String, List<String>> basic(String user, String password) {
    String pair = user + ":" + password;
    return Map.of(
        "authorization",
        List.of(
            "Basic "
                + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.ISO_8859_1))));
  }

  static Map<String, List<String>> radarrAuth() {
    return basic(USER, PASSWORD);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  List<Job> jobs() {
    return storage.jobs().query(JobQuery.all()).items();
  }

  /** A rule that records {@code value} under its id on events of {@code pattern}. */
  static io.mediaflow.api.rule.Rule recordOn(String id, String pattern, String value) {
    return io.mediaflow.api.rule.Rule.builder(id)
        .onEvent(pattern)
        .action("test.record", Map.of("key", id, "value", value))
        .build();
  }
}
