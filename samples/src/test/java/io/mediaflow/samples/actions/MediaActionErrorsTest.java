package io.mediaflow.samples.actions;

import static io.mediaflow.samples.actions.MediaActionFlows.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.JobHandle;
import io.mediaflow.api.Violation;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobState;
import io.mediaflow.testkit.MediaFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every error code of the media actions, with its message: those found when the workflow is
 * validated (with the parameter's JSON path) and those found when the node runs (the run fails with
 * the code, the node named in the message).
 */
class MediaActionErrorsTest {

  @TempDir Path dir;
  MediaActionFlows f;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  @BeforeEach
  void workspace() {
    f = new MediaActionFlows(dir);
    f.copy(MediaFixtures.smallClip(), "clip.mp4");
  }

  @AfterEach
  void close() {
    f.close();
  }

  // ---------------------------------------------------------------- found by validation

  @Test
  void convert_without_output_or_format_is_refused_at_validation() {
    assertThat(f.validate(single("media.convert", "{\"input\":\"clip.mp4\"}")))
        .containsExactly(
            Violation.of(
                "nodes[1].params.format",
                code("MEDIA_NO_DESTINATION"),
                "neither \"output\" nor \"format\" says what to write"));
  }

  @Test
  void an_output_whose_extension_is_no_format_of_the_action_is_refused_at_validation() {
    assertThat(
            f.validate(
                single("media.extract_audio", "{\"input\":\"clip.mp4\",\"output\":\"a.mp4\"}")))
        .containsExactly(
            Violation.of(
                "nodes[1].params.output",
                code("MEDIA_FORMAT_INVALID"),
                "the extension of a.mp4 is not an audio format (mp3, m4a, opus, ogg, flac, wav)"));
    assertThat(f.validate(single("media.convert", "{\"input\":\"clip.mp4\",\"output\":\"a.txt\"}")))
        .containsExactly(
            Violation.of(
                "nodes[1].params.output",
                code("MEDIA_FORMAT_INVALID"),
                "the extension of a.txt is not a format media.convert writes (mp4, mkv, webm, mov,"
                    + " mp3, m4a, opus, ogg, flac, wav); set \"format\""));
    assertThat(
            f.validate(single("media.thumbnail", "{\"input\":\"clip.mp4\",\"output\":\"a.gif\"}")))
        .containsExactly(
            Violation.of(
                "nodes[1].params.output",
                code("MEDIA_FORMAT_INVALID"),
                "the extension of a.gif is not a picture format (jpg, png)"));
  }

  @Test
  void bad_tags_are_refused_at_validation_each_at_its_path() {
    assertThat(
            f.validate(
                single(
                    "media.metadata",
                    "{\"input\":\"clip.mp4\",\"tags\":{\"a=b\":\"x\",\"title\":{\"x\":1}}}")))
        .containsExactly(
            Violation.of(
                "nodes[1].params.tags.a=b",
                code("MEDIA_TAG_INVALID"),
                "tag name \"a=b\" is empty or has '=' or a control character"),
            Violation.of(
                "nodes[1].params.tags.title",
                code("MEDIA_TAG_INVALID"),
                "tag \"title\" must be text, a number or a boolean, not an object"));
    assertThat(f.validate(single("media.metadata", "{\"input\":\"clip.mp4\",\"tags\":{}}")))
        .containsExactly(
            Violation.of(
                "nodes[1].params.tags",
                code("MEDIA_TAG_INVALID"),
                "give between 1 and 64 tags, not 0"));
  }

  @Test
  void a_spec_of_the_wrong_shape_is_refused_at_validation_at_its_path_inside_the_parameter() {
    List<Violation> found =
        f.validate(
            single(
                "media.process",
                "{\"spec\":{\"inputs\":[{\"id\":\"main\",\"source\":\"file:clip.mp4\"}],"
                    + "\"outputs\":[{\"id\":\"main\",\"destination\":\"file:o.mp4\","
                    + "\"overwrite\":\"yes\"}]}}"));

    assertThat(found).hasSize(1);
    assertThat(found.get(0).path()).isEqualTo("nodes[1].params.spec.outputs[0].overwrite");
    assertThat(found.get(0).code().code()).isEqualTo("MEDIA_SPEC_INVALID");
    assertThat(found.get(0).message()).startsWith("WRONG_TYPE: ");
  }

  // ---------------------------------------------------------------- found when the node runs

  @Test
  void a_missing_input_fails_the_node() {
    assertFails(
        f.run(single("media.convert", "{\"input\":\"missing.mp4\",\"format\":\"mkv\"}")),
        "MEDIA_INPUT_MISSING",
        "media.convert: the input "
            + dir.resolve("missing.mp4")
            + " does not exist or is not a file");
  }

  @Test
  void an_existing_destination_is_not_overwritten_unless_asked() throws IOException {
    Files.writeString(dir.resolve("clip.mkv"), "mine");
    assertFails(
        f.run(single("media.convert", "{\"input\":\"clip.mp4\",\"format\":\"mkv\"}")),
        "MEDIA_OUTPUT_EXISTS",
        "media.convert: the destination " + dir.resolve("clip.mkv") + " exists");
    assertThat(dir.resolve("clip.mkv")).hasContent("mine");

    JobHandle h =
        f.run(
            single(
                "media.convert", "{\"input\":\"clip.mp4\",\"format\":\"mkv\",\"overwrite\":true}"));
    MediaActionFlows.assertCompleted(h);
    assertThat(MediaActionFlows.FFMPEG.probe(dir.resolve("clip.mkv")).hasVideo()).isTrue();
  }

  @Test
  void a_destination_that_is_the_input_fails_the_node() {
    assertFails(
        f.run(single("media.convert", "{\"input\":\"clip.mp4\",\"output\":\"clip.mp4\"}")),
        "MEDIA_SAME_FILE",
        "media.convert: the destination " + dir.resolve("clip.mp4") + " is the input itself");
  }

  @Test
  void extracting_audio_from_a_silent_video_fails_the_node() {
    f.copy(MediaFixtures.silentClip(), "silent.mp4");
    assertFails(
        f.run(single("media.extract_audio", "{\"input\":\"silent.mp4\"}")),
        "MEDIA_NO_AUDIO",
        "media.extract_audio: " + dir.resolve("silent.mp4") + " has no audio track");
    assertThat(dir.resolve("silent.mp3")).doesNotExist();
  }

  @Test
  void a_picture_of_an_audio_file_fails_the_node() {
    f.copy(MediaFixtures.audioOnly(), "tone.m4a");
    assertFails(
        f.run(single("media.thumbnail", "{\"input\":\"tone.m4a\"}")),
        "MEDIA_NO_VIDEO",
        "media.thumbnail: " + dir.resolve("tone.m4a") + " has no video track");
  }

  @Test
  void a_picture_past_the_end_fails_the_node() {
    assertFails(
        f.run(single("media.thumbnail", "{\"input\":\"clip.mp4\",\"at\":\"10s\"}")),
        "MEDIA_AT_OUT_OF_RANGE",
        "media.thumbnail: \"at\" 10.0 s is not before the end of "
            + dir.resolve("clip.mp4")
            + " (2.0 s)");
  }

  @Test
  void probing_a_file_that_is_not_media_fails_the_node() {
    f.copy(MediaFixtures.corruptFile(), "corrupt.mp4");
    JobHandle h = f.run(single("media.probe", "{\"input\":\"corrupt.mp4\"}"));

    JobError error = failed(h);
    assertThat(error.code()).isEqualTo("MEDIA_PROBE_FAILED");
    assertThat(error.message())
        .startsWith(
            where(h) + "media.probe: cannot read " + dir.resolve("corrupt.mp4") + " as media (");
  }

  @Test
  void a_spec_the_planner_refuses_fails_the_node_before_any_job_starts() {
    JobHandle h =
        f.run(
            single(
                "media.process",
                "{\"spec\":{\"inputs\":[{\"id\":\"main\",\"source\":\"file:clip.mp4\"}],"
                    + "\"operations\":[{\"op\":\"wobble\",\"input\":\"main\",\"output\":\"w\"}],"
                    + "\"outputs\":[{\"id\":\"w\",\"destination\":\"file:o.mp4\"}]}}"));

    JobError error = failed(h);
    assertThat(error.code()).isEqualTo("MEDIA_SPEC_INVALID");
    assertThat(error.message())
        .startsWith(where(h) + "media.process: the media job was refused: ")
        .contains("UNKNOWN_OPERATOR")
        .contains("wobble");
    assertThat(f.children(h)).isEmpty();
  }

  @Test
  void a_media_job_that_fails_fails_the_node_with_its_code_in_the_message() {
    f.copy(MediaFixtures.corruptFile(), "corrupt.mp4");
    JobHandle h =
        f.run(
            single(
                "media.process",
                "{\"spec\":{\"inputs\":[{\"id\":\"main\",\"source\":\"file:corrupt.mp4\"}],"
                    + "\"outputs\":[{\"id\":\"main\",\"destination\":\"file:o.mkv\"}]}}"));

    JobError error = failed(h);
    Job media = f.children(h).get(0);
    assertThat(media.state()).isEqualTo(JobState.DEAD);
    JobError cause = media.error().orElseThrow();
    assertThat(error.code()).isEqualTo("MEDIA_JOB_FAILED");
    assertThat(error.message())
        .isEqualTo(
            where(h)
                + "media.process: media job "
                + media.id()
                + " ended DEAD with "
                + cause.code()
                + ": "
                + cause.message());
    assertThat(error.retryable()).isFalse();
  }

  private static io.mediaflow.api.ErrorCode code(String name) {
    return io.mediaflow.api.ErrorCode.of(
        name, io.mediaflow.api.ErrorCode.Category.VALIDATION, false);
  }

  private static String where(JobHandle h) {
    return "workflow 'wf' run " + h.id() + " at node 'a': ";
  }

  private static JobError failed(JobHandle h) {
    Job job = h.status();
    assertThat(job.state()).isEqualTo(JobState.DEAD);
    return job.error().orElseThrow();
  }

  private static void assertFails(JobHandle h, String code, String message) {
    JobError error = failed(h);
    assertThat(error.code()).isEqualTo(code);
    assertThat(error.message()).isEqualTo(where(h) + message);
  }
}
