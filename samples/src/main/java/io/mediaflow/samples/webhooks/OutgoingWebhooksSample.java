package io.mediaflow.samples.webhooks;

import com.sun.net.httpserver.HttpServer;
import io.mediaflow.MediaFlow;
import io.mediaflow.WebhookSecret;
import io.mediaflow.WebhookVerifier;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.store.DeliveryAttempt;
import io.mediaflow.api.store.WebhookRegistration;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Outgoing webhooks end to end, on one machine: a receiver on 127.0.0.1 that verifies each request
 * with {@link WebhookVerifier}, a registration for {@code video.*} events, one event published, and
 * the delivery history printed. See {@code docs/outgoing-webhooks.md}.
 *
 * <pre>java -cp samples/target/mediaflow.jar io.mediaflow.samples.webhooks.OutgoingWebhooksSample
 * </pre>
 */
public final class OutgoingWebhooksSample {

  private OutgoingWebhooksSample() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  /** Runs the sample, writing what happens to {@code out}; returns the verified bodies. */
  public static List<String> run(PrintStream out) throws Exception {
    WebhookSecret secret = WebhookSecret.generate(); // the receiver keeps the same
    WebhookVerifier verifier = WebhookVerifier.builder().secret(secret).build();
    List<String> verified = new CopyOnWriteArrayList<>();
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    receiver.createContext(
        "/hooks",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          try {
            verifier.verify(exchange.getRequestHeaders(), body); // before reading the body
            verified.add(new String(body, StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
          } catch (RuntimeException e) {
            exchange.sendResponseHeaders(401, -1);
          }
          exchange.close();
        });
    receiver.start();
    try (MediaFlow flow = MediaFlow.builder().runOnCallingThread().build().start()) {
      flow.webhooks()
          .register(
              WebhookRegistration.builder(
                      "sample", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks")
                  .patterns("video.*")
                  .secret(secret.text())
                  .allowedAddresses("127.0.0.1") // loopback is refused unless allowed
                  .build());
      flow.events().publish(new Event("video.ready", Instant.now(), Map.of("file", "clip.mp4")));
      flow.runDueJobs(); // a worker would do this by itself; the sample runs it here
      for (DeliveryAttempt a : flow.webhooks().attempts("sample", 10)) {
        out.printf(
            "attempt %d of %s (%s): HTTP %d in %d ms%n",
            a.attempt(), a.messageId(), a.eventType(), a.status(), a.duration().toMillis());
      }
      verified.forEach(b -> out.println("verified: " + b));
    } finally {
      receiver.stop(0);
    }
    return verified;
  }
}
