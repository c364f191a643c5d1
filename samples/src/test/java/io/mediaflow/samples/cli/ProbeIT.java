package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeIT {

  @TempDir Path dir;

  @Test
  void prints_media_info_with_durations_in_seconds() throws Exception {
    Path clip = Workdir.clip(dir, "in.mp4");

    JsonNode info = Cli.run(dir, "probe", "in.mp4").expectOk().json();

    assertThat(info.get("durationSeconds").asDouble()).isCloseTo(2.0, within(0.1));
    assertThat(info.get("sizeBytes").asLong()).isEqualTo(Files.size(clip));
    assertThat(info.get("video").get(0).get("width").asInt()).isEqualTo(320);
    assertThat(info.get("video").get(0).get("height").asInt()).isEqualTo(240);
    assertThat(info.get("audio")).hasSize(1);
  }

  @Test
  void missing_file_exits_3() {
    Cli.Result result = Cli.run(dir, "probe", "nothing.mp4").expectExit(3);
    assertThat(result.stderr()).startsWith("error: INPUT_NOT_FOUND: ").contains("nothing.mp4");
  }

  @Test
  void a_file_that_is_not_media_exits_3() throws Exception {
    Files.writeString(dir.resolve("notes.mp4"), "not a video");
    Workdir.clip(dir, "ignored.mp4"); // only to fail or skip without ffmpeg, like the others

    Cli.Result result = Cli.run(dir, "probe", "notes.mp4").expectExit(3);
    assertThat(result.stderr()).startsWith("error: INPUT_").doesNotContain("\tat ");
  }
}
