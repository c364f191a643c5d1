package io.mediaflow.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The result a media job stores lists its outputs as JSON strings, whatever their names hold. */
class MediaJobResultTest {

  @Test
  void lists_every_output_by_its_absolute_path_in_order() throws Exception {
    List<Path> written =
        List.of(
            Path.of("/out/plain.mp4"),
            Path.of("/out/\"quoted\" back\\slash.mp4"),
            Path.of("/out/line\nbreak\ttab\u001f \u00e9\u4e2d\u2028.mp3"));

    String json = MediaJobHandler.resultJson(written);

    JsonNode outputs = new ObjectMapper().readTree(json).get("outputs");
    List<String> read = new ArrayList<>();
    outputs.forEach(n -> read.add(n.textValue()));
    assertThat(read).containsExactlyElementsOf(written.stream().map(Path::toString).toList());
    assertThat(MediaJobHandler.resultJson(List.of(Path.of("/a.mp4"))))
        .isEqualTo("{\"outputs\":[\"/a.mp4\"]}");
  }
}
