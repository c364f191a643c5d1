package io.mediaflow.samples.plugin;

import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import java.math.BigDecimal;
import java.util.List;

/**
 * A third-party operator, shipped in its own jar: drains the colour from the video ({@code
 * hue=s=<1-strength>}) and leaves the audio untouched.
 *
 * <p>All it takes is this class, compiled against {@code mediaflow-api} alone, and the line {@code
 * io.mediaflow.samples.plugin.GrayscaleOperator} in {@code
 * META-INF/services/io.mediaflow.api.operator.Operator}. The CLI loads it with {@code --plugins
 * DIR}; a host application just puts the jar on its class path.
 *
 * {@snippet lang = json :
 * { "op": "grayscale", "input": "main", "output": "gray", "params": { "strength": 0.8 } }
 * }
 */
public final class GrayscaleOperator implements Operator {

  /** Seconds of CPU per second of 1080p video: hue is a cheap per-pixel filter. */
  private static final double CPU_PER_MEDIA_SECOND_1080P = 0.05;

  private static final long PIXELS_1080P = 1920L * 1080L;
  private static final long MEMORY_BYTES = 32L * 1024 * 1024;

  private static final OperatorDescriptor DESCRIPTOR =
      OperatorDescriptor.builder("grayscale")
          .description("Removes colour from the video; the audio passes through untouched.")
          .inputs(1, 1)
          .param(
              ParamSpec.builder("strength", ParamType.FLOAT)
                  .range(0, 1)
                  .defaultValue(1.0)
                  .description("1 is fully gray, 0 leaves the colours as they are")
                  .build())
          .build();

  @Override
  public OperatorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
    // same duration, tracks, size and rate: only the colours change
    return inputs.get(0);
  }

  @Override
  public FilterFragment compile(Params params, CompileContext ctx) {
    MediaInfo input = ctx.inputs().get(0);
    FilterFragment.Builder fragment = FilterFragment.builder();
    if (input.hasVideo()) {
      fragment.chain(
          StreamType.VIDEO, 0, FilterFragment.filter("hue", FilterArg.of("s", saturation(params))));
    }
    if (input.hasAudio()) {
      fragment.passThrough(StreamType.AUDIO, 0);
    }
    return fragment.build();
  }

  @Override
  public Estimate estimate(Params params, List<MediaInfo> inputs) {
    MediaInfo input = inputs.get(0);
    double pixelsShare =
        input.primaryVideo().map(v -> (double) v.width() * v.height()).orElse(0.0) / PIXELS_1080P;
    double cpu = input.duration().toSeconds() * CPU_PER_MEDIA_SECOND_1080P * pixelsShare;
    return new Estimate(cpu, MEMORY_BYTES, 0, cpu);
  }

  /** {@code 1 - strength} as plain decimal text: 0.2, never 0.19999999999999996. */
  static String saturation(Params params) {
    double strength = params.optDouble("strength").orElse(1.0);
    return BigDecimal.ONE
        .subtract(BigDecimal.valueOf(strength))
        .stripTrailingZeros()
        .toPlainString();
  }
}
