package io.mediaflow.samples.actions;

import static io.mediaflow.samples.actions.MediaActionFlows.FFMPEG;
import static io.mediaflow.samples.actions.MediaActionFlows.assertCompleted;
import static io.mediaflow.samples.actions.MediaActionFlows.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.JobHandle;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.VideoStream;
import io.mediaflow.samples.S3TestStore;
import io.mediaflow.testkit.MediaFixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The media actions on S3 locations (S3Proxy on a folder, in this JVM) with the real FFmpeg: their
 * child media jobs fetch a remote input and upload a remote output after verifying it, as any media
 * job does, and an operation a scheme cannot do is refused at the parameter.
 */
class MediaActionsS3Test {

  @TempDir Path dir;
  S3TestStore s3;
  MediaActionFlows f;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  @BeforeEach
  void start() throws Exception {
    s3 = S3TestStore.start(dir.resolve("store"));
    s3.admin.putObject(
        p -> p.bucket("media").key("in/clip.mp4"),
        RequestBody.fromFile(MediaFixtures.smallClip())); // 320x240, 2 s, h264 + aac
    Path workspace = dir.resolve("ws");
    java.nio.file.Files.createDirectories(workspace);
    f =
        new MediaActionFlows(
            workspace, b -> b.s3(s3.options()).downloadDirectory(dir.resolve("dl")));
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
    s3.close();
  }

  @Test
  void convert_reads_an_s3_clip_and_uploads_what_ffmpeg_wrote_once_it_is_verified()
      throws Exception {
    JobHandle h =
        f.run(
            single(
                "media.convert",
                "{\"input\":\"s3://media/in/clip.mp4\",\"output\":\"s3://media/out/small.mkv\","
                    + "\"video\":\"h264\",\"preset\":\"ultrafast\",\"resolution\":\"160x120\"}"));

    assertCompleted(h);
    MediaInfo info = FFMPEG.probe(download("out/small.mkv"));
    assertThat(info.container()).contains("matroska");
    assertThat(info.primaryVideo().map(VideoStream::height)).contains(120);
    Map<String, Object> outputs = f.outputs(h, "a");
    assertThat(outputs).containsEntry("path", "s3://media/out/small.mkv");
    assertThat(outputs).containsEntry("container", "mkv");
    assertThat(f.summary(h, "a"))
        .isEqualTo("converted clip.mp4 to s3://media/out/small.mkv (uploaded)");
    List<Job> children = f.children(h);
    assertThat(children)
        .singleElement()
        .satisfies(j -> assertThat(j.state()).isEqualTo(JobState.COMPLETED));
    assertThat(f.files()).as("nothing written in the workspace").isEmpty();
  }

  @Test
  void a_thumbnail_of_an_s3_clip_probes_a_fetched_copy_and_writes_a_local_picture()
      throws Exception {
    JobHandle h =
        f.run(
            single(
                "media.thumbnail",
                "{\"input\":\"s3://media/in/clip.mp4\",\"output\":\"thumbs/t.jpg\"}"));

    assertCompleted(h);
    Path picture = f.dir.resolve("thumbs/t.jpg");
    assertThat(FFMPEG.probe(picture).primaryVideo().map(VideoStream::width)).contains(320);
    assertThat(f.outputs(h, "a")).containsEntry("width", 320);
    assertThat(probeFolders(h)).as("the copy fetched to probe the input is removed").isEmpty();
  }

  @Test
  void probe_reads_an_s3_location_through_a_fetched_copy() throws Exception {
    JobHandle h = f.run(single("media.probe", "{\"input\":\"s3://media/in/clip.mp4\"}"));

    assertCompleted(h);
    Map<String, Object> out = f.outputs(h, "a");
    assertThat(out)
        .containsEntry("path", "s3://media/in/clip.mp4")
        .containsEntry("width", 320)
        .containsEntry("hasAudio", true);
    assertThat(((Number) out.get("size")).longValue())
        .isEqualTo(java.nio.file.Files.size(MediaFixtures.smallClip()));
    assertThat(probeFolders(h)).isEmpty();

    JobHandle missing = f.run(single("media.probe", "{\"input\":\"s3://media/in/none.mp4\"}"));
    JobError e = missing.status().error().orElseThrow();
    assertThat(e.code()).isEqualTo("INPUT_NOT_FOUND");
    assertThat(e.message()).contains("nodes.a.probe: cannot fetch s3://media/in/none.mp4");
  }

  @Test
  void extract_audio_without_an_output_writes_beside_the_s3_input() throws Exception {
    JobHandle h = f.run(single("media.extract_audio", "{\"input\":\"s3://media/in/clip.mp4\"}"));

    assertCompleted(h);
    assertThat(f.outputs(h, "a")).containsEntry("path", "s3://media/in/clip.mp3");
    assertThat(FFMPEG.probe(download("in/clip.mp3")).hasAudio()).isTrue();
  }

  @Test
  void a_read_only_scheme_as_the_output_is_refused_at_the_parameter_before_any_encoding() {
    JobHandle h =
        f.run(
            single(
                "media.convert",
                "{\"input\":\"s3://media/in/clip.mp4\","
                    + "\"output\":\"https://media.example.com/out.mp4\"}"));

    JobError e = h.status().error().orElseThrow();
    assertThat(e.code()).isEqualTo("UNSUPPORTED_SOURCE");
    assertThat(e.message())
        .endsWith(
            " at node 'a': nodes.a.params.output: https: locations cannot be written"
                + " (https://media.example.com/out.mp4)");
    assertThat(e.suggestion()).startsWith("use a location whose storage can do it");
    assertThat(f.backend.executions.get()).isZero();
  }

  @Test
  void a_test_run_names_the_locations_and_touches_neither_the_store_nor_ffmpeg() {
    JobHandle h =
        f.testRun(
            single("media.convert", "{\"input\":\"s3://media/in/clip.mp4\",\"format\":\"mkv\"}"));

    assertCompleted(h);
    assertThat(f.summary(h, "a"))
        .isEqualTo("test run: would convert s3://media/in/clip.mp4 to s3://media/in/clip.mkv");
    assertThat(f.backend.executions.get()).isZero();
    assertThat(f.backend.probes.get()).isZero();
    assertThat(s3.admin.listObjectsV2(l -> l.bucket("media")).contents())
        .extracting(o -> o.key())
        .contains("in/clip.mp4")
        .doesNotContain("in/clip.mkv");
  }

  @Test
  void a_taken_key_fails_before_encoding_unless_overwrite() {
    s3.admin.putObject(
        p -> p.bucket("media").key("out/taken.mp4"), RequestBody.fromString("already here"));

    JobHandle h =
        f.run(
            single(
                "media.convert",
                "{\"input\":\"s3://media/in/clip.mp4\",\"output\":\"s3://media/out/taken.mp4\"}"));

    JobError e = h.status().error().orElseThrow();
    assertThat(e.code()).isEqualTo("MEDIA_OUTPUT_EXISTS");
    assertThat(e.message())
        .endsWith(" at node 'a': media.convert: the destination s3://media/out/taken.mp4 exists");
    assertThat(f.backend.executions.get()).isZero();
  }

  /** The folders of {@code h}'s run in the temp folder (where an action fetches to probe). */
  private static List<Path> probeFolders(JobHandle h) throws java.io.IOException {
    try (var all = java.nio.file.Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return all.filter(p -> p.getFileName().toString().startsWith("mediaflow-job-" + h.id() + "."))
          .toList();
    }
  }

  private Path download(String key) {
    Path to = dir.resolve("back-" + key.replace('/', '-'));
    s3.admin.getObject(g -> g.bucket("media").key(key), to);
    return to;
  }
}
