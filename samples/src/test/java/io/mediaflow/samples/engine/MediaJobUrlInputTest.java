package io.mediaflow.samples.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mediaflow.JobHandle;
import io.mediaflow.JobResult;
import io.mediaflow.MediaFlow;
import io.mediaflow.Workspace;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobErrorCodes;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.job.StageTiming;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.testkit.Leftovers;
import io.mediaflow.testkit.MediaFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Media jobs in the engine whose input is an {@code http} URL, served from 127.0.0.1 by a real
 * server and processed by the real FFmpeg backend: downloaded first (SSRF-guarded, into a folder of
 * the job's own that is deleted afterwards), refused when the private network is not allowed, and
 * left alone behind an open circuit breaker when the host keeps failing.
 */
// resources opened for what they do while open (a subscription, a scope, a socket)
@SuppressWarnings("try")
class MediaJobUrlInputTest {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  /** Retries minutes later: a failed attempt stays visible as a scheduled retry. */
  private static final RetryPolicy RETRY_LATER =
      RetryPolicy.builder().fixed(Duration.ofMinutes(5)).maxAttempts(2).build();

  @TempDir Path dir;
  private Path downloads;
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final List<Path> downloadFoldersWhileServing = new CopyOnWriteArrayList<>();
  private String url;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  @BeforeEach
  void serve() throws IOException {
    downloads = dir.resolve("downloads");
    byte[] clip = Files.readAllBytes(MediaFixtures.smallClip());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/clip.mp4",
        ex -> {
          requests.incrementAndGet();
          downloadFoldersWhileServing.addAll(Leftovers.filesIn(downloads));
          ex.sendResponseHeaders(200, clip.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(clip);
          }
        });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/clip.mp4";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private MediaFlow.Builder engine() {
    return MediaFlow.builder()
        .workspace(Workspace.builder().baseDirectory(dir).build())
        .downloadDirectory(downloads);
  }

  private static JobSpec copyOf(String source, String destination) {
    return JobSpec.builder().input("main", source).output("main", destination).build();
  }

  @Test
  void a_url_input_on_an_allowed_private_network_is_downloaded_processed_and_removed() {
    JobResult result;
    Job job;
    try (MediaFlow flow = engine().workers(1).allowPrivateNetwork().build()) {
      flow.start();
      JobHandle handle = flow.submit(copyOf(url, "out/copy.mkv"));
      result = handle.await(DEADLINE);
      job = handle.status();
    }

    assertThat(result.state()).as("%s", result.error()).isEqualTo(JobState.COMPLETED);
    assertThat(dir.resolve("out/copy.mkv")).isNotEmptyFile();
    assertThat(result.outputs()).containsExactly(dir.resolve("out/copy.mkv").toAbsolutePath());
    assertThat(requests).hasValue(1);
    assertThat(downloadFoldersWhileServing)
        .as("the job's own download folder, made before the request")
        .singleElement()
        .satisfies(p -> assertThat(p.getFileName().toString()).startsWith("mediaflow-job-"));
    assertThat(Leftovers.filesIn(downloads)).as("downloads left behind").isEmpty();
    assertThat(job.stages())
        .extracting(StageTiming::stage)
        .containsExactly("download", "probe", "plan", "execute", "verify");
  }

  @Test
  void a_job_cancelled_while_it_downloads_stops_before_probing_and_leaves_no_download()
      throws Exception {
    CountDownLatch requested = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    byte[] clip = Files.readAllBytes(MediaFixtures.smallClip());
    server.createContext(
        "/held.mp4",
        ex -> {
          requested.countDown();
          try {
            cancelled.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.sendResponseHeaders(200, clip.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(clip);
          }
        });
    String held = "http://127.0.0.1:" + server.getAddress().getPort() + "/held.mp4";
    try (MediaFlow flow = engine().workers(1).allowPrivateNetwork().build()) {
      flow.start();
      JobHandle job = flow.submit(copyOf(held, "out/copy.mkv"));
      assertThat(requested.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();

      assertThat(job.cancel()).isTrue();
      cancelled.countDown();

      assertThat(job.await(DEADLINE).state()).isEqualTo(JobState.CANCELLED);
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (!Leftovers.filesIn(downloads).isEmpty() && System.nanoTime() - deadline < 0) {
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
      assertThat(Leftovers.filesIn(downloads)).as("downloads left behind").isEmpty();
      assertThat(job.status().stages()).extracting(StageTiming::stage).doesNotContain("execute");
    }
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void a_loopback_url_is_refused_by_default_and_nothing_is_downloaded() {
    JobResult result;
    try (MediaFlow flow = engine().workers(1).build()) {
      flow.start();
      result = flow.submit(copyOf(url, "out/copy.mkv")).await(DEADLINE);
    }

    assertThat(result.state()).isEqualTo(JobState.DEAD);
    assertThat(result.attempts()).as("not retried").isEqualTo(1);
    JobError error = result.error().orElseThrow();
    assertThat(error.code()).isEqualTo(ErrorCode.ADDRESS_NOT_ALLOWED.code());
    assertThat(error.retryable()).isFalse();
    assertThat(error.message())
        .startsWith("inputs[0].source: ")
        .contains("127.0.0.1")
        .doesNotContain("ADDRESS_NOT_ALLOWED"); // the code is the error's, not repeated here
    assertThat(error.suggestion())
        .as("the violation's own hint")
        .contains("MediaFlow.Builder.allowPrivateNetwork");
    assertThat(requests).hasValue(0);
    assertThat(Leftovers.filesIn(downloads)).isEmpty();
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void a_host_refusing_connections_fails_the_job_with_a_retryable_network_error()
      throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (MediaFlow flow =
        engine().runOnCallingThread().allowPrivateNetwork().retryPolicy(RETRY_LATER).build()) {
      JobHandle job = flow.submit(copyOf("http://127.0.0.1:" + closedPort + "/a.mp4", "out/a.mkv"));

      assertThat(flow.runDueJobs()).isEqualTo(1);

      Job failed = job.status();
      assertThat(failed.state()).as("rescheduled for a retry").isEqualTo(JobState.SCHEDULED);
      JobError error = failed.error().orElseThrow();
      assertThat(error.code()).isEqualTo(ErrorCode.NETWORK.code());
      assertThat(error.retryable()).isTrue();
      assertThat(error.message()).contains("inputs[0].source").contains("refused");
      assertThat(error.suggestion()).isNotBlank();
    }
    assertThat(Leftovers.filesIn(downloads)).isEmpty();
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void a_failing_host_opens_its_circuit_breaker_so_later_jobs_fail_fast_without_connecting()
      throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket dropper = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                while (!dropper.isClosed()) {
                  try (Socket s = dropper.accept()) {
                    connections.incrementAndGet(); // counted before the client sees the close
                  } catch (IOException e) {
                    return; // closed at the end of the test
                  }
                }
              },
              "dropping-server");
      acceptor.setDaemon(true);
      acceptor.start();
      String dropped = "http://127.0.0.1:" + dropper.getLocalPort() + "/clip.mp4";
      // how many failures open a breaker is the engine's own setting: the test watches for the
      // first job that fails fast instead of naming the number
      int maxFailures = 100;

      try (MediaFlow flow =
          engine().runOnCallingThread().allowPrivateNetwork().retryPolicy(RETRY_LATER).build()) {
        int failedByNetwork = 0;
        Job fastFailed = null;
        while (fastFailed == null && failedByNetwork < maxFailures) {
          JobHandle job = flow.submit(copyOf(dropped, "out/f" + failedByNetwork + ".mkv"));
          assertThat(flow.runDueJobs()).isEqualTo(1);
          Job status = job.status();
          JobError error = status.error().orElseThrow();
          assertThat(error.retryable()).isTrue();
          if (error.code().equals(JobErrorCodes.CIRCUIT_OPEN.code())) {
            fastFailed = status;
          } else {
            assertThat(error.code()).isEqualTo(ErrorCode.NETWORK.code());
            failedByNetwork++;
            assertThat(connections).hasValue(failedByNetwork);
          }
        }

        assertThat(fastFailed).as("a breaker open within %d failures", maxFailures).isNotNull();
        assertThat(failedByNetwork).as("failures before the breaker opened").isGreaterThan(1);
        assertThat(fastFailed.state()).as("rescheduled").isEqualTo(JobState.SCHEDULED);
        JobError error = fastFailed.error().orElseThrow();
        assertThat(error.message()).contains("host:127.0.0.1");
        assertThat(connections)
            .as("no connection behind an open breaker")
            .hasValue(failedByNetwork);
      }
    }
    assertThat(Leftovers.filesIn(downloads)).isEmpty();
  }
}
