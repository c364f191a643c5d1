package io.mediaflow.internal.plan;

import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.spec.OutputSpec;
import io.mediaflow.api.spec.StreamSelector;
import io.mediaflow.internal.plan.FusedStreams.Draft;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What an output asks for, as {@link FilterGraphFuser} reads it while wiring outputs. */
final class OutputSelection {

  private OutputSelection() {}

  static final Set<StreamType> EVERY_TYPE = Set.of(StreamType.values());

  static String codecPath(String base, StreamType type) {
    return base + ".codec." + type.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The codec of the first stream of {@code type}, or {@code none}. */
  static String firstCodec(List<Draft> streams, StreamType type) {
    for (int k = 0; k < streams.size(); k++) {
      if (streams.get(k).type() == type) {
        return streams.get(k).codec();
      }
    }
    return "none";
  }

  /** The streams of {@code type} an output selects. */
  static List<StreamSelector> selectors(OutputSpec out, StreamType type) {
    List<StreamSelector> all = out.streams();
    if (all.isEmpty()) {
      return List.of(); // the usual case: no selection, every track
    }
    List<StreamSelector> selected = new ArrayList<>(all.size());
    for (StreamSelector s : all) {
      if (s.type() == type) {
        selected.add(s);
      }
    }
    return selected;
  }

  static Set<StreamType> wantedTypes(OutputSpec out) {
    if (out.streams().isEmpty()) {
      return EVERY_TYPE;
    }
    Set<StreamType> types = new HashSet<>();
    out.streams().forEach(s -> types.add(s.type()));
    return types;
  }
}
