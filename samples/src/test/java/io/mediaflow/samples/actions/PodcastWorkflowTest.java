package io.mediaflow.samples.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.mediaflow.InMemoryStorage;
import io.mediaflow.JobHandle;
import io.mediaflow.MediaFlow;
import io.mediaflow.WebhookSecret;
import io.mediaflow.WebhookVerifier;
import io.mediaflow.Workspace;
import io.mediaflow.api.job.JobState;
import io.mediaflow.ffmpeg.FfmpegBackend;
import io.mediaflow.testkit.ManualClock;
import io.mediaflow.testkit.MediaFixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The specification's podcast example, end to end, from {@code
 * docs/examples/workflows/podcast.json}: a video longer than a limit whose title says it is a talk
 * becomes an MP3 under {@code Podcasts/<year>-<month>/}, and a signed webhook says where. Real
 * FFmpeg on generated clips, real files, a real HTTP receiver on loopback; a test run of the same
 * workflow touches nothing.
 */
class PodcastWorkflowTest {

  static final Path DEFINITION = Path.of("..", "docs", "examples", "workflows", "podcast.json");
  static final Instant T0 = Instant.parse("2026-03-31T23:59:00Z");
  static Path longClip;
  static Path shortClip;

  @TempDir Path dir;
  final ManualClock clock = ManualClock.at(T0);
  final WebhookSecret secret = WebhookSecret.generate();
  final List<Received> received = new CopyOnWriteArrayList<>();
  HttpServer receiver;
  MediaFlow flow;

  record Received(Map<String, List<String>> headers, byte[] body) {}

  @BeforeAll
  static void clips() {
    MediaFixtures.requireFfmpeg();
    longClip = MediaFixtures.clip720p(6);
    shortClip = MediaFixtures.clip720p(2);
  }

  @BeforeEach
  void start() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hooks",
        exchange -> {
          received.add(
              new Received(
                  Map.copyOf(exchange.getRequestHeaders()),
                  exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    flow =
        MediaFlow.builder()
            .storage(new InMemoryStorage())
            .clock(clock)
            .runOnCallingThread()
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .mediaBackend(FfmpegBackend.ofDefaults())
            .allowPrivateNetwork() // the receiver is on loopback
            .actionService(WebhookSecret.class, secret)
            .build();
    flow.workflows().register(Files.readString(DEFINITION));
  }

  @AfterEach
  void stop() {
    flow.close();
    receiver.stop(0);
  }

  Map<String, Object> input(Path video, String title) throws IOException {
    Path in = dir.resolve("incoming").resolve(video.getFileName());
    Files.createDirectories(in.getParent());
    Files.copy(video, in, StandardCopyOption.REPLACE_EXISTING);
    return Map.of(
        "path",
        in.toString(),
        "title",
        title,
        "notify",
        "http://"
            + InetAddress.getLoopbackAddress().getHostAddress()
            + ":"
            + receiver.getAddress().getPort()
            + "/hooks/podcast");
  }

  @Test
  void a_long_talk_becomes_an_mp3_filed_by_its_start_month_and_a_signed_webhook_says_where()
      throws Exception {
    JobHandle run = flow.workflows().start("podcast", input(longClip, "Interview with a builder"));
    // the run starts on the last minute of March; the clock passes midnight before it is done
    clock.advance(java.time.Duration.ofMinutes(5));
    flow.runDueJobs();

    assertThat(run.status().state()).isEqualTo(JobState.COMPLETED);
    Path folder = dir.resolve("Podcasts").resolve("2026-03");
    List<Path> filed = list(folder);
    assertThat(filed).hasSize(1);
    Path mp3 = filed.get(0);
    assertThat(mp3.getFileName().toString()).endsWith(".mp3");
    assertThat(FfmpegBackend.ofDefaults().probe(mp3).duration().micros())
        .isBetween(5_500_000L, 6_500_000L);
    assertThat(list(dir.resolve("incoming")))
        .as("the audio moved away; the video stays")
        .extracting(p -> p.getFileName().toString())
        .containsExactly(longClip.getFileName().toString());

    assertThat(received).hasSize(1);
    Received hook = received.get(0);
    WebhookVerifier verifier = WebhookVerifier.builder().secret(secret).clock(clock).build();
    assertThat(verifier.verify(hook.headers(), hook.body()).id()).startsWith("msg_");
    JsonNode body = new ObjectMapper().readTree(hook.body());
    assertThat(body.path("type").asText()).isEqualTo("podcast.ready");
    assertThat(body.path("data").path("title").asText()).isEqualTo("Interview with a builder");
    assertThat(Path.of(body.path("data").path("file").asText())).isEqualTo(mp3.toRealPath());
    assertThat(flow.workflows().run(run.id()).orElseThrow().node("tell").orElseThrow().state())
        .isEqualTo("COMPLETED");
  }

  @Test
  void a_short_video_or_another_title_takes_the_false_branch_and_writes_nothing() throws Exception {
    JobHandle tooShort = flow.workflows().start("podcast", input(shortClip, "A talk"));
    flow.runDueJobs();
    JobHandle notATalk = flow.workflows().start("podcast", input(longClip, "Holiday clip"));
    flow.runDueJobs();

    assertThat(tooShort.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(notATalk.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(flow.workflows().run(tooShort.id()).orElseThrow().node("audio")).isEmpty();
    assertThat(flow.workflows().run(notATalk.id()).orElseThrow().node("audio")).isEmpty();
    assertThat(dir.resolve("Podcasts")).doesNotExist();
    assertThat(received).isEmpty();
  }

  @Test
  void a_test_run_plans_everything_and_touches_nothing() throws Exception {
    JobHandle run = flow.workflows().testRun("podcast", input(longClip, "Talk"));
    flow.runDueJobs();

    assertThat(run.status().error()).isEmpty();
    assertThat(run.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(dir.resolve("Podcasts")).doesNotExist();
    assertThat(list(dir.resolve("incoming"))).hasSize(1);
    assertThat(received).as("nothing sent").isEmpty();
    assertThat(flow.workflows().run(run.id()).orElseThrow().node("tell").orElseThrow().summary())
        .isNotBlank();
  }

  private static List<Path> list(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.sorted().toList();
    }
  }
}
