package io.mediaflow.ffmpeg.internal.operators;

import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.PATH;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.audioOnly;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.bind;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.clip;
import static io.mediaflow.ffmpeg.internal.operators.OperatorFixtures.params;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.PadRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FadeOperatorTest {

  private final FadeOperator fade = new FadeOperator();
  private final MediaInfo in = clip(320, 240, 10);

  private FilterFragment compile(Map<String, ?> raw, MediaInfo media) {
    return fade.compile(params(fade, raw), new CompileContext(List.of(media), media));
  }

  @Test
  void type_and_duration_are_required_and_checked() {
    assertThat(bind(fade, Map.of()).violations())
        .extracting(v -> v.path() + " " + v.code().code())
        .containsExactlyInAnyOrder(PATH + ".type MISSING_FIELD", PATH + ".duration MISSING_FIELD");
    assertThat(bind(fade, Map.of("type", "sideways", "duration", 1)).violations())
        .singleElement()
        .satisfies(v -> assertThat(v.path()).isEqualTo(PATH + ".type"));
    assertThat(bind(fade, Map.of("type", "in", "duration", 0)).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo(PATH + ".duration");
              assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
            });
  }

  @Test
  void fades_both_tracks_in_from_zero_by_default() {
    FilterFragment f = compile(Map.of("type", "in", "duration", "1.5s"), in);

    assertThat(f.filters())
        .extracting(OperatorFixtures::text)
        .containsExactly("fade=t=in:st=0:d=1.5", "afade=t=in:st=0:d=1.5");
    assertThat(f.results()).containsOnlyKeys(StreamType.VIDEO, StreamType.AUDIO);
  }

  @Test
  void a_fade_out_without_start_ends_with_the_media() {
    FilterFragment f = compile(Map.of("type", "out", "duration", 2), in);

    assertThat(f.filters())
        .extracting(OperatorFixtures::text)
        .containsExactly("fade=t=out:st=8:d=2", "afade=t=out:st=8:d=2");
  }

  @Test
  void a_given_start_wins_and_a_longer_fade_than_the_media_starts_at_zero() {
    assertThat(compile(Map.of("type", "out", "duration", 2, "start", 3), in).filters())
        .extracting(OperatorFixtures::text)
        .first()
        .isEqualTo("fade=t=out:st=3:d=2");
    assertThat(compile(Map.of("type", "out", "duration", 20), in).filters())
        .extracting(OperatorFixtures::text)
        .first()
        .isEqualTo("fade=t=out:st=0:d=20");
  }

  @Test
  void one_stream_fades_and_the_other_passes_through() {
    FilterFragment f = compile(Map.of("type", "in", "duration", 1, "stream", "audio"), in);

    assertThat(f.filters()).extracting(c -> c.name()).containsExactly("afade");
    assertThat(f.results()).containsEntry(StreamType.VIDEO, PadRef.input(0, StreamType.VIDEO));
  }

  @Test
  void both_fades_only_the_tracks_an_input_has_but_video_demands_video() {
    assertThat(compile(Map.of("type", "in", "duration", 1), audioOnly(5)).filters())
        .extracting(c -> c.name())
        .containsExactly("afade");
    FilterFragment f =
        compile(Map.of("type", "in", "duration", 1, "stream", "video"), audioOnly(5));
    assertThat(f.filters().get(0).inputs()).containsExactly(PadRef.input(0, StreamType.VIDEO));
  }

  @Test
  void keeps_the_media_as_it_is() {
    assertThat(fade.outputMetadata(params(fade, Map.of("type", "in", "duration", 1)), List.of(in)))
        .isEqualTo(in);
  }
}
