package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.MediaFlow;
import io.mediaflow.ffmpeg.FfmpegBackend;
import io.mediaflow.jdbc.JdbcStorage;
import io.mediaflow.samples.cli.AutomateCommandTest.Result;
import io.mediaflow.samples.cli.AutomateCommandTest.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mediaflow watch DIR --spec job.json}, run in this JVM: bad inputs are refused with their
 * code and place, and a clip dropped into the folder is transcoded once, for real (FFmpeg).
 */
class WatchCommandTest {

  static final String SPEC =
      """
      {"inputs": [{"id": "main", "source": "file:in/{{trigger.file.name}}"}],
       "operations": [{"op": "scale", "input": "main", "output": "small",
                       "params": {"width": 160, "height": 120}}],
       "outputs": [{"id": "small", "destination": "file:out/{{trigger.file.name}}"}]}
      """;

  @TempDir Path dir;

  @Test
  void a_missing_folder_is_refused() throws Exception {
    Path spec = Workdir.spec(dir, "job.json", SPEC);

    Result r =
        AutomateCommandTest.run("watch", dir.resolve("nope").toString(), "--spec", spec.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().toList())
        .containsExactly(
            "error: INVALID_VALUE DIR: '"
                + dir.resolve("nope")
                + "' is not a folder (give an"
                + " existing folder to watch)");
  }

  @Test
  void a_malformed_spec_is_refused_with_its_line_and_column() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    Path spec = Workdir.spec(dir, "job.json", "{\"inputs\": [}");

    Result r =
        AutomateCommandTest.run("watch", dir.resolve("in").toString(), "--spec", spec.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("error: MALFORMED_JSON (document): not JSON at line 1, column 13");
  }

  @Test
  @Timeout(60) // a spec let through would run until interrupted
  void a_spec_with_a_misspelled_field_is_refused_at_start_at_its_path() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    Path spec = Workdir.spec(dir, "job.json", SPEC.replace("\"destination\"", "\"destinaton\""));

    Result r =
        AutomateCommandTest.run(
            "watch", dir.resolve("in").toString(), "--spec", spec.toString(), "--store", "memory");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("UNKNOWN_FIELD").contains("outputs[0].destinaton");
  }

  /** The spec with its output encoded as H.264 with {@code crf} (JSON). */
  Path specWithCrf(String crf) throws java.io.IOException {
    String output = "\"destination\": \"file:out/{{trigger.file.name}}\"";
    return Workdir.spec(
        dir,
        "job.json",
        SPEC.replace(output, output + ", \"codec\": {\"video\": \"h264\", \"crf\": " + crf + "}"));
  }

  @Test
  @Timeout(60)
  void a_number_given_by_a_template_alone_is_accepted_at_start() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    // a template alone keeps its value's type (docs/templates.md): a number here at run time
    Path spec = specWithCrf("\"${trigger.file.size}\"");

    Session watch = Session.start("watch", dir.resolve("in").toString(), "--spec", spec.toString());
    watch.await(() -> watch.out.toString().contains("Ctrl-C"));
    Result stopped = watch.stop();

    assertThat(stopped.code()).as(stopped.err()).isZero();
    assertThat(stopped.err()).isEmpty();
  }

  @Test
  @Timeout(60) // a spec let through would run until interrupted
  void a_template_inside_text_where_a_number_belongs_is_refused_at_start() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    Path spec = specWithCrf("\"q${trigger.file.size}\"");

    Result r =
        AutomateCommandTest.run(
            "watch", dir.resolve("in").toString(), "--spec", spec.toString(), "--store", "memory");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            "error: WRONG_TYPE spec.outputs[0].codec.crf: expected an integer but was the string"
                + " \"qx\"; the spec has \"q${trigger.file.size}\", which gives text");
  }

  @Test
  @Timeout(60) // a spec let through would run until interrupted
  void a_bad_option_is_refused_at_its_place() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    Path spec = Workdir.spec(dir, "job.json", SPEC);

    Result r =
        AutomateCommandTest.run(
            "watch", dir.resolve("in").toString(), "--spec", spec.toString(), "--debounce", "soon");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            "error: INVALID_VALUE --debounce: \"soon\" is not a duration; expected a duration:");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void a_bad_store_is_refused() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    Path spec = Workdir.spec(dir, "job.json", SPEC);

    Result r =
        AutomateCommandTest.run(
            "watch", dir.resolve("in").toString(), "--spec", spec.toString(), "--store", "x");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("error: INVALID_VALUE: --store: 'x' is neither h2:PATH nor memory");
  }

  @Test
  void a_clip_dropped_into_the_folder_is_transcoded_once() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Path spec = Workdir.spec(dir, "job.json", SPEC);
    Path clip = Workdir.clip(dir.resolve("staging"), "talk.mp4");

    Session watch =
        Session.start(
            "watch",
            in.toString(),
            "--spec",
            spec.toString(),
            "--glob",
            "*.mp4",
            "--debounce",
            "PT0S",
            "--store",
            "h2:" + dir.resolve("db/mediaflow"));
    watch.await(() -> watch.out.toString().contains("Ctrl-C"));
    Files.move(clip, in.resolve("talk.mp4"), StandardCopyOption.ATOMIC_MOVE);
    Path out = dir.resolve("out/talk.mp4");
    watch.await(() -> Files.exists(out) && !watch.out.toString().isEmpty());
    Result stopped = watch.stop();

    assertThat(stopped.code()).as(stopped.err()).isZero();
    assertThat(stopped.out().lines().toList())
        .containsExactly(
            "registered rule 'watch'",
            "running 1 rule(s) on h2:" + dir.resolve("db/mediaflow") + "; Ctrl-C to stop",
            "stopping: letting running jobs finish",
            "stopped");
    assertThat(FfmpegBackend.ofDefaults().probe(out).video().get(0).width()).isEqualTo(160);
    try (var files = Files.list(dir.resolve("out"));
        JdbcStorage storage = JdbcStorage.h2(dir.resolve("db/mediaflow"));
        MediaFlow flow = MediaFlow.builder().storage(storage).runOnCallingThread().build()) {
      assertThat(files).containsExactly(out);
      assertThat(flow.rules().runs("watch", 0, 10).items()).hasSize(1);
    }
  }
}
