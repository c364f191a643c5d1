package io.mediaflow.internal.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A media job's result is a typed record, written and read back by Jackson. */
class MediaJobResultRoundTripTest {

  @Test
  void reads_back_what_it_wrote_whatever_the_names_hold() {
    List<Path> written =
        List.of(
            Path.of("/out/plain.mp4"),
            Path.of("/out/\"quoted\" back\\slash.mp4"),
            Path.of("/out/line\nbreak\ttab\u001f \u00e9\u4e2d\u2028.mp3"));

    MediaJobResult result = MediaJobResult.of(written);
    MediaJobResult read = MediaJobResult.parse(result.toJson());

    assertThat(read).isEqualTo(result);
    assertThat(read.paths()).containsExactlyElementsOf(written);
    assertThat(MediaJobResult.of(List.of(Path.of("/a.mp4"))).toJson())
        .isEqualTo("{\"outputs\":[\"/a.mp4\"]}");
  }

  @Test
  void refuses_a_result_that_is_not_a_list_of_outputs_instead_of_reading_it_as_empty() {
    for (String bad :
        List.of("not json", "{\"outputs\":\"/a.mp4\"}", "{\"files\":[]}", "{}", "null")) {
      assertThatThrownBy(() -> MediaJobResult.parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              MediaFlowException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
          .hasMessageContaining("not a list of outputs");
    }
  }
}
