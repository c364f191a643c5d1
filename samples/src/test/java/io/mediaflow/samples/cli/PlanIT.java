package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanIT {

  @TempDir Path dir;

  @Test
  void fan_out_is_planned_as_one_ffmpeg_run_with_a_split() {
    Workdir.clip(dir, "in.mp4");
    Path spec = Workdir.spec(dir, "job.json", Workdir.fanOutSpec("out"));

    Cli.Result result = Cli.run(dir, "plan", spec.toString()).expectOk();

    JsonNode invocations = result.json().get("invocations");
    assertThat(invocations).hasSize(1);
    List<String> args = new ArrayList<>();
    invocations.get(0).get("args").forEach(a -> args.add(a.asText()));
    assertThat(args).contains("-filter_complex");
    String graph = args.get(args.indexOf("-filter_complex") + 1);
    assertThat(graph).contains("split");
    assertThat(Files.exists(dir.resolve("out"))).as("a dry run writes nothing").isFalse();
  }

  @Test
  void hardware_auto_on_a_machine_without_a_gpu_plans_software_and_its_notes_say_why() {
    Workdir.clip(dir, "in.mp4");
    Path spec =
        Workdir.spec(
            dir,
            "job.json",
            """
            { "inputs": [{ "id": "main", "source": "file:in.mp4" }],
              "outputs": [{ "id": "main", "destination": "file:out/hw.mp4",
                            "codec": { "video": "h264", "hardware": "auto" } }] }
            """);

    Cli.Result result = Cli.run(dir, "plan", spec.toString()).expectOk();

    JsonNode invocation = result.json().get("invocations").get(0);
    String args = invocation.get("args").toString();
    String notes = invocation.get("notes").get(0).asText();
    if (!Files.exists(Path.of("/dev/dri")) && !Files.exists(Path.of("/dev/nvidia0"))) {
      assertThat(args).contains("\"libx264\"");
      assertThat(notes)
          .startsWith("outputs[0]: h264 with libx264 (software): hardware auto: no hardware")
          .contains("h264_nvenc: ");
    } else {
      assertThat(notes).startsWith("outputs[0]: h264 with ");
    }
  }

  @Test
  void mermaid_rendering_is_a_flowchart() {
    Workdir.clip(dir, "in.mp4");
    Path spec = Workdir.spec(dir, "job.json", Workdir.fanOutSpec("out"));

    Cli.Result result = Cli.run(dir, "plan", "--format", "mermaid", spec.toString()).expectOk();

    assertThat(result.stdout()).startsWith("flowchart");
    assertThat(result.stdout()).contains("trim", "scale", "thumbnail");
  }

  @Test
  void missing_input_file_exits_3() {
    Path spec = Workdir.spec(dir, "job.json", Workdir.fanOutSpec("out"));

    Cli.Result result = Cli.run(dir, "plan", spec.toString()).expectExit(3);

    assertThat(result.errorLines().get(0))
        .startsWith("error: INPUT_NOT_FOUND: ")
        .contains("in.mp4");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void an_absolute_path_outside_the_roots_is_refused_until_allow_root_names_its_folder()
      throws Exception {
    Path media = dir.resolve("media");
    Path clip = Workdir.clip(media, "in.mp4");
    Path specDir = dir.resolve("specs");
    String json =
        """
        { "inputs": [{ "id": "main", "source": "file:%s" }],
          "outputs": [{ "id": "main", "destination": "file:out/remux.mkv" }] }
        """
            .formatted(clip.toAbsolutePath());
    Path spec = Workdir.spec(specDir, "job.json", json);

    Cli.Result refused = Cli.run(specDir, "plan", spec.toString()).expectExit(2);
    assertThat(refused.errorLines().get(0))
        .startsWith("error: PATH_NOT_ALLOWED inputs[0].source: ")
        .contains("--allow-root");

    Cli.Result allowed =
        Cli.run(specDir, "plan", "--allow-root", media.toString(), spec.toString()).expectOk();
    assertThat(allowed.json().get("invocations")).hasSize(1);
    assertThat(allowed.json().get("invocations").get(0).get("args").toString())
        .contains(clip.toAbsolutePath().toString());
  }
}
