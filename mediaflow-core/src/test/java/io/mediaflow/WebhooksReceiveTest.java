package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.MediaFlowStorageFaultsTest.FaultyStorage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code flow.webhooks().receive(...)} accepting requests: each Radarr and Sonarr fixture becomes
 * its {@code media.*} event and fires the rule that asks for it, with the event's data, its run
 * stored before {@code receive} returns; a retried delivery fires once; a generic JSON source; a
 * store that fails answers 503 and a retry then succeeds.
 */
class WebhooksReceiveTest extends InboundTestSupport {

  @ParameterizedTest(name = "{0}/{1} -> {2}")
  @CsvSource({
    "radarr, grab, media.grabbed",
    "radarr, download, media.downloaded",
    "radarr, download-upgrade, media.upgraded",
    "radarr, rename, media.renamed",
    "radarr, movie-added, media.added",
    "radarr, movie-delete, media.deleted",
    "radarr, movie-file-delete, media.file_deleted",
    "radarr, health, media.health",
    "radarr, health-restored, media.health_restored",
    "radarr, application-update, media.app_updated",
    "radarr, manual-interaction-required, media.manual_interaction",
    "radarr, test, media.test",
    "sonarr, grab, media.grabbed",
    "sonarr, download, media.downloaded",
    "sonarr, download-import-complete, media.downloaded",
    "sonarr, download-upgrade, media.upgraded",
    "sonarr, rename, media.renamed",
    "sonarr, series-add, media.added",
    "sonarr, series-delete, media.deleted",
    "sonarr, episode-file-delete, media.file_deleted",
    "sonarr, health, media.health",
    "sonarr, health-restored, media.health_restored",
    "sonarr, application-update, media.app_updated",
    "sonarr, manual-interaction-required, media.manual_interaction",
    "sonarr, test, media.test"
  })
  void each_fixture_becomes_its_event_and_fires_the_rule_that_names_its_type(
      String kind, String fixture, String eventType) {
    MediaFlow f = flow();
    f.rules().register(recordOn("on-type", eventType, "${trigger.hook}/${trigger.eventId}"));

    WebhookReceipt r =
        f.webhooks().receive(kind + "-main", basic(USER, PASSWORD), fixture(kind, fixture));

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.accepted()).isTrue();
    assertThat(r.refusal()).isEmpty();
    assertThat(r.eventType()).contains(eventType);
    assertThat(r.runsStarted()).isEqualTo(1);
    // durable before receive returned
    assertThat(f.rules().runs("on-type", 0, 10).items()).hasSize(1);
    f.runDueJobs();
    assertThat(record.values("on-type"))
        .containsExactly(kind + "-main/" + r.eventId().orElseThrow());
  }

  @Test
  void a_download_hands_the_rule_the_file_path_and_quality() {
    MediaFlow f = flow();
    f.rules()
        .register(
            recordOn(
                "import",
                "media.downloaded",
                "${trigger.source} ${trigger.movieId} ${trigger.path}"));

    f.webhooks().receive("radarr-main", radarrAuth(), fixture("radarr", "download"));
    f.runDueJobs();

    assertThat(record.values("import"))
        .containsExactly("radarr 7 /movies/Arrival (2016)/Arrival (2016) Bluray-2160p.mkv");
  }

  @Test
  void a_rule_sees_the_mediaflow_type_and_the_type_the_sender_wrote() {
    MediaFlow f = flow();
    String types = "${trigger.eventType} ${trigger.sourceEventType}";
    f.rules().register(recordOn("imported", "media.downloaded", types));
    f.rules().register(recordOn("grabbed", "media.grabbed", types));

    f.webhooks().receive("radarr-main", radarrAuth(), fixture("radarr", "download"));
    f.webhooks().receive("radarr-main", radarrAuth(), fixture("radarr", "grab"));
    f.runDueJobs();

    assertThat(record.values("imported")).containsExactly("media.downloaded Download");
    assertThat(record.values("grabbed")).containsExactly("media.grabbed Grab");
  }

  @Test
  void informational_events_are_accepted_but_fire_no_wildcard_rule() {
    MediaFlow f = flow();
    f.rules().register(recordOn("any-media", "media.*", "${trigger.eventType}"));
    f.rules().register(recordOn("health", "media.health", "${trigger.level}"));

    for (String name : List.of("health", "test", "application-update", "download")) {
      assertThat(
              f.webhooks().receive("radarr-main", radarrAuth(), fixture("radarr", name)).status())
          .isEqualTo(202);
    }
    f.runDueJobs();

    assertThat(record.values("any-media")).containsExactly("media.downloaded");
    assertThat(record.values("health")).hasSize(1);
  }

  @Test
  void a_retried_delivery_fires_each_rule_once() {
    MediaFlow f = flow();
    f.rules().register(recordOn("once", "media.downloaded", "${trigger.path}"));

    WebhookReceipt first =
        f.webhooks().receive("sonarr-main", radarrAuth(), fixture("sonarr", "download"));
    WebhookReceipt again =
        f.webhooks().receive("sonarr-main", radarrAuth(), fixture("sonarr", "download"));
    f.runDueJobs();

    assertThat(first.runsStarted()).isEqualTo(1);
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.runsStarted()).isZero();
    assertThat(again.eventId()).isEqualTo(first.eventId());
    assertThat(record.values("once")).hasSize(1);
  }

  @Test
  void a_json_source_publishes_its_body_as_the_data_of_webhook_events() {
    MediaFlow f = flow(InboundSource.json("ci").headerToken("X-Api-Key", "ci-token-1").build());
    f.rules()
        .register(
            recordOn("build", "webhook.ci", "${trigger.hook} ${trigger.repo} ${trigger.eventId}"));
    Map<String, List<String>> headers =
        Map.of("x-api-key", List.of("ci-token-1"), "Webhook-Id", List.of("msg_42"));

    WebhookReceipt r =
        f.webhooks().receive("ci", headers, utf8("{\"repo\": \"mediaflow\", \"ok\": true}"));
    // a retry of the same message, with another body (a new timestamp in it): the same event id
    WebhookReceipt retry =
        f.webhooks().receive("ci", headers, utf8("{\"repo\": \"mediaflow\", \"ok\": false}"));
    f.runDueJobs();

    assertThat(r.eventType()).contains("webhook.ci");
    assertThat(r.eventId()).contains("ci:msg_42");
    assertThat(retry.eventId()).contains("ci:msg_42");
    assertThat(retry.runsStarted()).isZero();
    assertThat(record.values("build")).containsExactly("ci mediaflow ci:msg_42");
  }

  @Test
  void a_json_source_without_a_message_id_dedupes_by_its_body() {
    MediaFlow f = flow(InboundSource.json("lan").noAuth().build());
    f.rules().register(recordOn("lan", "webhook.lan", "${trigger.n}"));

    assertThat(f.webhooks().receive("lan", Map.of(), utf8("{\"n\": 1}")).runsStarted()).isOne();
    f.runDueJobs(); // the rule runs one at a time and skips overlaps (its default)
    assertThat(f.webhooks().receive("lan", Map.of(), utf8("{\"n\": 1}")).runsStarted()).isZero();
    assertThat(f.webhooks().receive("lan", Map.of(), utf8("{\"n\": 2}")).runsStarted()).isOne();
    f.runDueJobs();

    assertThat(record.values("lan")).containsExactly("1", "2");
  }

  @Test
  void a_source_added_later_is_received_and_a_removed_one_is_unknown() {
    MediaFlow f = flow();
    f.webhooks().source(InboundSource.json("late").noAuth().build());
    assertThat(f.webhooks().receive("late", Map.of(), utf8("{}")).status()).isEqualTo(202);

    assertThat(f.webhooks().removeSource("late")).isTrue();
    assertThat(f.webhooks().removeSource("late")).isFalse();
    assertThat(f.webhooks().receive("late", Map.of(), utf8("{}")).status()).isEqualTo(404);
  }

  @Test
  void a_store_that_fails_answers_503_and_the_senders_retry_fires_once() {
    FaultyStorage faults = new FaultyStorage().fail("submitLimited", 1);
    MediaFlow f =
        MediaFlow.builder()
            .storage(faults.storage())
            .clock(clock)
            .runOnCallingThread()
            .action(record)
            .inboundWebhook(InboundSource.radarr("radarr-main").basicAuth(USER, PASSWORD).build())
            .build()
            .start();
    flows.add(f);
    f.rules().register(recordOn("kept", "media.downloaded", "${trigger.path}"));

    WebhookReceipt failed =
        f.webhooks().receive("radarr-main", radarrAuth(), fixture("radarr", "download"));
    WebhookReceipt retried =
        f.webhooks().receive("radarr-main", radarrAuth(), fixture("radarr", "download"));
    f.runDueJobs();

    assertThat(failed.status()).isEqualTo(503);
    WebhookReceipt.Refusal why = failed.refusal().orElseThrow();
    assertThat(why.code().code()).isEqualTo("INBOUND_NOT_ACCEPTED");
    assertThat(why.code().retryable()).isTrue();
    assertThat(why.message())
        .isEqualTo(
            "the webhook to source 'radarr-main' was read but its event could not be stored;"
                + " nothing was started");
    assertThat(retried.status()).isEqualTo(202);
    assertThat(retried.runsStarted()).isOne();
    assertThat(record.values("kept")).hasSize(1);
  }

  @Test
  void a_crash_between_accepting_and_running_loses_nothing() {
    MediaFlow first = flow();
    first.rules().register(recordOn("kept", "media.downloaded", "${trigger.path}"));
    WebhookReceipt r =
        first.webhooks().receive("radarr-main", radarrAuth(), fixture("radarr", "download"));
    assertThat(r.status()).isEqualTo(202);
    flows.remove(first);
    first.close(); // before any worker ran the rule's job

    MediaFlow second = flow();
    second.runDueJobs();

    assertThat(record.values("kept"))
        .containsExactly("/movies/Arrival (2016)/Arrival (2016) Bluray-2160p.mkv");
  }
}
