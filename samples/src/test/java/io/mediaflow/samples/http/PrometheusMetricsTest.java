package io.mediaflow.samples.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.Metrics;
import io.mediaflow.api.store.ApiScope;
import io.mediaflow.http.HttpHost;
import io.mediaflow.http.HttpOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A host that has Micrometer's Prometheus registry: the engine's metrics are bound to it and {@code
 * GET /metrics} answers its scrape, the Prometheus text format.
 */
class PrometheusMetricsTest {

  @Test
  void metrics_are_the_real_prometheus_registrys_text_with_the_engines_meters() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (MediaFlow flow =
            MediaFlow.builder()
                .storage(new InMemoryStorage())
                .runOnCallingThread()
                .metrics(Metrics.micrometer(registry))
                .handler("noop", ctx -> Optional.empty())
                .build()
                .start();
        HttpHost host = HttpHost.start(flow, HttpOptions.builder().prometheus(registry).build())) {
      String key = flow.apiKeys().create("scraper", ApiScope.READ).key();
      flow.submit("noop", "{}");
      assertThat(flow.runDueJobs()).isEqualTo(1);

      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(host.url() + "/metrics"))
                  .header("Authorization", "Bearer " + key)
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      assertThat(r.body()).isEqualTo(registry.scrape()).contains("# TYPE ");
      assertThat(r.body())
          .containsPattern("(?m)^workflow_executions\\w*[ {]")
          .containsPattern("(?m)^queue_depth[ {]");
      assertThat(
              client
                  .send(
                      HttpRequest.newBuilder(URI.create(host.url() + "/metrics")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(401);
    }
  }
}
