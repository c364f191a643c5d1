package io.mediaflow.ffmpeg.internal.operators;

import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.PATH;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.bind;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.clip;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.params;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.ValidationContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThumbnailOperatorTest {

  private final ThumbnailOperator thumbnail = new ThumbnailOperator();

  @Test
  void produces_an_image_and_takes_the_first_frame_by_default() {
    assertThat(thumbnail.name()).isEqualTo("thumbnail");
    assertThat(thumbnail.descriptor().outputKind()).isEqualTo(OperatorDescriptor.OutputKind.IMAGE);
    assertThat(params(thumbnail, Map.of()).getDuration("at")).isEqualTo(MediaDuration.ZERO);
    assertThat(thumbnail.validate(params(thumbnail, Map.of()), new ValidationContext(PATH)))
        .isEmpty();
  }

  @Test
  void rejects_an_unknown_parameter_and_names_the_known_ones() {
    assertThat(bind(thumbnail, Map.of("time", 3)).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(ErrorCode.UNKNOWN_FIELD);
              assertThat(v.path()).isEqualTo(PATH + ".time");
              assertThat(v.suggestion()).contains("at");
            });
  }

  @Test
  void output_is_one_picture_of_the_same_size_without_audio() {
    MediaInfo out =
        thumbnail.outputMetadata(params(thumbnail, Map.of("at", 3)), List.of(clip(1280, 720, 60)));

    assertThat(out.duration()).isEqualTo(MediaDuration.ZERO);
    assertThat(out.audio()).isEmpty();
    assertThat(out.video()).hasSize(1);
    assertThat(out.primaryVideo().orElseThrow().resolution().toString()).isEqualTo("1280x720");
    assertThat(out.isStillImage()).isTrue();
  }

  @Test
  void compiles_a_video_trim_at_the_moment_and_no_audio() {
    MediaInfo in = clip(1280, 720, 60);

    FilterFragment f =
        thumbnail.compile(
            params(thumbnail, Map.of("at", "1m2.5s")), new CompileContext(List.of(in), in));

    assertThat(f.filters())
        .extracting(OperatorFixtures::text)
        .containsExactly("trim=start=62.5", "setpts=PTS-STARTPTS");
    assertThat(f.results()).containsOnlyKeys(StreamType.VIDEO);
  }
}
