package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.job.StageTiming;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.internal.storage.MissingS3;
import io.mediaflow.internal.storage.s3.S3ProxyServer;
import io.mediaflow.testkit.FakeMediaBackend;
import io.mediaflow.testkit.Leftovers;
import io.mediaflow.testkit.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Media jobs whose outputs go to S3 (a real S3-compatible server in this JVM), on the engine with a
 * manual clock: uploaded after the run verified them, retried without encoding again when the
 * upload failed, refused before encoding when the destination is taken, and never showing the
 * secret.
 */
class MediaFlowS3Test {

  @TempDir Path dir;
  final ManualClock clock = ManualClock.at(MediaFlowEngineTest.T0);
  final MediaInfo clip = TestOperators.clip(4, 1280, 720);
  S3ProxyServer server;
  S3Client admin;
  MediaFlow flow;
  Path downloads;
  final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  PrintStream originalErr;

  @BeforeEach
  void start() throws Exception {
    originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    Files.writeString(dir.resolve("in.mp4"), "not really media");
    downloads = dir.resolve("downloads");
    server = S3ProxyServer.start(Files.createDirectories(dir.resolve("store")));
    admin = server.client();
    admin.createBucket(b -> b.bucket("media"));
  }

  @AfterEach
  void stop() throws Exception {
    if (flow != null) {
      flow.close();
    }
    admin.close();
    server.close();
    System.setErr(originalErr);
    originalErr.print(log());
  }

  String log() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  S3Options options(String secret) {
    return S3Options.builder()
        .endpoint(server.endpoint())
        .region("us-east-1")
        .pathStyleAccess()
        .credentials(S3ProxyServer.ACCESS_KEY, secret)
        .build();
  }

  MediaFlow.Builder engine(FakeMediaBackend backend) {
    return MediaFlow.builder()
        .operators(TestOperators.registry())
        .workspace(Workspace.builder().baseDirectory(dir).build())
        .mediaBackend(backend)
        .downloadDirectory(downloads)
        .clock(clock)
        .runOnCallingThread()
        .retryPolicy("media", RetryPolicy.builder().fixed(Duration.ofSeconds(10)).jitter(0).build())
        .nodeId("s3");
  }

  static JobSpec toS3(String key) {
    return JobSpec.builder()
        .input("main", "file:in.mp4")
        .operation("scale")
        .from("main")
        .to("small")
        .param("width", 640)
        .param("height", -2)
        .output("small", "s3://media/" + key)
        .build();
  }

  boolean stored(String key) {
    try {
      admin.headObject(h -> h.bucket("media").key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }

  @Test
  void an_s3_output_is_uploaded_after_the_run_verified_it_and_only_then_is_the_job_complete() {
    FakeMediaBackend backend =
        FakeMediaBackend.builder().media(dir.resolve("in.mp4"), clip).build();
    flow = engine(backend).s3(options(S3ProxyServer.SECRET_KEY)).build();

    JobHandle h = flow.submit(toS3("out/small.mp4"));
    flow.runDueJobs();

    JobResult r = h.await(Duration.ofSeconds(1));
    assertThat(r.state()).as("%s", r.error()).isEqualTo(JobState.COMPLETED);
    assertThat(stored("out/small.mp4")).isTrue();
    assertThat(h.status().result().orElseThrow()).contains("s3://media/out/small.mp4");
    assertThat(h.status().stages())
        .extracting(StageTiming::stage)
        .containsExactly("probe", "plan", "execute", "verify", "upload");
    assertThat(h.logs())
        .extracting(JobLog::message)
        .anySatisfy(m -> assertThat(m).startsWith("outputs[0].destination: uploaded "));
    assertThat(Leftovers.filesIn(downloads)).as("the job's folders").isEmpty();
  }

  @Test
  void a_failed_upload_leaves_no_object_and_the_retry_uploads_without_encoding_again() {
    FakeMediaBackend backend =
        FakeMediaBackend.builder().media(dir.resolve("in.mp4"), clip).build();
    flow = engine(backend).s3(options(S3ProxyServer.SECRET_KEY)).build();
    AtomicInteger puts = new AtomicInteger();
    server.intercept(
        (m, a) -> {
          if (m.equals("putBlob") && puts.incrementAndGet() == 1) {
            throw new RuntimeException("the store's disk is full"); // HTTP 500
          }
        });

    JobHandle h = flow.submit(toS3("out/small.mp4"));
    flow.runDueJobs();

    assertThat(h.status().state()).isEqualTo(JobState.SCHEDULED);
    JobError error = h.status().error().orElseThrow();
    assertThat(error.code()).isEqualTo(ErrorCode.NETWORK.code());
    assertThat(error.retryable()).isTrue();
    assertThat(error.message())
        .startsWith("outputs[0].destination: cannot upload to s3://media/out/small.mp4: ")
        .contains("HTTP 500");
    assertThat(stored("out/small.mp4")).as("a partial object").isFalse();
    assertThat(backend.executions()).hasSize(1);

    clock.advance(Duration.ofSeconds(10));
    flow.runDueJobs();

    assertThat(h.await(Duration.ofSeconds(1)).state()).isEqualTo(JobState.COMPLETED);
    assertThat(backend.executions()).as("encoded once").hasSize(1);
    assertThat(stored("out/small.mp4")).isTrue();
    assertThat(h.logs())
        .extracting(JobLog::message)
        .anySatisfy(m -> assertThat(m).contains("uploading them without encoding again"));
    assertThat(Leftovers.filesIn(downloads)).as("the job's folders").isEmpty();
  }

  @Test
  void a_taken_s3_destination_fails_before_anything_is_encoded() {
    admin.putObject(
        p -> p.bucket("media").key("out/taken.mp4"),
        software.amazon.awssdk.core.sync.RequestBody.fromString("theirs"));
    FakeMediaBackend backend =
        FakeMediaBackend.builder().media(dir.resolve("in.mp4"), clip).build();
    flow = engine(backend).s3(options(S3ProxyServer.SECRET_KEY)).build();

    JobHandle h = flow.submit(toS3("out/taken.mp4"));
    flow.runDueJobs();

    JobResult r = h.await(Duration.ofSeconds(1));
    assertThat(r.state()).isEqualTo(JobState.DEAD);
    JobError error = r.error().orElseThrow();
    assertThat(error.code()).isEqualTo(ErrorCode.DESTINATION_EXISTS.code());
    assertThat(error.message())
        .isEqualTo(
            "outputs[0].destination: destination \"s3://media/out/taken.mp4\" already exists");
    assertThat(backend.executions()).isEmpty();
    assertThat(admin.getObjectAsBytes(g -> g.bucket("media").key("out/taken.mp4")).asUtf8String())
        .isEqualTo("theirs");
  }

  @Test
  void without_the_sdk_an_s3_source_is_refused_at_submit_with_the_maven_coordinates() {
    FakeMediaBackend backend =
        FakeMediaBackend.builder().media(dir.resolve("in.mp4"), clip).build();
    flow = engine(backend).mediaStorage(new MissingS3()).build();
    JobSpec spec =
        JobSpec.builder().input("main", "s3://media/in.mp4").output("main", "file:out.mkv").build();

    assertThatThrownBy(() -> flow.submit(spec))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .satisfies(
                        v -> {
                          assertThat(v.path()).isEqualTo("inputs[0].source");
                          assertThat(v.code()).isEqualTo(ErrorCode.UNSUPPORTED_SOURCE);
                          assertThat(v.message())
                              .isEqualTo(
                                  "\"s3://media/in.mp4\" is an s3: location, and the AWS SDK for"
                                      + " Java v2 is not on the class path");
                          assertThat(v.suggestion()).contains("software.amazon.awssdk:s3");
                        }));
  }

  @Test
  void a_job_from_storage_without_the_sdk_fails_when_prepared_and_is_not_retried() {
    FakeMediaBackend backend =
        FakeMediaBackend.builder().media(dir.resolve("in.mp4"), clip).build();
    flow = engine(backend).mediaStorage(new MissingS3()).build();
    JobSpec spec =
        JobSpec.builder().input("main", "s3://media/in.mp4").output("main", "file:out.mkv").build();
    // as a job queued by an engine that had the SDK, run by one that has not
    JobHandle h = flow.submit("media", JobSpecJson.write(spec));
    flow.runDueJobs();

    JobError error = h.await(Duration.ofSeconds(1)).error().orElseThrow();
    assertThat(error.code()).isEqualTo(ErrorCode.UNSUPPORTED_SOURCE.code());
    assertThat(error.message()).startsWith("inputs[0].source: \"s3://media/in.mp4\" is an s3:");
    assertThat(backend.executions()).isEmpty();
  }

  @Test
  void a_scheme_nobody_serves_and_a_read_only_destination_are_refused_at_their_paths() {
    FakeMediaBackend backend =
        FakeMediaBackend.builder().media(dir.resolve("in.mp4"), clip).build();
    flow = engine(backend).build();
    JobSpec spec =
        JobSpec.builder()
            .input("main", "gs://bucket/in.mp4")
            .output("main", "https://cdn.example.com/out.mkv")
            .build();

    assertThatThrownBy(() -> flow.submit(spec))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(
            "inputs[0].source: source \"gs://bucket/in.mp4\" has the scheme gs:, which no storage"
                + " serves")
        .hasMessageContaining(
            "outputs[0].destination: destination \"https://cdn.example.com/out.mkv\": https:"
                + " locations cannot be written");
  }

  @Test
  void the_secret_is_in_no_log_no_job_log_no_error_and_no_description() {
    FakeMediaBackend backend =
        FakeMediaBackend.builder().media(dir.resolve("in.mp4"), clip).build();
    String wrong = "wr0ng-s3cret-value-7731";
    S3Options options = options(wrong);
    flow = engine(backend).s3(options).build();

    JobHandle h = flow.submit(toS3("out/denied.mp4"));
    flow.runDueJobs();

    JobResult r = h.await(Duration.ofSeconds(1));
    JobError error = r.error().orElseThrow();
    assertThat(error.code()).isEqualTo(ErrorCode.PERMISSION_DENIED.code());
    assertThat(error.retryable()).isFalse();
    String jobLogs = h.logs().stream().map(JobLog::message).collect(Collectors.joining("\n"));
    for (String text :
        List.of(log(), jobLogs, error.message(), error.suggestion(), options.toString())) {
      assertThat(text).doesNotContain(wrong);
    }
    assertThat(options.toString()).contains("secretAccessKey=***");
    assertThat(log()).contains("s3: locations through the AWS SDK");
  }
}
