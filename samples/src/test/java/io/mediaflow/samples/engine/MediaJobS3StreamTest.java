package io.mediaflow.samples.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.JobHandle;
import io.mediaflow.JobResult;
import io.mediaflow.LocalRun;
import io.mediaflow.MediaFlow;
import io.mediaflow.S3Options;
import io.mediaflow.Workspace;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.StageTiming;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.InputSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.samples.S3TestStore;
import io.mediaflow.testkit.Leftovers;
import io.mediaflow.testkit.MediaFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@code "read": "stream"}: FFmpeg reads an {@code s3:} input from a URL the storage presigned,
 * with nothing fetched, under the network guard, and the signature in no log, plan or error.
 * S3Proxy on a folder in this JVM, the real FFmpeg.
 */
class MediaJobS3StreamTest {

  @TempDir Path dir;
  S3TestStore s3;
  Path downloads;
  final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  PrintStream originalErr;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  @BeforeEach
  void serve() throws Exception {
    originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    s3 = S3TestStore.start(dir.resolve("store"));
    downloads = dir.resolve("downloads");
  }

  @AfterEach
  void stop() throws Exception {
    s3.close();
    System.setErr(originalErr);
    originalErr.print(log());
  }

  String log() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void a_streamed_s3_input_is_read_by_ffmpeg_from_a_signed_url_and_never_fetched()
      throws Exception {
    upload("in/clip.mp4", fastStartClip());
    // one byte: a fetch of the clip would fail, so a completed job read it without fetching
    S3Options oneByte = options().maxDownloadBytes(1).build();

    try (MediaFlow flow = engine(oneByte, true)) {
      JobHandle fetched = flow.submit(scale("s3://media/in/clip.mp4", InputSpec.Read.FETCH, "f"));
      JobResult refused = fetched.await(Duration.ofSeconds(60));
      assertThat(refused.error().orElseThrow().code()).isEqualTo(ErrorCode.INPUT_INVALID.code());

      JobHandle h = flow.submit(scale("s3://media/in/clip.mp4", InputSpec.Read.STREAM, "s"));
      JobResult result = h.await(Duration.ofSeconds(120));
      assertThat(result.state()).as("%s", result.error()).isEqualTo(JobState.COMPLETED);
      assertThat(h.status().stages())
          .extracting(StageTiming::stage)
          .containsExactly("probe", "plan", "execute", "verify");

      String plan = flow.storage().jobs().plan(h.id()).orElseThrow();
      String jobLogs = jobLogs(h);
      assertThat(plan).contains(s3.endpoint + "/media/in/clip.mp4");
      assertThat(jobLogs).contains("-protocol_whitelist http,tcp -max_redirects 0");
      for (String text : List.of(plan, jobLogs, log())) {
        assertThat(text).doesNotContain("X-Amz-Signature").doesNotContain("X-Amz-Credential");
      }
    }
    MediaInfo info =
        LocalRun.findBackend(getClass().getClassLoader()).orElseThrow().probe(dir.resolve("s.mp4"));
    assertThat(info.video()).singleElement().satisfies(v -> assertThat(v.width()).isEqualTo(160));
    assertThat(info.duration().toSeconds()).isGreaterThan(1.5);
    assertThat(Leftovers.filesIn(downloads)).as("nothing fetched or left").isEmpty();
  }

  @Test
  void the_signed_url_of_a_loopback_store_is_refused_without_allowPrivateNetwork()
      throws Exception {
    upload("in/clip.mp4", fastStartClip());
    try (MediaFlow flow = engine(options().build(), false)) {
      JobHandle h = flow.submit(scale("s3://media/in/clip.mp4", InputSpec.Read.STREAM, "s"));
      JobError error = h.await(Duration.ofSeconds(60)).error().orElseThrow();
      assertThat(error.code()).isEqualTo(ErrorCode.ADDRESS_NOT_ALLOWED.code());
      assertThat(error.message())
          .contains("inputs[0].source")
          .contains(s3.endpoint + "/media/in/clip.mp4")
          .contains("a loopback address that jobs may not fetch from")
          .doesNotContain("X-Amz-Signature");
      assertThat(error.suggestion()).contains("allowPrivateNetwork");
    }
    assertThat(Files.exists(dir.resolve("s.mp4"))).isFalse();
  }

  @Test
  void a_missing_key_fails_with_ffprobes_error_and_no_signature() throws Exception {
    try (MediaFlow flow = engine(options().build(), true)) {
      JobHandle h = flow.submit(scale("s3://media/in/none.mp4", InputSpec.Read.STREAM, "s"));
      JobError error = h.await(Duration.ofSeconds(60)).error().orElseThrow();
      assertThat(error.code()).isEqualTo(ErrorCode.INPUT_NOT_FOUND.code());
      assertThat(error.message())
          .contains("input " + s3.endpoint + "/media/in/none.mp4 is not there")
          .contains("404");
      for (String text : List.of(error.message(), jobLogs(h), log())) {
        assertThat(text).doesNotContain("X-Amz-Signature").doesNotContain("X-Amz-Credential");
      }
    }
  }

  @Test
  void stream_is_refused_for_a_local_file_and_for_a_scheme_that_signs_no_url() throws Exception {
    try (MediaFlow flow = engine(options().build(), true)) {
      assertThatThrownBy(() -> flow.submit(scale("file:in.mp4", InputSpec.Read.STREAM, "s")))
          .isInstanceOfSatisfying(
              ValidationException.class,
              e ->
                  assertThat(e.violations())
                      .singleElement()
                      .satisfies(
                          v -> {
                            assertThat(v.code()).isEqualTo(ErrorCode.UNSUPPORTED_SOURCE);
                            assertThat(v.path()).isEqualTo("inputs[0].read");
                            assertThat(v.message())
                                .isEqualTo(
                                    "\"stream\" reads a remote source from a URL its store"
                                        + " signs, and \"file:in.mp4\" is a local file");
                          }));

      JobHandle h = flow.submit(scale("https://example.com/a.mp4", InputSpec.Read.STREAM, "s"));
      JobError error = h.await(Duration.ofSeconds(60)).error().orElseThrow();
      assertThat(error.code()).isEqualTo(ErrorCode.UNSUPPORTED_SOURCE.code());
      assertThat(error.message())
          .contains(
              "inputs[0].read: https: locations cannot be streamed: their storage signs no URL"
                  + " the media tool may read (https://example.com/a.mp4)");
      assertThat(error.suggestion()).contains("\"fetch\"");
    }
  }

  MediaFlow engine(S3Options options, boolean allowPrivateNetwork) {
    MediaFlow.Builder b =
        MediaFlow.builder()
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .downloadDirectory(downloads)
            .s3(options)
            .workers(1);
    if (allowPrivateNetwork) {
      b.allowPrivateNetwork();
    }
    MediaFlow flow = b.build();
    flow.start();
    return flow;
  }

  S3Options.Builder options() {
    return S3Options.builder()
        .endpoint(s3.endpoint)
        .region("us-east-1")
        .pathStyleAccess()
        .credentials(S3TestStore.ACCESS, S3TestStore.SECRET);
  }

  static JobSpec scale(String source, InputSpec.Read read, String name) {
    JobSpec spec =
        JobSpec.builder()
            .input("main", source)
            .operation("scale")
            .from("main")
            .to("small")
            .param("width", 160)
            .param("height", -2)
            .output("small", name + ".mp4")
            .codec(CodecSpec.builder().video("h264").audio("aac").preset("ultrafast").build())
            .build();
    return new JobSpec(
        spec.version(),
        List.of(new InputSpec("main", source, read)),
        spec.operations(),
        spec.outputs());
  }

  static String jobLogs(JobHandle h) {
    return h.logs().stream().map(JobLog::message).collect(Collectors.joining("\n"));
  }

  void upload(String key, Path file) {
    s3.admin.putObject(p -> p.bucket("media").key(key), RequestBody.fromFile(file));
  }

  /** Two seconds of lavfi test pattern and tone, its index first ({@code +faststart}). */
  Path fastStartClip() throws Exception {
    Path clip = dir.resolve("clip.mp4");
    Process p =
        new ProcessBuilder(
                "ffmpeg",
                "-hide_banner",
                "-loglevel",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=320x240:rate=25:duration=2",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:duration=2",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-c:a",
                "aac",
                "-shortest",
                "-movflags",
                "+faststart",
                clip.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return clip;
  }
}
