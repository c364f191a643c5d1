package io.mediaflow.samples.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mediaflow.MediaFlow;
import io.mediaflow.WebhookSecret;
import io.mediaflow.WebhookVerifier;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.DeliveryAttempt;
import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.jdbc.JdbcStorage;
import io.mediaflow.testkit.ManualClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Outgoing webhook deliveries on a durable store across an engine restart: a receiver down for 70
 * simulated minutes gets every delivery at the 81-minute attempt, although the engine that made the
 * first attempts stopped after the third and a new one (new storage object on the same database)
 * made the rest. One subclass per database.
 */
@Timeout(120)
abstract class WebhookDeliveryRestartTests {

  static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");

  final ManualClock clock = ManualClock.at(T0);
  final WebhookSecret secret = WebhookSecret.generate();
  final List<byte[]> bodies = new CopyOnWriteArrayList<>();
  final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
  final List<AutoCloseable> open = new ArrayList<>();
  HttpServer server;
  int port;

  /** A storage on the test's database; a second call opens the same database again. */
  abstract JdbcStorage storage();

  @AfterEach
  void closeAll() throws Exception {
    if (server != null) {
      server.stop(0);
    }
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  MediaFlow engine(String node) {
    return engine(MediaFlow.builder().nodeId(node));
  }

  MediaFlow engine(MediaFlow.Builder b) {
    JdbcStorage s = storage();
    open.add(s);
    MediaFlow f = b.storage(s).clock(clock).runOnCallingThread().build();
    open.add(f);
    return f.start();
  }

  void up(int at) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), at), 50);
    server.createContext(
        "/",
        x -> {
          bodies.add(x.getRequestBody().readAllBytes());
          headers.add(Map.copyOf(x.getRequestHeaders()));
          x.sendResponseHeaders(204, -1);
          x.close();
        });
    server.start();
    port = server.getAddress().getPort();
  }

  void down() {
    server.stop(0);
    server = null;
  }

  @Test
  void a_receiver_down_for_70_minutes_gets_every_delivery_across_an_engine_restart()
      throws Exception {
    up(0);
    down();
    MediaFlow first = engine("first");
    first
        .webhooks()
        .register(
            WebhookRegistration.builder("ops", "http://127.0.0.1:" + port + "/hooks")
                .patterns("video.*")
                .secret(secret.text())
                .allowedAddresses("127.0.0.1")
                .build());
    for (String file : List.of("a.mp4", "b.mp4", "c.mp4")) {
      first.events().publish(new Event("video.ready", clock.instant(), Map.of("file", file)));
    }
    assertThat(first.runDueJobs()).isEqualTo(3);
    clock.advance(Duration.ofMinutes(1));
    assertThat(first.runDueJobs()).isEqualTo(3);
    clock.advance(Duration.ofMinutes(5));
    assertThat(first.runDueJobs()).isEqualTo(3);
    first.close();

    MediaFlow second = engine("second");
    assertThat(second.webhooks().deliveries("ops"))
        .hasSize(3)
        .allSatisfy(
            j -> {
              assertThat(j.state()).isEqualTo(JobState.SCHEDULED);
              assertThat(j.scheduledAt()).isEqualTo(T0.plus(Duration.ofMinutes(21)));
            });
    clock.set(T0.plus(Duration.ofMinutes(21)));
    assertThat(second.runDueJobs()).isEqualTo(3);
    clock.set(T0.plus(Duration.ofMinutes(70)));
    up(port);
    assertThat(second.runDueJobs()).isZero();
    clock.set(T0.plus(Duration.ofMinutes(81)));
    assertThat(second.runDueJobs()).isEqualTo(3);

    assertThat(bodies).hasSize(3);
    WebhookVerifier verifier = WebhookVerifier.builder().secret(secret).clock(clock).build();
    for (int i = 0; i < 3; i++) {
      assertThat(verifier.verify(headers.get(i), bodies.get(i)).id()).startsWith("msg_evt_");
    }
    assertThat(second.webhooks().deliveries("ops")).isEmpty();
    List<DeliveryAttempt> history = second.webhooks().attempts("ops", 100);
    assertThat(history).hasSize(15);
    List<DeliveryAttempt> one = second.webhooks().attemptsOf(history.get(0).deliveryId());
    assertThat(one)
        .extracting(DeliveryAttempt::at)
        .containsExactly(
            T0,
            T0.plus(Duration.ofMinutes(1)),
            T0.plus(Duration.ofMinutes(6)),
            T0.plus(Duration.ofMinutes(21)),
            T0.plus(Duration.ofMinutes(81)));
    assertThat(one).extracting(DeliveryAttempt::messageId).containsOnly(one.get(0).messageId());
    Job done = second.job(one.get(0).deliveryId()).orElseThrow().status();
    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.attempts()).isEqualTo(5);
  }

  @Test
  void delivery_history_older_than_the_retention_is_purged_with_its_jobs() throws Exception {
    up(0);
    MediaFlow f = engine(MediaFlow.builder().nodeId("purging").retention(Duration.ofDays(1)));
    f.webhooks()
        .register(
            WebhookRegistration.builder("kept", "http://127.0.0.1:" + port + "/kept")
                .patterns("audio.*")
                .secret(secret.text())
                .allowedAddresses("127.0.0.1")
                .build());
    f.events().publish(new Event("audio.ready", clock.instant(), Map.of("file", "old.mp3")));
    assertThat(f.runDueJobs()).isEqualTo(1);
    String old = f.webhooks().attempts("kept", 10).get(0).deliveryId();
    clock.advance(Duration.ofHours(12));
    f.events().publish(new Event("audio.ready", clock.instant(), Map.of("file", "new.mp3")));
    assertThat(f.runDueJobs()).isEqualTo(1);
    String kept = f.webhooks().attempts("kept", 10).get(0).deliveryId();

    clock.set(T0.plus(Duration.ofDays(1)).minusSeconds(1));
    f.runWatchdog();
    assertThat(f.webhooks().attempts("kept", 10)).as("nothing older than a day yet").hasSize(2);

    clock.set(T0.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(10)));
    f.runWatchdog();
    assertThat(f.webhooks().attempts("kept", 10))
        .extracting(DeliveryAttempt::deliveryId)
        .containsExactly(kept);
    assertThat(f.webhooks().attemptsOf(old)).isEmpty();
    assertThat(f.job(old)).as("the delivery job went with its history").isEmpty();
    assertThat(f.job(kept)).isPresent();
  }
}
