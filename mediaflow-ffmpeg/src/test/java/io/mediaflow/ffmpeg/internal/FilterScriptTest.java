package io.mediaflow.ffmpeg.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterScriptTest {

  @Test
  void a_short_graph_stays_on_the_command_line() {
    List<String> command = List.of("ffmpeg", "-filter_complex", "[0:v]null[v]", "-map", "[v]");

    try (FilterScript script = FilterScript.of(command)) {
      assertThat(script.command()).isEqualTo(command);
    }
  }

  @Test
  void a_long_graph_goes_to_a_file_that_is_deleted_afterwards() throws Exception {
    String graph = "[0:v]null[v]".repeat(2000);
    List<String> command = List.of("ffmpeg", "-filter_complex", graph, "-map", "[v]");
    Path file;

    try (FilterScript script = FilterScript.of(command)) {
      assertThat(script.command()).hasSize(5).containsSequence("-map", "[v]");
      assertThat(script.command().get(1)).isEqualTo("-filter_complex_script");
      assertThat(script.command().get(2)).startsWith("file:");
      file = Path.of(script.command().get(2).substring("file:".length()));
      assertThat(Files.readString(file)).isEqualTo(graph);
    }

    assertThat(file).doesNotExist();
  }
}
