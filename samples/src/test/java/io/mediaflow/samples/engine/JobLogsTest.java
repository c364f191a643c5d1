package io.mediaflow.samples.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.JobHandle;
import io.mediaflow.JobSpecJson;
import io.mediaflow.MediaFlow;
import io.mediaflow.Workspace;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.Storage;
import io.mediaflow.ffmpeg.FfmpegBackend;
import io.mediaflow.jdbc.JdbcStorage;
import io.mediaflow.testkit.ManualClock;
import io.mediaflow.testkit.MediaFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code job.logs()} tells a person what happened to a job without SLF4J's output: real FFmpeg, and
 * the lines kept in the store itself, in memory and in an H2 file (read back after the engine and
 * the store are closed).
 */
class JobLogsTest {

  /** A URL with credentials in the spec's metadata: it goes into FFmpeg's command. */
  private static final String SECRET_URL = "https://ann:s3cret-pw@media.example.com/clip";

  enum Store {
    MEMORY(dir -> new InMemoryStorage()),
    H2(dir -> JdbcStorage.h2(dir.resolve("jobs")));

    final Function<Path, Storage> open;

    Store(Function<Path, Storage> open) {
      this.open = open;
    }
  }

  @TempDir Path dir;
  private final ManualClock clock = ManualClock.at(Instant.parse("2026-03-01T10:00:00Z"));
  private Storage storage;
  private MediaFlow flow;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  @BeforeEach
  void input() throws IOException {
    Files.copy(
        MediaFixtures.smallClip(), dir.resolve("in.mp4"), StandardCopyOption.REPLACE_EXISTING);
  }

  @AfterEach
  void close() throws Exception {
    if (flow != null) {
      flow.close();
    }
    if (storage != null) {
      storage.close();
    }
  }

  private MediaFlow engine(Store store, AtomicInteger hostCalls) {
    storage = store.open.apply(dir);
    flow =
        MediaFlow.builder()
            .storage(storage)
            .clock(clock)
            .runOnCallingThread()
            .nodeId("logs-test")
            .mediaBackend(FfmpegBackend.ofDefaults())
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .handler(
                "flaky",
                ctx -> {
                  if (hostCalls.incrementAndGet() == 1) {
                    throw new IllegalStateException("upstream said no; password=hunter2");
                  }
                  return Optional.empty();
                })
            .handler("quiet", ctx -> Optional.empty())
            .build();
    return flow;
  }

  /** A scale to 321 pixels wide: valid for mediaflow, refused by x264 once FFmpeg runs. */
  private static String spec(int width, String destination) {
    return """
        {"inputs": [{"id": "main", "source": "file:in.mp4"}],
         "operations": [{"op": "scale", "input": "main", "output": "small",
                         "params": {"width": %d, "height": 240}}],
         "outputs": [{"id": "small", "destination": "file:%s",
                      "metadata": {"comment": "%s"}}]}
        """
        .formatted(width, destination, SECRET_URL);
  }

  /** The log read back from the store as a fresh process would, for H2 after closing it all. */
  private List<JobLog> storedLogs(Store store, String jobId) throws Exception {
    if (store == Store.MEMORY) {
      return storage.jobs().logs(jobId);
    }
    flow.close();
    storage.close();
    flow = null;
    storage = store.open.apply(dir);
    return storage.jobs().logs(jobId);
  }

  private static List<String> messages(List<JobLog> logs) {
    return logs.stream().map(JobLog::message).toList();
  }

  private static void assertRedacted(List<JobLog> logs) {
    assertThat(messages(logs))
        .noneMatch(m -> m.contains("s3cret-pw"))
        .noneMatch(m -> m.contains("hunter2"));
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void a_failed_media_job_logs_the_code_ffmpegs_stderr_tail_and_the_command(Store store)
      throws Exception {
    engine(store, new AtomicInteger());
    JobHandle job = flow.submit(JobSpecJson.parse(spec(321, "out/odd.mp4")));

    flow.runDueJobs();

    assertThat(job.status().state()).isEqualTo(JobState.DEAD);
    JobError error = job.status().error().orElseThrow();
    int max = job.status().maxAttempts();
    List<JobLog> logs = storedLogs(store, job.id());
    List<String> lines = messages(logs);
    assertThat(lines).first().isEqualTo("attempt 1 of " + max + " started on node logs-test");
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("pass 1 of 1 (encode inv0): ffmpeg ")
                    .contains("321")
                    .contains("comment=https://ann:***@media.example.com/clip"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("pass 1 of 1 (encode inv0) failed"));
    JobLog failure = logs.stream().filter(l -> l.level().equals("ERROR")).findFirst().orElseThrow();
    assertThat(failure.message())
        .startsWith("attempt 1 of " + max + " failed after ")
        .contains(" with " + error.code() + ": invocation inv0 failed (ffmpeg exit ")
        .contains("\n  FFmpeg's last ")
        .contains("not divisible by 2")
        .contains("\n  suggestion: " + error.suggestion());
    assertThat(failure.message().lines().count())
        .as("the first line, FFmpeg's 20 lines at most and the suggestion")
        .isLessThanOrEqualTo(1 + 1 + 20 + 1);
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo(
            "dead: "
                + error.code()
                + " is not worth retrying. Re-queue it with flow.requeue(\""
                + job.id()
                + "\") once the cause is fixed, or delete it with flow.delete(\""
                + job.id()
                + "\")");
    assertRedacted(logs);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void a_succeeded_media_job_logs_its_stages_command_and_outputs(Store store) throws Exception {
    engine(store, new AtomicInteger());
    JobHandle job = flow.submit(JobSpecJson.parse(spec(320, "out/ok.mp4")));

    flow.runDueJobs();

    assertThat(job.status().state()).isEqualTo(JobState.COMPLETED);
    Path written = dir.resolve("out/ok.mp4").toRealPath();
    List<JobLog> logs = storedLogs(store, job.id());
    assertThat(logs).extracting(JobLog::level).containsOnly("INFO");
    assertThat(messages(logs))
        .satisfiesExactly(
            l -> assertThat(l).isEqualTo("attempt 1 of 3 started on node logs-test"),
            l -> assertThat(l).startsWith("probe done in "),
            l -> assertThat(l).startsWith("input 'main': ").contains(", video h264 "),
            l -> assertThat(l).startsWith("plan done in "),
            l -> assertThat(l).startsWith("plan: 1 pass of ffmpeg writing 1 file, estimated "),
            l ->
                assertThat(l)
                    .startsWith("pass 1 of 1 (encode inv0): ffmpeg ")
                    .contains("comment=https://ann:***@media.example.com/clip"),
            l -> assertThat(l).startsWith("pass 1 of 1 (encode inv0) done in "),
            l ->
                assertThat(l)
                    .isEqualTo("committed 1 output: every temp file moved into place together"),
            l -> assertThat(l).startsWith("execute done in "),
            l -> assertThat(l).startsWith("verify done in "),
            l -> assertThat(l).startsWith("wrote " + written + " (").endsWith(" bytes)"),
            l -> assertThat(l).startsWith("attempt 1 of 3 completed in "));
    assertRedacted(logs);
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void a_retried_host_job_logs_the_failure_and_the_retry_and_a_quiet_success_logs_nothing(
      Store store) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    engine(store, calls);
    JobHandle flaky = flow.submit("flaky", "{}");
    JobHandle quiet = flow.submit("quiet", "{}");

    flow.runDueJobs(); // flaky fails, quiet completes
    clock.advance(Duration.ofMinutes(5));
    flow.runDueJobs(); // flaky's second attempt

    assertThat(flaky.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(quiet.status().state()).isEqualTo(JobState.COMPLETED);
    List<JobLog> quietLogs = storage.jobs().logs(quiet.id());
    List<JobLog> logs = storedLogs(store, flaky.id());
    assertThat(messages(logs))
        .satisfiesExactly(
            l -> assertThat(l).isEqualTo("attempt 1 of 3 started on node logs-test"),
            l ->
                assertThat(l)
                    .startsWith("attempt 1 of 3 failed after ")
                    .contains(
                        " with HANDLER_FAILED: java.lang.IllegalStateException: upstream said no;"
                            + " password=***")
                    .contains("\n  suggestion: see the handler's exception"),
            l ->
                assertThat(l)
                    .matches(
                        "retry scheduled for 2026-03-01T10:00:0\\d(\\.\\d+)?Z \\(in [\\d.]+ m?s\\) as"
                            + " attempt 2 of 3: HANDLER_FAILED is retryable"),
            l -> assertThat(l).isEqualTo("attempt 2 of 3 started on node logs-test"),
            l -> assertThat(l).startsWith("attempt 2 of 3 completed in "));
    assertThat(logs)
        .extracting(JobLog::level)
        .containsExactly("INFO", "ERROR", "INFO", "INFO", "INFO");
    assertThat(logs.get(3).time()).isEqualTo(clock.instant());
    assertRedacted(logs);
    assertThat(quietLogs).as("a job that succeeds without a word writes nothing").isEmpty();
  }
}
