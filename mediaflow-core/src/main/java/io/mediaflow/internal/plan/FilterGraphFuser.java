package io.mediaflow.internal.plan;

import static io.mediaflow.internal.plan.FusedStreams.countUse;
import static io.mediaflow.internal.plan.FusedStreams.labels;
import static io.mediaflow.internal.plan.FusedStreams.nameUses;
import static io.mediaflow.internal.plan.FusedStreams.producesAny;
import static io.mediaflow.internal.plan.FusedStreams.readsAny;
import static io.mediaflow.internal.plan.OutputSelection.codecPath;
import static io.mediaflow.internal.plan.OutputSelection.firstCodec;
import static io.mediaflow.internal.plan.OutputSelection.selectors;
import static io.mediaflow.internal.plan.OutputSelection.wantedTypes;

import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.FilterCall;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.PadRef;
import io.mediaflow.api.plan.GraphFilter;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.spec.OperationSpec;
import io.mediaflow.api.spec.OutputSpec;
import io.mediaflow.api.spec.StreamSelector;
import io.mediaflow.internal.plan.FusedStreams.Draft;
import io.mediaflow.internal.plan.FusedStreams.DraftOutput;
import io.mediaflow.internal.plan.FusedStreams.In;
import io.mediaflow.internal.plan.FusedStreams.Label;
import io.mediaflow.internal.plan.FusedStreams.Locals;
import io.mediaflow.internal.plan.FusedStreams.Pending;
import io.mediaflow.internal.plan.FusedStreams.Slot;
import io.mediaflow.internal.plan.FusedStreams.Src;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuses every operator's fragment into one filter graph with unique labels, decides for each output
 * stream whether it comes from the graph or straight from an input (and then whether it can be
 * copied), drops filters whose results nobody reads, and inserts {@code split} / {@code asplit}
 * wherever one stream feeds several consumers. The streams and their bookkeeping are {@link
 * FusedStreams}; what an output selects is {@link OutputSelection}.
 */
final class FilterGraphFuser {

  private static final StreamType[] TYPES = StreamType.values();

  private final CheckedSpec checked;
  private final JobSpec spec;
  private final MediaInfo[] media;
  private final List<Violation> violations;

  /** The streams of each node (see {@link CheckedSpec}), by {@link StreamType#ordinal()}. */
  private final Src[][] sources;

  private final List<Pending> pending;
  private final List<Slot> mapSlots = new ArrayList<>();

  /**
   * @param media the predicted media of every node, by node number
   */
  FilterGraphFuser(CheckedSpec checked, MediaInfo[] media, List<Violation> violations) {
    this.checked = checked;
    this.spec = checked.spec();
    this.media = media;
    this.violations = violations;
    this.sources = new Src[checked.nodeCount()][];
    this.pending = new ArrayList<>(2 * spec.operations().size());
    for (int i = 0; i < spec.inputs().size(); i++) {
      MediaInfo info = media[i];
      Src[] s = new Src[TYPES.length];
      if (info.hasVideo()) {
        s[StreamType.VIDEO.ordinal()] = new In(i, StreamType.VIDEO);
      }
      if (info.hasAudio()) {
        s[StreamType.AUDIO.ordinal()] = new In(i, StreamType.AUDIO);
      }
      if (!info.subtitles().isEmpty()) {
        s[StreamType.SUBTITLE.ordinal()] = new In(i, StreamType.SUBTITLE);
      }
      sources[i] = s;
    }
  }

  /** The source of {@code type} of node {@code node}, or null. */
  private Src source(int node, StreamType type) {
    Src[] s = sources[node];
    return s == null ? null : s[type.ordinal()];
  }

  /** A hash map capacity that holds {@code n} entries without resizing. */
  static int capacity(int n) {
    return (int) (n / 0.75f) + 1;
  }

  /** Adds operation {@code index}'s compiled fragment. */
  void add(int index, FilterFragment fragment) {
    OperationSpec op = spec.operations().get(index);
    Src[] results = new Src[TYPES.length];
    sources[checked.nodeOf(index)] = results;
    Locals locals = new Locals(index, op.output());
    int first = pending.size();
    List<FilterCall> calls = fragment.filters();
    for (int c = 0; c < calls.size(); c++) {
      FilterCall call = calls.get(c);
      List<PadRef> inPads = call.inputs();
      Slot[] ins = new Slot[inPads.size()];
      for (int k = 0; k < ins.length; k++) {
        Src src = resolve(inPads.get(k), op, index, locals);
        if (src == null) {
          dropFrom(first);
          return; // reported; the rest of this fragment cannot be wired
        }
        ins[k] = new Slot(src);
      }
      List<PadRef> outPads = call.outputs();
      Label[] outs = new Label[outPads.size()];
      String[] names = new String[outs.length];
      for (int k = 0; k < outs.length; k++) {
        if (!(outPads.get(k) instanceof PadRef.Local local)) {
          violations.add(
              Violation.of(
                  "operations[" + index + "].op",
                  io.mediaflow.api.ErrorCode.INTERNAL,
                  "operator '"
                      + op.op()
                      + "' writes to an input pad; this is a bug in the operator"));
          dropFrom(first);
          return;
        }
        outs[k] = locals.get(local.name());
        names[k] = outs[k].name();
      }
      // immutable now, so that the graph filter built from it later need not copy it
      pending.add(new Pending(call.name(), call.args(), ins, outs, List.of(names), op.output()));
    }
    for (StreamType type : TYPES) {
      PadRef pad = fragment.results().get(type);
      if (pad == null) {
        continue;
      }
      Src src = resolve(pad, op, index, locals);
      if (src == null) {
        dropFrom(first);
        return;
      }
      results[type.ordinal()] = src;
      if (src instanceof Label label) {
        label.type = type;
      }
    }
    carrySubtitles(index, results);
    for (int i = first; i < pending.size(); i++) {
      Pending p = pending.get(i);
      StreamType type = p.inputs().length == 0 ? null : FusedStreams.typeOf(p.inputs()[0].src);
      for (Label out : p.outputs()) {
        if (type != null && out.type == null) {
          out.type = type;
        }
      }
    }
  }

  /** Forgets the filters of a fragment that cannot be wired, added from {@code first} on. */
  private void dropFrom(int first) {
    pending.subList(first, pending.size()).clear();
  }

  /**
   * Lets the subtitle tracks of an operation's first input follow its result when the operation
   * keeps the timeline (scale, crop, drawtext, volume, ...: the predicted duration is unchanged),
   * so that an output of the result still keeps every track. After one that changes the timeline
   * (trim, concat) they would no longer match the picture, and are left out.
   */
  private void carrySubtitles(int index, Src[] results) {
    int[] reads = checked.operationInputs()[index];
    int subtitle = StreamType.SUBTITLE.ordinal();
    if (results[subtitle] != null || reads.length == 0 || !producesAny(results)) {
      return;
    }
    Src subtitles = source(reads[0], StreamType.SUBTITLE);
    if (subtitles == null) {
      return; // most media has none: no need to look at durations
    }
    MediaInfo before = media[reads[0]];
    MediaInfo after = media[checked.nodeOf(index)];
    if (before != null
        && after != null
        && Math.abs(before.duration().micros() - after.duration().micros()) <= 1000) {
      results[subtitle] = subtitles;
    }
  }

  private Src resolve(PadRef pad, OperationSpec op, int index, Locals locals) {
    if (pad instanceof PadRef.Local local) {
      return locals.get(local.name());
    }
    PadRef.Input in = (PadRef.Input) pad;
    if (in.index() >= op.inputs().size()) {
      violations.add(
          Violation.of(
              "operations[" + index + "].input",
              io.mediaflow.api.ErrorCode.WRONG_ARITY,
              "operator '"
                  + op.op()
                  + "' reads input "
                  + (in.index() + 1)
                  + " but has "
                  + op.inputs().size()));
      return null;
    }
    String from = op.inputs().get(in.index());
    Src src = source(checked.operationInputs()[index][in.index()], in.type());
    if (src == null) {
      String path =
          op.inputs().size() == 1
              ? "operations[" + index + "].input"
              : "operations[" + index + "].input[" + in.index() + "]";
      violations.add(
          PlanBuilder.streamViolation(
              path,
              "operator '"
                  + op.op()
                  + "' needs "
                  + in.type().name().toLowerCase()
                  + " but '"
                  + from
                  + "' has none",
              "give it an input that has " + in.type().name().toLowerCase()));
    }
    return src;
  }

  /** Wires output {@code j}; problems are added to the violations. */
  void output(int j, OutputSpec out, Containers container, String location) {
    String base = "outputs[" + j + "]";
    CodecSpec codec = out.codec();
    int node = checked.outputSources()[j];
    List<Draft> streams = new ArrayList<>();
    boolean image = container.isImage();
    Set<StreamType> wanted = wantedTypes(out);
    if (container.holdsVideo()
        && !"none".equals(codec.video())
        && wanted.contains(StreamType.VIDEO)) {
      Src v = source(node, StreamType.VIDEO);
      if (v == null) {
        if (codec.video() != null || image) {
          violations.add(
              PlanBuilder.streamViolation(
                  image ? base + ".id" : base + ".codec.video",
                  "'" + out.id() + "' has no video to write to " + out.destination(),
                  "write it to an audio file, or set codec.video to none"));
        }
      } else {
        streams.addAll(map(v, StreamType.VIDEO, out, container, base, image));
      }
    }
    if (container.holdsAudio()
        && !"none".equals(codec.audio())
        && wanted.contains(StreamType.AUDIO)) {
      Src a = source(node, StreamType.AUDIO);
      if (a == null) {
        if (codec.audio() != null || !container.holdsVideo()) {
          violations.add(
              PlanBuilder.streamViolation(
                  container.holdsVideo() ? base + ".codec.audio" : base + ".id",
                  "'" + out.id() + "' has no audio to write to " + out.destination(),
                  "set codec.audio to none, or write a result that has audio"));
        }
      } else {
        streams.addAll(map(a, StreamType.AUDIO, out, container, base, false));
      }
    }
    Src s = source(node, StreamType.SUBTITLE);
    if (s instanceof In in && container.holdsSubtitles() && wanted.contains(StreamType.SUBTITLE)) {
      String subCodec =
          container == Containers.MKV
              ? "copy"
              : container == Containers.WEBM ? "webvtt" : "mov_text";
      List<StreamSelector> selectors = selectors(out, StreamType.SUBTITLE);
      if (selectors.isEmpty()) {
        streams.add(new Draft(StreamType.SUBTITLE, null, in.input() + ":s?", subCodec));
      }
      for (StreamSelector selector : selectors) {
        String spec = selected(in, StreamType.SUBTITLE, selector, out, base);
        if (spec != null) {
          streams.add(new Draft(StreamType.SUBTITLE, null, spec, subCodec));
        }
      }
    }
    if (streams.isEmpty() && violations.stream().noneMatch(v -> v.path().startsWith(base))) {
      violations.add(
          PlanBuilder.streamViolation(
              base,
              "nothing to write: '"
                  + out.id()
                  + "' has no stream "
                  + out.destination()
                  + " can hold",
              "check codec.video, codec.audio, streams and the destination's extension"));
    }
    CodecSpec resolved =
        codec.resolved(
            firstCodec(streams, StreamType.VIDEO),
            firstCodec(streams, StreamType.AUDIO),
            container.id());
    outputs.add(
        new DraftOutput(
            new InvocationOutput(
                base,
                out.id(),
                location,
                container.id(),
                image,
                List.of(),
                resolved,
                out.metadata(),
                out.overwrite()),
            streams));
  }

  /**
   * Discards every stream of {@code nodeId} into FFmpeg's {@code null} muxer: the output of an
   * analysis run, which only measures. Its streams have no codec (the muxer takes raw frames).
   */
  void sink(int node) {
    String nodeId = checked.idOf(node);
    List<Draft> streams = new ArrayList<>();
    for (StreamType type : TYPES) {
      Src src = source(node, type);
      if (src instanceof Label label) {
        Slot slot = new Slot(label);
        mapSlots.add(slot);
        streams.add(new Draft(type, slot, "", ""));
      } else if (src != null && type != StreamType.SUBTITLE) {
        streams.add(new Draft(type, null, ((In) src).specifier(), ""));
      }
    }
    outputs.add(
        new DraftOutput(
            new InvocationOutput(
                "analysis:" + nodeId,
                nodeId,
                "-",
                "null",
                false,
                List.of(),
                CodecSpec.DEFAULT,
                Map.of(),
                true),
            streams));
  }

  private List<Draft> map(
      Src src, StreamType type, OutputSpec out, Containers container, String base, boolean image) {
    CodecSpec codec = out.codec();
    String asked = type == StreamType.VIDEO ? codec.video() : codec.audio();
    String fallback =
        (type == StreamType.VIDEO ? container.defaultVideo() : container.defaultAudio())
            .orElseThrow();
    List<StreamSelector> selectors = selectors(out, type);
    if (src instanceof Label label) {
      if ("copy".equals(asked)) {
        violations.add(
            PlanBuilder.streamViolation(
                codecPath(base, type),
                "cannot copy the "
                    + type.name().toLowerCase()
                    + " of '"
                    + out.id()
                    + "': filters change it",
                "leave codec." + type.name().toLowerCase() + " unset or name a codec"));
        return List.of();
      }
      for (StreamSelector s : selectors) {
        if (s.index() > 0) {
          violations.add(
              PlanBuilder.streamViolation(
                  base + ".streams",
                  "'"
                      + out.id()
                      + "' is filtered and has one "
                      + type.name().toLowerCase()
                      + " track; index "
                      + s.index()
                      + " does not exist",
                  "select index 0, or write an input directly"));
          return List.of();
        }
      }
      Slot slot = new Slot(label);
      mapSlots.add(slot);
      return List.of(new Draft(type, slot, "", asked == null ? fallback : asked));
    }
    In in = (In) src;
    MediaInfo inputInfo = media[in.input()]; // input i is node i
    String probed =
        type == StreamType.VIDEO
            ? inputInfo.primaryVideo().map(v -> v.codec()).orElse("")
            : inputInfo.primaryAudio().map(a -> a.codec()).orElse("");
    boolean accepts =
        type == StreamType.VIDEO ? container.acceptsVideo(probed) : container.acceptsAudio(probed);
    boolean encodingOptions =
        type == StreamType.VIDEO
            ? codec.crf() != null || codec.videoBitrate() != null || codec.preset() != null
            : codec.audioBitrate() != null
                || codec.sampleRate() != null
                || codec.channels() != null;
    String chosen;
    if ("copy".equals(asked)) {
      if (!accepts || image) {
        violations.add(
            PlanBuilder.streamViolation(
                codecPath(base, type),
                "cannot copy "
                    + (probed.isEmpty() ? "this" : probed)
                    + " "
                    + type.name().toLowerCase()
                    + " into a ."
                    + container.id()
                    + " file",
                "name a codec the container takes: "
                    + (type == StreamType.VIDEO
                        ? container.videoCodecs()
                        : container.audioCodecs())));
        return List.of();
      }
      chosen = "copy";
    } else if (asked == null && accepts && !encodingOptions && !image) {
      chosen = "copy"; // nothing touches this stream and the container takes it as it is
    } else {
      chosen = asked == null ? fallback : asked;
    }
    List<Draft> streams = new ArrayList<>();
    String t = type.specifier();
    if (selectors.isEmpty()) {
      streams.add(
          new Draft(
              type, null, image ? in.input() + ":" + t + ":0" : in.input() + ":" + t, chosen));
    }
    for (StreamSelector s : selectors) {
      String spec = selected(in, type, s, out, base);
      if (spec != null) {
        streams.add(new Draft(type, null, spec, chosen));
      }
    }
    return streams;
  }

  /**
   * FFmpeg's stream specifier for the tracks of input {@code in} that {@code s} selects, or null
   * when a language and an index ask for a track the input does not have (reported).
   *
   * <p>FFmpeg cannot combine a language and an index in one specifier ({@code 0:a:m:language:eng:1}
   * reads as the language {@code "eng:1"} and matches nothing), so that case is resolved here
   * against the probed tracks: the n-th track in that language becomes its position among the
   * tracks of its type ({@code 0:a:2}).
   */
  private String selected(In in, StreamType type, StreamSelector s, OutputSpec out, String base) {
    String t = in.input() + ":" + type.specifier();
    if (s.language().isEmpty()) {
      return s.index() >= 0 ? t + ":" + s.index() : t;
    }
    if (s.index() < 0) {
      return t + ":m:language:" + s.language();
    }
    MediaInfo info = media[in.input()];
    List<String> languages =
        switch (type) {
          case VIDEO -> info.video().stream().map(v -> v.language()).toList();
          case AUDIO -> info.audio().stream().map(a -> a.language()).toList();
          case SUBTITLE -> info.subtitles().stream().map(x -> x.language()).toList();
        };
    int seen = 0;
    for (int k = 0; k < languages.size(); k++) {
      if (s.language().equals(languages.get(k)) && seen++ == s.index()) {
        return t + ":" + k;
      }
    }
    String kind = type.name().toLowerCase();
    violations.add(
        PlanBuilder.streamViolation(
            base + ".streams",
            "'"
                + out.id()
                + "' has "
                + seen
                + " "
                + kind
                + " track(s) in language '"
                + s.language()
                + "'; index "
                + s.index()
                + " does not exist",
            "select an index below " + seen + ", or leave index out to keep every match"));
    return null;
  }

  private final List<DraftOutput> outputs = new ArrayList<>();

  /**
   * The final graph: unread filters dropped, splits inserted, labels assigned. Two passes over the
   * filters: backwards to find what is read and count each source's uses, forwards to name the uses
   * and write the graph.
   */
  List<GraphFilter> filters() {
    for (Slot s : mapSlots) {
      ((Label) s.src).needed = true;
    }
    // backwards: the outputs' uses come last, then each kept filter's inputs from the last; uses
    // are collected last to first, and the sources of input files remember their first use
    List<In> inputSources = new ArrayList<>();
    int position = 0; // of a use, counted down: the first use ends up with the lowest
    for (int k = mapSlots.size() - 1; k >= 0; k--) {
      countUse(mapSlots.get(k), position--, inputSources);
    }
    boolean[] keep = new boolean[pending.size()];
    for (int i = pending.size() - 1; i >= 0; i--) {
      Pending p = pending.get(i);
      if (readsAny(p.outputs())) {
        keep[i] = true;
        Slot[] ins = p.inputs();
        for (int k = ins.length - 1; k >= 0; k--) {
          Slot in = ins[k];
          if (in.src instanceof Label l) {
            l.needed = true;
          }
          countUse(in, position--, inputSources);
        }
      }
    }
    // forwards: input files' streams first (split in the order they are first read), then each
    // kept filter followed by the splits of its outputs
    inputSources.sort((a, b) -> Integer.compare(a.firstUse, b.firstUse));
    List<GraphFilter> graph = new ArrayList<>(pending.size() + inputSources.size());
    for (In in : inputSources) {
      GraphFilter split = nameUses(in, in.specifier(), spec);
      if (split != null) {
        graph.add(split);
      }
    }
    List<GraphFilter> sinks = new ArrayList<>();
    for (int i = 0; i < pending.size(); i++) {
      if (!keep[i]) {
        continue;
      }
      Pending p = pending.get(i);
      graph.add(
          new GraphFilter(p.name(), p.args(), labels(p.inputs()), p.outputNames(), p.nodeId()));
      for (Label out : p.outputs()) {
        if (out.uses == null) {
          // a multi-output filter whose other outputs are read: FFmpeg refuses unconnected pads
          StreamType type = out.type == null ? StreamType.VIDEO : out.type;
          sinks.add(
              new GraphFilter(
                  type == StreamType.AUDIO ? "anullsink" : "nullsink",
                  List.of(),
                  List.of(out.name()),
                  List.of(),
                  p.nodeId()));
          continue;
        }
        GraphFilter split = nameUses(out, out.name(), spec);
        if (split != null) {
          graph.add(split);
        }
      }
    }
    graph.addAll(sinks);
    return graph;
  }

  /** The finished outputs; call after {@link #filters()}. */
  List<InvocationOutput> outputs() {
    return outputs.stream().map(DraftOutput::finish).toList();
  }
}
