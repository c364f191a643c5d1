package io.mediaflow.ffmpeg.internal.operators;

import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.Params;
import java.util.List;

/**
 * {@code extract_audio}: the audio of a clip, untouched, without its video. Nothing is filtered, so
 * an output whose container takes the audio codec as it is copies the stream. An input without
 * audio is a planning error.
 */
public final class ExtractAudioOperator implements Operator {

  private static final OperatorDescriptor DESCRIPTOR =
      OperatorDescriptor.builder("extract_audio")
          .description("The audio of a clip, untouched, without its video.")
          .inputs(1, 1)
          .build();

  /** Used by {@link java.util.ServiceLoader}. */
  public ExtractAudioOperator() {}

  @Override
  public OperatorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
    MediaInfo in = inputs.get(0);
    return new MediaInfo(
        in.container(), in.duration(), 0, 0, List.of(), in.audio(), List.of(), in.tags());
  }

  @Override
  public FilterFragment compile(Params params, CompileContext ctx) {
    return FilterFragment.builder().passThrough(StreamType.AUDIO, 0).build();
  }

  @Override
  public Estimate estimate(Params params, List<MediaInfo> inputs) {
    // a pass-through costs nothing here; the output's encoding (or copy) is estimated on its own
    return Estimate.ZERO;
  }
}
