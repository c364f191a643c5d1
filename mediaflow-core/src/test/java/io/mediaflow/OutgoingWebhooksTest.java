package io.mediaflow;

import static io.mediaflow.testkit.JobAssertions.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.DeliveryAttempt;
import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.testkit.ManualClock;
import io.mediaflow.webhooks.StandardWebhooksReference;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outgoing webhooks end to end: registrations, signed durable deliveries to a real receiver. */
class OutgoingWebhooksTest {

  static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  final ManualClock clock = ManualClock.at(T0);
  final WebhookSecret secret = WebhookSecret.generate();
  final List<MediaFlow> flows = new ArrayList<>();
  HookReceiver receiver;

  @BeforeEach
  void serve() throws Exception {
    receiver = new HookReceiver();
  }

  @AfterEach
  void close() {
    flows.forEach(MediaFlow::close);
    receiver.close();
  }

  MediaFlow flow(MediaFlow.Builder b) {
    MediaFlow f = b.build();
    flows.add(f);
    return f;
  }

  MediaFlow.Builder builder() {
    return MediaFlow.builder().clock(clock).runOnCallingThread().nodeId("hooks");
  }

  MediaFlow flow() {
    return flow(builder());
  }

  WebhookRegistration.Builder hook(String id) {
    return WebhookRegistration.builder(id, receiver.url("/hooks/" + id + "?token=t0k3n"))
        .patterns("video.*")
        .secret(secret.text())
        .allowedAddresses("127.0.0.1");
  }

  Instant publish(MediaFlow f, String type, String file) {
    Instant at = clock.instant();
    f.events().publish(new Event(type, at, Map.of("file", file, "size", 42)));
    return at;
  }

  static JsonNode json(HookReceiver.Received r) throws Exception {
    return JSON.readTree(r.body());
  }

  // ---------------------------------------------------------------- delivery

  @Test
  void a_matching_event_is_delivered_signed_in_the_envelope_and_recorded() throws Exception {
    MediaFlow f = flow();
    f.webhooks().register(hook("ops").build());

    Instant at = publish(f, "video.ready", "a.mp4");
    publish(f, "audio.ready", "b.mp3"); // no pattern matches
    assertThat(f.runDueJobs()).isEqualTo(1);

    assertThat(receiver.received).hasSize(1);
    HookReceiver.Received r = receiver.received.get(0);
    String id = r.header("webhook-id");
    assertThat(id).startsWith("msg_evt_");
    assertThat(r.header("webhook-timestamp")).isEqualTo(Long.toString(T0.getEpochSecond()));
    assertThat(r.header("X-Webhook-Event")).isEqualTo("video.ready");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(
            StandardWebhooksReference.verify(
                secret.text(), id, T0.getEpochSecond(), r.text(), r.header("webhook-signature")))
        .as("the independent implementation accepts the signature")
        .isTrue();
    WebhookVerifier verifier = WebhookVerifier.builder().secret(secret).clock(clock).build();
    assertThat(verifier.verify(r.headers(), r.body()).id()).isEqualTo(id);
    JsonNode body = json(r);
    assertThat(body.get("eventId").asText()).isEqualTo(id.substring("msg_".length()));
    assertThat(body.get("eventType").asText()).isEqualTo("video.ready");
    assertThat(body.get("timestamp").asText()).isEqualTo(at.toString());
    assertThat(body.get("data").get("file").asText()).isEqualTo("a.mp4");
    assertThat(body.get("data").get("size").asInt()).isEqualTo(42);

    List<DeliveryAttempt> attempts = f.webhooks().attempts("ops", 10);
    assertThat(attempts).hasSize(1);
    DeliveryAttempt a = attempts.get(0);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.delivered()).isTrue();
    assertThat(a.messageId()).isEqualTo(id);
    assertThat(a.attempt()).isEqualTo(1);
    assertThat(a.responseSnippet()).isEqualTo("thanks");
    assertThat(f.webhooks().attemptsOf(a.deliveryId())).containsExactly(a);
    assertThatJob(f.job(a.deliveryId()).orElseThrow().status()).isCompleted();
    assertThat(f.webhooks().deliveries("ops")).as("nothing on its way or dead").isEmpty();
  }

  /** A workflow run's events reach the webhooks too (they once went to the host's bus only). */
  @Test
  void a_hook_on_workflow_events_receives_a_runs_completion() throws Exception {
    MediaFlow f = flow();
    f.webhooks().register(hook("ops").patterns("workflow.completed").build());
    String def =
        "{\"version\":1,\"id\":\"wf\",\"nodes\":[{\"id\":\"start\",\"type\":\"trigger\","
            + "\"kind\":\"manual\"},{\"id\":\"big\",\"type\":\"condition\",\"if\":"
            + "{\"left\":\"${trigger.size}\",\"op\":\"gt\",\"right\":1000}}],"
            + "\"edges\":[{\"from\":\"start\",\"to\":\"big\"}]}";
    String run = f.workflows().start(def, Map.of("size", 5)).id();

    f.runDueJobs(); // the run, which stores the delivery
    f.runDueJobs(); // the delivery

    assertThat(receiver.received).hasSize(1);
    HookReceiver.Received r = receiver.received.get(0);
    assertThat(r.header("X-Webhook-Event")).isEqualTo("workflow.completed");
    JsonNode body = json(r);
    assertThat(body.get("data").get("runId").asText()).isEqualTo(run);
    assertThat(body.get("data").get("workflowId").asText()).isEqualTo("wf");
  }

  @Test
  void an_event_with_an_id_makes_one_delivery_however_often_it_is_published() {
    MediaFlow f = flow();
    f.webhooks().register(hook("ops").build());
    Event e = new Event("video.ready", T0, Map.of("eventId", "e-42"));

    f.events().publish(e);
    f.events().publish(e);
    f.runDueJobs();

    assertThat(receiver.received).hasSize(1);
    assertThat(receiver.received.get(0).header("webhook-id")).isEqualTo("msg_e-42");
  }

  @Test
  void a_hook_on_every_event_does_not_feed_on_its_own_deliveries() {
    MediaFlow f = flow();
    f.webhooks().register(hook("all").patterns("**").build());

    publish(f, "video.ready", "a.mp4");
    f.runDueJobs();
    f.runDueJobs();

    assertThat(receiver.received)
        .extracting(r -> r.header("X-Webhook-Event"))
        .containsExactly("video.ready");
  }

  @Test
  void a_receiver_down_for_70_minutes_gets_every_delivery_at_the_81_minute_attempt()
      throws Exception {
    MediaFlow f = flow();
    f.webhooks().register(hook("ops").build());
    receiver.down();
    publish(f, "video.ready", "a.mp4");
    publish(f, "video.ready", "b.mp4");
    publish(f, "video.deleted", "c.mp4");

    Instant due = T0;
    List<Instant> schedule = new ArrayList<>();
    for (Duration wait :
        List.of(
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(15),
            Duration.ofHours(1))) {
      schedule.add(due);
      assertThat(f.runDueJobs()).isEqualTo(3);
      due = due.plus(wait);
      for (Job j : f.webhooks().deliveries("ops")) {
        assertThatJob(j).isInState(JobState.SCHEDULED);
        assertThat(j.scheduledAt()).isEqualTo(due);
      }
      if (due.isBefore(T0.plus(Duration.ofMinutes(70)))) {
        clock.set(due);
      }
    }
    assertThat(due).isEqualTo(T0.plus(Duration.ofMinutes(81)));
    clock.set(T0.plus(Duration.ofMinutes(70)));
    receiver.up();
    assertThat(f.runDueJobs()).as("nothing is due between attempts").isZero();
    clock.set(T0.plus(Duration.ofMinutes(81)));
    schedule.add(clock.instant());
    assertThat(f.runDueJobs()).isEqualTo(3);

    assertThat(receiver.received)
        .extracting(r -> json(r).get("data").get("file").asText())
        .containsExactlyInAnyOrder("a.mp4", "b.mp4", "c.mp4");
    assertThat(f.webhooks().deliveries("ops")).isEmpty();
    List<DeliveryAttempt> all = f.webhooks().attempts("ops", 100);
    assertThat(all).hasSize(15);
    String deliveryId = all.get(0).deliveryId();
    List<DeliveryAttempt> one = f.webhooks().attemptsOf(deliveryId);
    assertThat(one).extracting(DeliveryAttempt::at).containsExactlyElementsOf(schedule);
    assertThat(one).extracting(DeliveryAttempt::attempt).containsExactly(1, 2, 3, 4, 5);
    assertThat(one).extracting(DeliveryAttempt::messageId).containsOnly(one.get(0).messageId());
    assertThat(one.subList(0, 4)).allSatisfy(a -> assertThat(a.status()).isZero());
    assertThat(one.get(0).error()).contains("127.0.0.1").doesNotContain("t0k3n");
    assertThat(one.get(4).delivered()).isTrue();
  }

  @Test
  void a_delivery_refused_five_times_is_dead_listed_and_redelivered_with_the_same_id() {
    MediaFlow f = flow();
    f.webhooks().register(hook("ops").build());
    receiver.always = new HookReceiver.Answer(500, Map.of(), "boom");
    publish(f, "video.ready", "a.mp4");
    for (int i = 0; i < 5; i++) {
      f.runDueJobs();
      clock.advance(Duration.ofHours(1));
    }
    List<Job> dead = f.webhooks().deliveries("ops", Set.of(JobState.DEAD));
    assertThat(dead).hasSize(1);
    assertThatJob(dead.get(0)).isDead().hasAttempts(5).failedWith("WEBHOOK_DELIVERY_FAILED");
    assertThat(dead.get(0).error().orElseThrow().message())
        .isEqualTo("webhook ops: " + receiver.url("/hooks/ops") + " answered HTTP 500: boom");
    assertThat(f.webhooks().deliveries("ops"))
        .extracting(Job::id)
        .containsExactly(dead.get(0).id());
    assertThat(receiver.received).hasSize(5);
    String id = receiver.received.get(0).header("webhook-id");

    receiver.always = HookReceiver.Answer.of(204);
    JobHandle again = f.webhooks().redeliver(dead.get(0).id());
    f.runDueJobs();
    assertThat(again.id()).isEqualTo(dead.get(0).id());
    assertThatJob(again.status()).isCompleted();
    assertThat(receiver.received).hasSize(6);
    assertThat(receiver.received.get(5).header("webhook-id")).isEqualTo(id);

    JobHandle third = f.webhooks().redeliver(again.id());
    assertThat(third.id()).as("a delivered one goes again as a new job").isNotEqualTo(again.id());
    f.runDueJobs();
    assertThat(receiver.received).hasSize(7);
    assertThat(receiver.received.get(6).header("webhook-id")).isEqualTo(id);
  }

  @Test
  void only_dead_or_delivered_deliveries_can_be_redelivered() {
    MediaFlow f = flow();
    f.webhooks().register(hook("ops").build());
    publish(f, "video.ready", "a.mp4");
    Job pending = f.webhooks().deliveries("ops").get(0);

    MediaFlowException e =
        catchThrowableOfType(MediaFlowException.class, () -> f.webhooks().redeliver(pending.id()));
    assertThat(e.code()).isEqualTo(WebhookErrors.WEBHOOK_DELIVERY_NOT_REDELIVERABLE);
    assertThat(e.detail())
        .isEqualTo("job " + pending.id() + " cannot be redelivered: it is pending");
    assertThat(e.suggestion())
        .isEqualTo("redeliver a dead or delivered webhook delivery; a pending one is on its way");
    assertThatThrownBy(() -> f.webhooks().redeliver("nope"))
        .isInstanceOf(MediaFlowException.class)
        .hasMessageContaining("JOB_NOT_FOUND");
  }

  @Test
  void during_rotation_each_delivery_carries_a_signature_per_secret() {
    MediaFlow f = flow();
    f.webhooks().register(hook("ops").build());
    WebhookSecret fresh = WebhookSecret.generate();
    assertThat(f.webhooks().addSecret("ops", fresh.text()).secrets())
        .containsExactly(fresh.text(), secret.text());

    publish(f, "video.ready", "a.mp4");
    f.runDueJobs();
    HookReceiver.Received r = receiver.received.get(0);
    assertThat(r.header("webhook-signature").split(" ")).hasSize(2);
    for (WebhookSecret known : List.of(secret, fresh)) {
      WebhookVerifier v = WebhookVerifier.builder().secret(known).clock(clock).build();
      assertThat(v.verify(r.headers(), r.body()).id()).isEqualTo(r.header("webhook-id"));
    }

    f.webhooks().removeSecret("ops", secret.text());
    publish(f, "video.ready", "b.mp4");
    f.runDueJobs();
    HookReceiver.Received after = receiver.received.get(1);
    assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
    assertThat(
            StandardWebhooksReference.verify(
                fresh.text(),
                after.header("webhook-id"),
                T0.getEpochSecond(),
                after.text(),
                after.header("webhook-signature")))
        .isTrue();
    MediaFlowException e =
        catchThrowableOfType(
            MediaFlowException.class, () -> f.webhooks().removeSecret("ops", fresh.text()));
    assertThat(e.code()).isEqualTo(WebhookErrors.WEBHOOK_SECRET_INVALID);
    assertThat(e.detail()).isEqualTo("webhook ops would be left without a secret to sign with");
    assertThat(e.getMessage()).doesNotContain(fresh.text());
  }

  @Test
  void retry_after_on_429_and_503_is_waited_for() {
    MediaFlow f = flow();
    f.webhooks().register(hook("ops").build());
    receiver.next.add(new HookReceiver.Answer(429, Map.of("Retry-After", "120"), "slow down"));
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            T0.plus(Duration.ofMinutes(12)).atOffset(ZoneOffset.UTC));
    receiver.next.add(new HookReceiver.Answer(503, Map.of("Retry-After", date), ""));
    publish(f, "video.ready", "a.mp4");

    f.runDueJobs();
    Job j = f.webhooks().deliveries("ops").get(0);
    assertThat(j.scheduledAt())
        .as("2 min, not the schedule's 1 min")
        .isEqualTo(T0.plusSeconds(120));
    assertThat(j.error().orElseThrow().message())
        .endsWith("answered HTTP 429: slow down (Retry-After 120 s)");

    clock.set(T0.plusSeconds(120));
    f.runDueJobs();
    j = f.webhooks().deliveries("ops").get(0);
    assertThat(j.scheduledAt())
        .as("until the HTTP date (10 min), not the schedule's 5 min")
        .isEqualTo(T0.plus(Duration.ofMinutes(12)));

    clock.set(T0.plus(Duration.ofMinutes(12)));
    f.runDueJobs();
    assertThat(f.webhooks().deliveries("ops")).isEmpty();
    assertThat(receiver.received).hasSize(3);
  }

  @Test
  void gone_deactivates_the_registration_and_ends_the_delivery() {
    MediaFlow f = flow();
    f.webhooks().register(hook("ops").build());
    receiver.always = HookReceiver.Answer.of(410);
    publish(f, "video.ready", "a.mp4");

    f.runDueJobs();

    assertThat(f.webhooks().get("ops").orElseThrow().active()).isFalse();
    Job done = f.job(f.webhooks().attempts("ops", 1).get(0).deliveryId()).orElseThrow().status();
    assertThatJob(done).isCompleted();
    assertThat(done.result()).contains("{\"status\":410,\"deactivated\":true}");
    publish(f, "video.ready", "b.mp4");
    assertThat(f.runDueJobs()).as("an inactive registration gets no new deliveries").isZero();

    receiver.always = HookReceiver.Answer.of(200);
    f.webhooks().activate("ops");
    publish(f, "video.ready", "c.mp4");
    f.runDueJobs();
    assertThat(receiver.received).hasSize(2);
  }

  @Test
  void deactivating_buries_queued_deliveries_to_redeliver_later() {
    MediaFlow f = flow();
    f.webhooks().register(hook("ops").build());
    publish(f, "video.ready", "a.mp4");
    f.webhooks().deactivate("ops");

    f.runDueJobs();

    Job dead = f.webhooks().deliveries("ops", Set.of(JobState.DEAD)).get(0);
    assertThatJob(dead).isDead().failedWith("WEBHOOK_INACTIVE");
    assertThat(receiver.received).isEmpty();
    f.webhooks().activate("ops");
    f.webhooks().redeliver(dead.id());
    f.runDueJobs();
    assertThat(receiver.received).hasSize(1);
  }

  @Test
  void an_ordered_registration_gets_one_delivery_at_a_time_in_order() throws Exception {
    MediaFlow f = flow();
    f.webhooks().register(hook("ops").ordered(true).build());
    receiver.next.add(HookReceiver.Answer.of(500));
    publish(f, "video.ready", "1.mp4");
    publish(f, "video.ready", "2.mp4");
    publish(f, "video.ready", "3.mp4");

    assertThat(f.runDueJobs()).as("only the first may go").isEqualTo(1);
    assertThat(f.webhooks().deliveries("ops"))
        .extracting(Job::state)
        .containsOnly(JobState.SCHEDULED);
    clock.advance(Duration.ofMinutes(1));
    f.runDueJobs();
    f.runDueJobs();
    f.runDueJobs();

    assertThat(receiver.received)
        .extracting(r -> json(r).get("data").get("file").asText())
        .containsExactly("1.mp4", "1.mp4", "2.mp4", "3.mp4");
  }

  @Test
  void a_rate_limited_registration_spaces_its_deliveries() throws Exception {
    MediaFlow f = flow();
    f.webhooks().register(hook("ops").ratePerSecond(0.5).build());
    for (int i = 1; i <= 3; i++) {
      publish(f, "video.ready", i + ".mp4");
    }

    f.runDueJobs();
    assertThat(receiver.received).hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    f.runDueJobs();
    assertThat(receiver.received).as("2 s apart, not 1").hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    f.runDueJobs();
    assertThat(receiver.received).hasSize(2);
    clock.advance(Duration.ofSeconds(2));
    f.runDueJobs();
    assertThat(receiver.received).hasSize(3);
    assertThat(receiver.received)
        .extracting(r -> Long.parseLong(r.header("webhook-timestamp")) - T0.getEpochSecond())
        .containsExactly(0L, 2L, 4L);
  }

  // ---------------------------------------------------------------- retention

  @Test
  void delivery_history_older_than_the_retention_is_purged_with_its_jobs() {
    MediaFlow f = flow(builder().retention(Duration.ofDays(1)));
    f.webhooks().register(hook("ops").build());
    publish(f, "video.ready", "old.mp4");
    assertThat(f.runDueJobs()).isEqualTo(1);
    String old = f.webhooks().attempts("ops", 10).get(0).deliveryId();
    clock.advance(Duration.ofHours(12));
    publish(f, "video.ready", "new.mp4");
    assertThat(f.runDueJobs()).isEqualTo(1);
    String kept = f.webhooks().attempts("ops", 10).get(0).deliveryId();

    clock.set(T0.plus(Duration.ofDays(1)).minusSeconds(1));
    f.runWatchdog();
    assertThat(f.webhooks().attempts("ops", 10)).as("nothing older than a day yet").hasSize(2);

    clock.set(T0.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(10)));
    f.runWatchdog();
    assertThat(f.webhooks().attempts("ops", 10))
        .extracting(DeliveryAttempt::deliveryId)
        .containsExactly(kept);
    assertThat(f.webhooks().attemptsOf(old)).isEmpty();
    assertThat(f.job(old)).as("the delivery job went with its history").isEmpty();
    assertThat(f.job(kept)).isPresent();
    assertThat(f.webhooks().get("ops")).as("the registration stays").isPresent();
  }

  @Test
  void without_a_retention_the_delivery_history_is_kept() {
    MediaFlow f = flow(builder().retention(Duration.ZERO));
    f.webhooks().register(hook("ops").build());
    publish(f, "video.ready", "a.mp4");
    assertThat(f.runDueJobs()).isEqualTo(1);

    clock.advance(Duration.ofDays(400));
    f.runWatchdog();
    assertThat(f.webhooks().attempts("ops", 10)).hasSize(1);
  }

  // ---------------------------------------------------------------- SSRF

  void refused(MediaFlow f, String id, String url, String... allowed) {
    f.webhooks()
        .register(
            WebhookRegistration.builder(id, url)
                .patterns("video.*")
                .secret(secret.text())
                .allowedAddresses(allowed)
                .build());
  }

  @Test
  void private_loopback_link_local_and_metadata_addresses_are_refused_before_connecting() {
    MediaFlow f =
        flow(
            builder()
                .webhookResolver(
                    host ->
                        switch (host) {
                          case "rebind.example" ->
                              new InetAddress[] {InetAddress.getByName("127.0.0.1")};
                          case "metadata.example" ->
                              new InetAddress[] {InetAddress.getByName("169.254.169.254")};
                          default -> InetAddress.getAllByName(host);
                        }));
    String port = receiver.url("").substring("http://127.0.0.1".length());
    refused(f, "loopback", receiver.url("/x"));
    refused(f, "private", "http://10.0.0.1" + port + "/x");
    refused(f, "metadata", "http://metadata.example/latest/meta-data", "169.254.0.0/16");
    refused(f, "v6", "http://[::1]" + port + "/x");
    refused(f, "localhost", "http://localhost" + port + "/x");
    refused(f, "rebind", "http://rebind.example" + port + "/x");
    publish(f, "video.ready", "a.mp4");

    f.runDueJobs();

    assertThat(receiver.received).as("nothing reached the receiver").isEmpty();
    for (String id : List.of("loopback", "private", "metadata", "v6", "localhost", "rebind")) {
      List<Job> dead = f.webhooks().deliveries(id, Set.of(JobState.DEAD));
      assertThat(dead).as(id).hasSize(1);
      assertThatJob(dead.get(0)).as(id).hasAttempts(1).failedWith("ADDRESS_NOT_ALLOWED");
      DeliveryAttempt a = f.webhooks().attempts(id, 1).get(0);
      assertThat(a.status()).isZero();
      assertThat(a.error()).as(id).contains("address that jobs may");
    }
    assertThat(f.webhooks().attempts("metadata", 1).get(0).error())
        .contains("169.254.169.254, a cloud metadata address");
    assertThat(f.webhooks().attempts("rebind", 1).get(0).error())
        .contains("resolves to 127.0.0.1, a loopback address");
  }

  @Test
  void a_redirect_is_not_followed() {
    MediaFlow f = flow();
    f.webhooks().register(hook("ops").build());
    receiver.always =
        new HookReceiver.Answer(302, Map.of("Location", "http://169.254.169.254/latest"), "");
    publish(f, "video.ready", "a.mp4");

    f.runDueJobs();

    assertThat(receiver.received).hasSize(1);
    DeliveryAttempt a = f.webhooks().attempts("ops", 1).get(0);
    assertThat(a.status()).isEqualTo(302);
    assertThat(a.error()).isEqualTo("HTTP 302 (redirects are not followed)");
    Job j = f.webhooks().deliveries("ops").get(0);
    assertThat(j.error().orElseThrow().suggestion())
        .isEqualTo("redirects are not followed: register the address the receiver redirects to");
  }

  // ---------------------------------------------------------------- registrations

  @Test
  void registrations_are_listed_updated_and_removed() {
    MediaFlow f = flow();
    WebhookRegistration ops = f.webhooks().register(hook("ops").description("ops").build());
    clock.advance(Duration.ofMinutes(1));
    f.webhooks().register(hook("audit").build());
    assertThat(ops.createdAt()).isEqualTo(T0);
    assertThat(f.webhooks().list())
        .extracting(WebhookRegistration::id)
        .containsExactly("ops", "audit");

    WebhookRegistration changed =
        f.webhooks().update(hook("ops").patterns("audio.*").createdAt(clock.instant()).build());
    assertThat(changed.createdAt()).as("kept").isEqualTo(T0);
    assertThat(f.webhooks().get("ops").orElseThrow().patterns()).containsExactly("audio.*");

    assertThat(f.webhooks().remove("audit")).isTrue();
    assertThat(f.webhooks().remove("audit")).isFalse();
    assertThat(f.webhooks().list()).extracting(WebhookRegistration::id).containsExactly("ops");
    MediaFlowException e =
        catchThrowableOfType(
            MediaFlowException.class, () -> f.webhooks().update(hook("x").build()));
    assertThat(e.code()).isEqualTo(WebhookErrors.WEBHOOK_NOT_FOUND);
    assertThat(e.detail()).isEqualTo("no outgoing webhook has the id \"x\"");
    assertThat(e.suggestion()).isEqualTo("list the registered ones with flow.webhooks().list()");
    assertThatThrownBy(() -> f.webhooks().deliveries("x"))
        .hasMessageContaining("WEBHOOK_NOT_FOUND");
  }

  @Test
  void a_bad_registration_is_refused_with_every_problem_at_its_place() {
    MediaFlow f = flow();
    f.webhooks().register(hook("ops").build());
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class,
            () ->
                f.webhooks()
                    .register(
                        WebhookRegistration.builder("ops", "ftp://example.com/x")
                            .patterns("video.*", "Video..ready")
                            .secret("whsec_c2hvcnQ=")
                            .secret("not-a-secret")
                            .allowedAddresses(
                                "10.0.0.0/8", "example.com", "169.254.169.254", "10.0.0.0/99")
                            .build()));
    assertThat(e.violations())
        .extracting(Violation::path, Violation::code)
        .containsExactly(
            tuple("id", WebhookErrors.WEBHOOK_REGISTRATION_INVALID),
            tuple("url", WebhookErrors.WEBHOOK_URL_INVALID),
            tuple("patterns[1]", WebhookErrors.WEBHOOK_REGISTRATION_INVALID),
            tuple("secrets[0]", WebhookErrors.WEBHOOK_SECRET_INVALID),
            tuple("secrets[1]", WebhookErrors.WEBHOOK_SECRET_INVALID),
            tuple("allowedAddresses[1]", WebhookErrors.WEBHOOK_ADDRESS_INVALID),
            tuple("allowedAddresses[2]", WebhookErrors.WEBHOOK_ADDRESS_INVALID),
            tuple("allowedAddresses[3]", WebhookErrors.WEBHOOK_ADDRESS_INVALID));
    Map<String, Violation> at = new java.util.HashMap<>();
    e.violations().forEach(v -> at.put(v.path(), v));
    assertThat(at.get("id").message())
        .isEqualTo("a webhook with the id \"ops\" is registered already");
    assertThat(at.get("id").suggestion())
        .isEqualTo("change it with update(...), or remove it first");
    assertThat(at.get("url").message())
        .isEqualTo("the url must be an absolute http or https address");
    assertThat(at.get("allowedAddresses[1]").message())
        .isEqualTo(
            "\"example.com\" is not an IP address or CIDR block such as 127.0.0.1, 10.0.0.0/8 or ::1");
    assertThat(at.get("allowedAddresses[2]").message())
        .isEqualTo(
            "169.254.169.254 is a cloud metadata address, which no webhook may reach whatever is"
                + " allowed");
    assertThat(e.getMessage()).doesNotContain("not-a-secret").doesNotContain("c2hvcnQ");

    ValidationException none =
        catchThrowableOfType(
            ValidationException.class,
            () ->
                f.webhooks()
                    .register(
                        WebhookRegistration.builder("two", "http://169.254.169.254/")
                            .patterns(List.of())
                            .build()));
    assertThat(none.violations())
        .extracting(Violation::path, Violation::message)
        .containsExactly(
            tuple("url", "the url's host is a cloud metadata address, which no webhook may reach"),
            tuple("patterns", "a registration needs at least one event pattern"),
            tuple("secrets", "a registration needs at least one signing secret"));
  }

  @Test
  void https_only_mode_refuses_http_urls() {
    MediaFlow f = flow(builder().webhooksHttpsOnly());
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class, () -> f.webhooks().register(hook("ops").build()));
    assertThat(e.violations()).hasSize(1);
    Violation v = e.violations().get(0);
    assertThat(v.path()).isEqualTo("url");
    assertThat(v.code()).isEqualTo(WebhookErrors.WEBHOOK_URL_INVALID);
    assertThat(v.message())
        .isEqualTo("the url must be https: this engine sends webhooks over HTTPS only");
    assertThat(v.suggestion()).isEqualTo("give the receiver's https address");
    f.webhooks().register(hook("tls").url("https://127.0.0.1:1/hook").build()); // https is fine
  }

  @Test
  void secrets_appear_in_no_log_no_string_no_payload_and_no_history() {
    PrintStream err = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      MediaFlow f = flow();
      WebhookRegistration r = f.webhooks().register(hook("ops").build());
      receiver.always = HookReceiver.Answer.of(500);
      publish(f, "video.ready", "a.mp4");
      f.runDueJobs();
      receiver.always = HookReceiver.Answer.of(410);
      clock.advance(Duration.ofMinutes(1));
      f.runDueJobs();

      String key = secret.text().substring("whsec_".length());
      assertThat(r.toString()).doesNotContain(key);
      assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(key);
      for (Job j : f.jobs(io.mediaflow.api.store.JobQuery.all()).items()) {
        assertThat(j.payload()).doesNotContain(key);
        assertThat(j.toString()).doesNotContain(key);
      }
      assertThat(f.webhooks().attempts("ops", 10).toString()).doesNotContain(key);
    } finally {
      System.setErr(err);
    }
  }
}
