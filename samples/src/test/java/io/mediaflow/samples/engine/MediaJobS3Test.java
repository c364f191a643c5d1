package io.mediaflow.samples.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.JobHandle;
import io.mediaflow.JobResult;
import io.mediaflow.LocalRun;
import io.mediaflow.MediaFlow;
import io.mediaflow.S3Options;
import io.mediaflow.Workspace;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.StageTiming;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.testkit.Leftovers;
import io.mediaflow.testkit.MediaFixtures;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.FilesystemApiMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A JobSpec that reads from and writes to an S3-compatible store (S3Proxy on a folder, in this
 * JVM), run by the engine with the real FFmpeg backend: a lavfi-generated clip is uploaded, fetched
 * by the job, scaled, and the result uploaded after the run verified it.
 */
class MediaJobS3Test {

  static final String ACCESS = "e2e-access";
  static final String SECRET = "e2e-secret-Kq2";

  @TempDir Path dir;
  BlobStoreContext store;
  S3Proxy proxy;
  S3Client admin;
  URI endpoint;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  @BeforeEach
  void serve() throws Exception {
    Properties p = new Properties();
    p.setProperty(
        "jclouds.filesystem.basedir", Files.createDirectories(dir.resolve("store")).toString());
    store =
        ContextBuilder.newBuilder(new FilesystemApiMetadata())
            .credentials("identity", "credential")
            .overrides(p)
            .build(BlobStoreContext.class);
    proxy =
        S3Proxy.builder()
            .blobStore(store.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    admin =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)))
            .build();
    admin.createBucket(b -> b.bucket("media"));
  }

  @AfterEach
  void stop() throws Exception {
    admin.close();
    proxy.stop();
    store.close();
  }

  @Test
  void a_clip_in_s3_is_fetched_transcoded_by_ffmpeg_and_uploaded_back_to_s3() throws Exception {
    admin.putObject(
        p -> p.bucket("media").key("in/clip.mp4"), RequestBody.fromFile(MediaFixtures.smallClip()));
    Path downloads = dir.resolve("downloads");
    JobSpec spec =
        JobSpec.builder()
            .input("main", "s3://media/in/clip.mp4")
            .operation("scale")
            .from("main")
            .to("small")
            .param("width", 160)
            .param("height", -2)
            .output("small", "s3://media/out/small.mp4")
            .codec(CodecSpec.builder().video("h264").audio("aac").preset("ultrafast").build())
            .build();

    JobResult result;
    JobHandle handle;
    try (MediaFlow flow =
        MediaFlow.builder()
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .downloadDirectory(downloads)
            .s3(
                S3Options.builder()
                    .endpoint(endpoint)
                    .region("us-east-1")
                    .pathStyleAccess()
                    .credentials(ACCESS, SECRET)
                    .build())
            .workers(1)
            .build()) {
      flow.start();
      handle = flow.submit(spec);
      result = handle.await(Duration.ofSeconds(120));
      assertThat(result.state()).as("%s", result.error()).isEqualTo(JobState.COMPLETED);
      assertThat(handle.status().stages())
          .extracting(StageTiming::stage)
          .containsExactly("download", "probe", "plan", "execute", "verify", "upload");
      assertThat(handle.status().result().orElseThrow()).contains("s3://media/out/small.mp4");
    }

    Path back = dir.resolve("small.mp4");
    admin.getObject(g -> g.bucket("media").key("out/small.mp4"), back);
    MediaInfo info = LocalRun.findBackend(getClass().getClassLoader()).orElseThrow().probe(back);
    assertThat(info.video()).singleElement().satisfies(v -> assertThat(v.width()).isEqualTo(160));
    assertThat(info.duration().toSeconds()).isGreaterThan(0.5);
    assertThat(Leftovers.filesIn(downloads)).as("downloads and outputs left behind").isEmpty();
  }
}
