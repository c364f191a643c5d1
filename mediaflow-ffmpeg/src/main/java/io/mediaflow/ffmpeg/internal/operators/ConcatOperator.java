package io.mediaflow.ffmpeg.internal.operators;

import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.media.VideoStream;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.operator.FilterCall;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.PadRef;
import io.mediaflow.api.operator.Params;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code concat}: plays two or more inputs one after the other with the {@code concat} filter
 * (which re-encodes, but accepts inputs that differ). The result has video if any input has video,
 * and audio if any has audio; every input must then have it too, or the planner reports the one
 * that lacks it. When the inputs' picture sizes differ, each is scaled to the first input's size
 * with {@code scale=W:H,setsar=1} (which stretches a different aspect ratio). The duration is the
 * sum of the inputs'.
 */
public final class ConcatOperator implements Operator {

  static final int MAX_INPUTS = 64;

  private static final OperatorDescriptor DESCRIPTOR =
      OperatorDescriptor.builder("concat")
          .description("Plays the inputs one after the other; sizes follow the first input.")
          .inputs(2, MAX_INPUTS)
          .build();

  /** Used by {@link java.util.ServiceLoader}. */
  public ConcatOperator() {}

  @Override
  public OperatorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
    MediaInfo first = inputs.get(0);
    MediaDuration total =
        inputs.stream().map(MediaInfo::duration).reduce(MediaDuration.ZERO, MediaDuration::plus);
    List<VideoStream> video =
        inputs.stream()
            .filter(MediaInfo::hasVideo)
            .findFirst()
            .map(m -> List.of(m.primaryVideo().orElseThrow()))
            .orElse(List.of());
    List<io.mediaflow.api.media.AudioStream> audio =
        inputs.stream()
            .filter(MediaInfo::hasAudio)
            .findFirst()
            .map(m -> List.of(m.primaryAudio().orElseThrow()))
            .orElse(List.of());
    return new MediaInfo(first.container(), total, 0, 0, video, audio, List.of(), first.tags());
  }

  @Override
  public FilterFragment compile(Params params, CompileContext ctx) {
    List<MediaInfo> inputs = ctx.inputs();
    boolean video = inputs.stream().anyMatch(MediaInfo::hasVideo);
    boolean audio = inputs.stream().anyMatch(MediaInfo::hasAudio);
    Optional<VideoStream> size =
        inputs.stream().filter(MediaInfo::hasVideo).findFirst().flatMap(MediaInfo::primaryVideo);
    boolean resize =
        video
            && inputs.stream()
                .map(MediaInfo::primaryVideo)
                .flatMap(Optional::stream)
                .anyMatch(
                    v -> v.width() != size.get().width() || v.height() != size.get().height());
    FilterFragment.Builder fragment = FilterFragment.builder();
    List<PadRef> segments = new ArrayList<>();
    for (int k = 0; k < inputs.size(); k++) {
      if (video) {
        PadRef v = PadRef.input(k, StreamType.VIDEO);
        if (resize) {
          PadRef scaled = PadRef.local("scaled" + k);
          PadRef square = PadRef.local("v" + k);
          fragment.filter(
              new FilterCall(
                  "scale",
                  List.of(
                      FilterArg.of("w", size.get().width()),
                      FilterArg.of("h", size.get().height())),
                  List.of(v),
                  List.of(scaled)));
          fragment.filter(
              new FilterCall(
                  "setsar", List.of(FilterArg.positional(1)), List.of(scaled), List.of(square)));
          v = square;
        }
        segments.add(v);
      }
      if (audio) {
        segments.add(PadRef.input(k, StreamType.AUDIO));
      }
    }
    List<PadRef> outputs = new ArrayList<>();
    if (video) {
      PadRef v = PadRef.local("outv");
      outputs.add(v);
      fragment.result(StreamType.VIDEO, v);
    }
    if (audio) {
      PadRef a = PadRef.local("outa");
      outputs.add(a);
      fragment.result(StreamType.AUDIO, a);
    }
    fragment.filter(
        new FilterCall(
            "concat",
            List.of(
                FilterArg.of("n", inputs.size()),
                FilterArg.of("v", video ? 1 : 0),
                FilterArg.of("a", audio ? 1 : 0)),
            segments,
            outputs));
    return fragment.build();
  }

  @Override
  public Estimate estimate(Params params, List<MediaInfo> inputs) {
    Estimate total = Estimate.ZERO;
    for (MediaInfo in : inputs) {
      total = total.plus(Costs.filtering(in, in.duration(), 1.0));
    }
    return total;
  }
}
