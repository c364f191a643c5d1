package io.mediaflow.internal.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.JobHandle;
import io.mediaflow.MediaFlow;
import io.mediaflow.TestOperators;
import io.mediaflow.Workspace;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.spec.InputSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.testkit.FakeMediaBackend;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download stops soon after a cancel even while the server is silent (a blocked socket read does
 * not see a thread interrupt), and the read timeout still counts the whole silence. Each cancel
 * comes when the server signals that the download is under way (a latch, not a sleep); "soon" is a
 * deadline on waiting for the outcome, far below the 30 s read timeout a missed cancel would hit.
 */
class SourcesCancelTest {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SOON = Duration.ofSeconds(5);

  @TempDir Path dir;
  private TinyHttpServer server;
  private String base;
  private final CountDownLatch sent = new CountDownLatch(1);
  private final CountDownLatch clientGone = new CountDownLatch(1);

  @BeforeEach
  void start() throws IOException {
    byte[] headAndSome = concat(TinyHttpServer.head1MB(), new byte[] {1, 2, 3});
    server = new TinyHttpServer();
    server.route("/silent-body.mp4", TinyHttpServer.stalling(headAndSome, sent, clientGone));
    server.route("/no-head.mp4", TinyHttpServer.stalling(new byte[0], sent, clientGone));
    server.route(
        "/dripping.mp4",
        afterTwoFlushes(TinyHttpServer.dripping(new CountDownLatch(1), clientGone), sent));
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  @Test
  void a_cancel_stops_a_download_whose_server_went_silent_in_the_body() throws Exception {
    assertCancelledSoon("/silent-body.mp4");
  }

  @Test
  void a_cancel_stops_a_download_waiting_for_the_response_head() throws Exception {
    assertCancelledSoon("/no-head.mp4");
  }

  @Test
  void a_cancel_stops_a_download_whose_server_sends_a_byte_every_50_ms() throws Exception {
    assertCancelledSoon("/dripping.mp4");
  }

  @Test
  void a_silent_server_still_fails_after_the_whole_read_timeout() throws Exception {
    Sources sources = sources(Duration.ofMillis(1500));
    long begun = System.nanoTime(); // before the request, so before the silence
    FutureTask<Sources.Fetched> fetch = start(() -> sources.fetch(spec(base + "/silent-body.mp4")));
    assertThat(sent.await(SOON.toSeconds(), TimeUnit.SECONDS)).as("requested").isTrue();

    Throwable failure = failureOf(fetch, SOON.plus(Duration.ofMillis(1500)));
    long took = System.nanoTime() - begun;

    assertThat(failure)
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.NETWORK);
              assertThat(e.retryable()).isTrue();
            })
        .hasMessage(
            "NETWORK: inputs[0].source: cannot download "
                + base
                + "/silent-body.mp4: the server stopped sending for PT1.5S (check the URL and that"
                + " the server is reachable; the job can be retried later)");
    // a lower bound only, which no load can break: the wait, cut in slices to look for a cancel,
    // must not end early (a slice that restarted the timeout would miss the deadline above)
    assertThat(Duration.ofNanos(took)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void a_media_job_cancelled_during_a_stalled_download_stops_downloading_at_once()
      throws Exception {
    Path downloads = dir.resolve("downloads");
    try (MediaFlow flow =
        MediaFlow.builder()
            .operators(TestOperators.registry())
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .mediaBackend(FakeMediaBackend.builder().build())
            .downloadDirectory(downloads)
            .allowPrivateNetwork()
            .workers(1)
            .nodeId("test")
            .build()) {
      flow.start();
      JobHandle job =
          flow.submit(
              JobSpec.builder()
                  .input("main", base + "/silent-body.mp4")
                  .output("main", "file:out/copy.mkv")
                  .build());
      // the server has sent the head and some bytes and is silent from now on
      assertThat(sent.await(SOON.toSeconds(), TimeUnit.SECONDS)).as("requested").isTrue();

      assertThat(job.cancel()).isTrue();

      assertThat(clientGone.await(SOON.toSeconds(), TimeUnit.SECONDS))
          .as("the download's connection was closed")
          .isTrue();
      assertThat(job.await(SOON).state()).isEqualTo(JobState.CANCELLED);
      long deadline = System.nanoTime() + SOON.toNanos();
      while (filesIn(downloads) > 0 && System.nanoTime() - deadline < 0) {
        Thread.sleep(20);
      }
      assertThat(filesIn(downloads)).as("files left in the download folder").isZero();
    }
  }

  private void assertCancelledSoon(String path) throws Exception {
    Sources sources = sources(READ_TIMEOUT);
    AtomicBoolean cancelled = new AtomicBoolean();
    FutureTask<Sources.Fetched> fetch =
        start(() -> sources.fetch(spec(base + path), (url, d) -> d.get(), cancelled::get));
    assertThat(sent.await(SOON.toSeconds(), TimeUnit.SECONDS)).as("requested").isTrue();
    assertThat(fetch.isDone()).as("still downloading when cancelled").isFalse();

    cancelled.set(true);

    assertThat(failureOf(fetch, SOON))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
              assertThat(e.retryable()).isFalse();
            })
        .hasMessage("CANCELLED: inputs[0].source: the download of " + base + path + " was stopped");
    assertThat(dir).isEmptyDirectory();
    assertThat(clientGone.await(SOON.toSeconds(), TimeUnit.SECONDS))
        .as("the connection was closed")
        .isTrue();
  }

  /** Runs the fetch on a thread of its own, so that the test can cancel it meanwhile. */
  private static FutureTask<Sources.Fetched> start(Callable<Sources.Fetched> fetch) {
    FutureTask<Sources.Fetched> task = new FutureTask<>(fetch);
    Thread t = new Thread(task, "test-fetch");
    t.setDaemon(true);
    t.start();
    return task;
  }

  /**
   * What the fetch failed with; fails the test if it succeeds or is not done within {@code wait}.
   */
  private static Throwable failureOf(FutureTask<Sources.Fetched> fetch, Duration wait)
      throws Exception {
    try {
      fetch.get(wait.toMillis(), TimeUnit.MILLISECONDS).close();
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("the download did not end within " + wait, e);
    }
    throw new AssertionError("the download succeeded");
  }

  /** Counts {@code signal} down once the handler has flushed twice: its head, then a first byte. */
  private static TinyHttpServer.Handler afterTwoFlushes(
      TinyHttpServer.Handler handler, CountDownLatch signal) {
    return (out, in) ->
        handler.respond(
            new FilterOutputStream(out) {
              private int flushes;

              @Override
              public void write(int b) throws IOException {
                out.write(b);
              }

              @Override
              public void flush() throws IOException {
                super.flush();
                if (++flushes == 2) {
                  signal.countDown();
                }
              }
            },
            in);
  }

  private Sources sources(Duration readTimeout) {
    return Sources.builder()
        .downloadDirectory(dir)
        .allowPrivateNetwork()
        .readTimeout(readTimeout)
        .build();
  }

  private static JobSpec spec(String url) {
    return new JobSpec(
        1,
        List.of(new InputSpec("remote", url)),
        List.of(),
        JobSpec.builder().input("a", "file:a.mp4").output("a", "file:out.mp4").build().outputs());
  }

  private static long filesIn(Path root) throws IOException {
    if (!Files.exists(root)) {
      return 0;
    }
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile).count();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
