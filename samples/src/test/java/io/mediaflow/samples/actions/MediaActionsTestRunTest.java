package io.mediaflow.samples.actions;

import static io.mediaflow.samples.actions.MediaActionFlows.assertCompleted;
import static io.mediaflow.samples.actions.MediaActionFlows.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.JobHandle;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.testkit.MediaFixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A test run of each media action: it plans but runs no media tool (neither FFmpeg nor ffprobe is
 * asked for anything), starts no media job, writes nothing, says what it would do, and hands later
 * nodes outputs of the declared shape.
 */
class MediaActionsTestRunTest {

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

  static Stream<Arguments> actions() {
    return Stream.of(
        Arguments.of(
            "media.convert",
            "{\"input\":\"clip.mp4\",\"output\":\"out/c.webm\",\"video\":\"vp9\"}",
            "test run: would convert %s to %s (video vp9)",
            List.of("clip.mp4", "out/c.webm")),
        Arguments.of(
            "media.extract_audio",
            "{\"input\":\"clip.mp4\",\"bitrate\":192}",
            "test run: would extract the audio of %s to %s",
            List.of("clip.mp4", "clip.mp3")),
        Arguments.of(
            "media.thumbnail",
            "{\"input\":\"clip.mp4\",\"count\":2}",
            "test run: would write 2 picture(s) of %s to %s",
            List.of("clip.mp4", "clip.jpg")),
        Arguments.of(
            "media.metadata",
            "{\"input\":\"clip.mp4\",\"tags\":{\"title\":\"T\"}}",
            "test run: would set [title] on %s in place",
            List.of("clip.mp4")),
        Arguments.of(
            "media.probe",
            "{\"input\":\"clip.mp4\"}",
            "test run: would probe %s",
            List.of("clip.mp4")),
        Arguments.of(
            "media.process",
            "{\"spec\":{\"inputs\":[{\"id\":\"main\",\"source\":\"file:clip.mp4\"}],"
                + "\"outputs\":[{\"id\":\"main\",\"destination\":\"file:out/p.mkv\"}]}}",
            "test run: would run a media job of 0 operation(s), 1 output(s) writing [%s]",
            List.of("out/p.mkv")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("actions")
  void a_test_run_runs_no_media_tool_starts_no_job_and_writes_nothing(
      String action, String params, String summary, List<String> files) {
    Map<String, Long> before = f.files();

    JobHandle h = f.testRun(single(action, params));

    assertCompleted(h);
    assertThat(f.backend.probes).as("ffprobe runs").hasValue(0);
    assertThat(f.backend.executions).as("FFmpeg runs").hasValue(0);
    assertThat(f.children(h)).as("media jobs").isEmpty();
    assertThat(f.files()).isEqualTo(before);
    Object[] paths = files.stream().map(p -> dir.resolve(p).toString()).toArray();
    assertThat(f.summary(h, "a")).isEqualTo(String.format(summary, paths));
    ActionDescriptor d = f.flow.actions().find(action).orElseThrow().descriptor();
    assertThat(d.dryRun()).isEqualTo(DryRun.DESCRIBES_ITSELF);
    assertThat(f.outputs(h, "a").keySet())
        .containsExactlyElementsOf(d.outputs().stream().map(ActionOutput::name).toList());
  }

  @Test
  void a_test_run_hands_the_planned_path_to_the_next_node() {
    JobHandle h =
        f.testRun(
            MediaActionFlows.workflow(
                List.of(
                    MediaActionFlows.node(
                        "convert", "media.convert", "{\"input\":\"clip.mp4\",\"format\":\"mkv\"}"),
                    MediaActionFlows.node(
                        "audio",
                        "media.extract_audio",
                        "{\"input\":\"${nodes.convert.output.path}\",\"format\":\"opus\"}")),
                List.of(
                    MediaActionFlows.edge("start", "convert"),
                    MediaActionFlows.edge("convert", "audio"))));

    assertCompleted(h);
    assertThat(f.outputs(h, "convert")).containsEntry("path", dir.resolve("clip.mkv").toString());
    assertThat(f.outputs(h, "audio")).containsEntry("path", dir.resolve("clip.opus").toString());
    assertThat(f.files().keySet()).containsExactly("clip.mp4");
  }
}
