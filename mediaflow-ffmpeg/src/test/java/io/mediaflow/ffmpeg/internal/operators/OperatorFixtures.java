package io.mediaflow.ffmpeg.internal.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.media.AudioStream;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.VideoStream;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.operator.FilterCall;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.ParamBinder;
import io.mediaflow.api.operator.Params;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Media descriptions and binding helpers shared by the operator tests. */
final class OperatorFixtures {

  static final String PATH = "operations[1].params";

  private OperatorFixtures() {}

  static MediaInfo clip(int width, int height, double seconds) {
    return MediaInfo.of(
        MediaDuration.ofSeconds(seconds),
        List.of(new VideoStream(0, "h264", width, height, 25, "yuv420p", "")),
        List.of(new AudioStream(1, "aac", 48000, 2, "eng")));
  }

  static MediaInfo silent(int width, int height, double seconds) {
    return clip(width, height, seconds).withAudio(List.of());
  }

  static MediaInfo audioOnly(double seconds) {
    return clip(2, 2, seconds).withVideo(List.of());
  }

  static ParamBinder.Result bind(Operator op, Map<String, ?> raw) {
    return ParamBinder.bind(op.descriptor(), raw, PATH);
  }

  /** Binds values that must be valid. */
  static Params params(Operator op, Map<String, ?> raw) {
    ParamBinder.Result result = bind(op, raw);
    assertThat(result.violations()).isEmpty();
    return result.params();
  }

  /** {@code name=k=v:k2=v2}, for compact assertions. */
  static String text(FilterCall call) {
    return call.name()
        + "="
        + call.args().stream()
            .map(a -> a.key() == null ? a.value() : a.key() + "=" + a.value())
            .collect(Collectors.joining(":"));
  }

  static FilterArg arg(String key, String value) {
    return FilterArg.of(key, value);
  }
}
