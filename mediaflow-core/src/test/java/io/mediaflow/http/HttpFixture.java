package io.mediaflow.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.TestOperators;
import io.mediaflow.Workspace;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.store.ApiScope;
import io.mediaflow.testkit.FakeMediaBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A real engine in memory (jobs run only when a test calls {@code runDueJobs}: workers paused) with
 * a real HTTP host on a free loopback port, keys of each scope, and a real {@link HttpClient}.
 */
final class HttpFixture implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  final MediaFlow flow;
  final HttpHost host;
  final String admin;
  final String writer;
  final String reader;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpFixture(MediaFlow flow, HttpHost host) {
    this.flow = flow;
    this.host = host;
    this.admin = flow.apiKeys().create("admin", ApiScope.ADMIN).key();
    this.writer = flow.apiKeys().create("writer", ApiScope.WRITE).key();
    this.reader = flow.apiKeys().create("reader", ApiScope.READ).key();
  }

  static HttpFixture start(Path dir) {
    return start(dir, b -> {});
  }

  static HttpFixture start(Path dir, Consumer<HttpOptions.Builder> options) {
    Path input;
    try {
      input = Files.writeString(dir.resolve("in.mp4"), "not really media");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    MediaFlow flow =
        MediaFlow.builder()
            .storage(new InMemoryStorage())
            .runOnCallingThread()
            .operators(TestOperators.registry())
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .mediaBackend(
                FakeMediaBackend.builder().media(input, TestOperators.clip(4, 1280, 720)).build())
            .handler(
                "noop",
                ctx -> {
                  ctx.log("INFO", "nothing to do");
                  return Optional.of("{\"done\":true}");
                })
            .handler(
                "doomed",
                ctx -> {
                  throw new MediaFlowException(
                      ErrorCode.of("DOOMED", ErrorCode.Category.PROCESSING, false),
                      "this job always fails",
                      "");
                })
            .build()
            .start();
    HttpOptions.Builder b = HttpOptions.builder();
    options.accept(b);
    return new HttpFixture(flow, HttpHost.start(flow, b.build()));
  }

  URI uri(String path) {
    return URI.create(host.url() + path);
  }

  HttpResponse<String> get(String path, String key) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), key);
  }

  HttpResponse<String> post(String path, String key, String json) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(json)),
        key);
  }

  HttpResponse<String> post(String path, String key) {
    return send(HttpRequest.newBuilder(uri(path)).POST(BodyPublishers.noBody()), key);
  }

  HttpResponse<String> delete(String path, String key) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE(), key);
  }

  HttpResponse<String> send(HttpRequest.Builder request, String key) {
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    try {
      return client.send(request.timeout(Duration.ofSeconds(20)).build(), BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  @Override
  public void close() {
    host.close();
    flow.close();
  }
}
