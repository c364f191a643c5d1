package io.mediaflow.samples.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.JobHandle;
import io.mediaflow.JobResult;
import io.mediaflow.LocalRun;
import io.mediaflow.MediaFlow;
import io.mediaflow.Workspace;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.StageTiming;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.samples.S3TestStore;
import io.mediaflow.testkit.Leftovers;
import io.mediaflow.testkit.MediaFixtures;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A JobSpec that reads from and writes to an S3-compatible store (S3Proxy on a folder, in this
 * JVM), run by the engine with the real FFmpeg backend: a lavfi-generated clip is uploaded, fetched
 * by the job, scaled, and the result uploaded after the run verified it.
 */
class MediaJobS3Test {

  @TempDir Path dir;
  S3TestStore s3;
  S3Client admin;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  @BeforeEach
  void serve() throws Exception {
    s3 = S3TestStore.start(dir.resolve("store"));
    admin = s3.admin;
  }

  @AfterEach
  void stop() throws Exception {
    s3.close();
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
            .s3(s3.options())
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
