package io.mediaflow.internal.plan;

import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.operator.FilterCall;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.PadRef;
import io.mediaflow.api.plan.GraphFilter;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.OutputStream;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.spec.OperationSpec;
import io.mediaflow.api.spec.OutputSpec;
import io.mediaflow.api.spec.StreamSelector;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuses every operator's fragment into one filter graph with unique labels, decides for each output
 * stream whether it comes from the graph or straight from an input (and then whether it can be
 * copied), drops filters whose results nobody reads, and inserts {@code split} / {@code asplit}
 * wherever one stream feeds several consumers.
 */
final class FilterGraphFuser {

  /**
   * Where a stream comes from: an input file's stream, or a label in the graph. There is one
   * instance per stream of a fuser (compared by identity), which carries its own bookkeeping: a job
   * of 10,000 operations then needs no job-wide maps keyed by label names, whose look-ups dominated
   * the planner's time once its working set outgrew the processor's caches.
   */
  private abstract static sealed class Src permits In, Label {
    /** Its uses once {@link #filters} counted them: null, one {@link Slot}, or a list of them. */
    Object uses;
  }

  private static final class In extends Src {
    private final int input;
    private final StreamType type;

    In(int input, StreamType type) {
      this.input = input;
      this.type = type;
    }

    int input() {
      return input;
    }

    StreamType type() {
      return type;
    }

    String specifier() {
      return input + ":" + type.specifier() + ":0";
    }
  }

  private static final class Label extends Src {
    private final String name;
    private final String nodeId;
    StreamType type; // what flows through it, when known
    boolean needed; // read by a kept filter or an output
    List<GraphFilter> splitsAfter; // the split that fans it out, once counted

    Label(String name, String nodeId) {
      this.name = name;
      this.nodeId = nodeId;
    }

    String name() {
      return name;
    }
  }

  /** One use of a source; its final label is known only once every use is counted. */
  private static final class Slot {
    final Src src;
    String value;

    Slot(Src src) {
      this.src = src;
    }
  }

  private record Pending(
      String name,
      List<FilterArg> args,
      List<Slot> inputs,
      List<Label> outputs,
      List<String> outputNames,
      String nodeId) {}

  private final JobSpec spec;
  private final Map<String, MediaInfo> media;
  private final List<Violation> violations;
  private final Map<String, Map<StreamType, Src>> sources;
  private final Map<String, Integer> inputIndex;
  private final List<Pending> pending;
  private final List<Slot> mapSlots = new ArrayList<>();

  FilterGraphFuser(JobSpec spec, Map<String, MediaInfo> media, List<Violation> violations) {
    this.spec = spec;
    this.media = media;
    this.violations = violations;
    // sized once for the whole job: growing maps of thousands of labels rehashes them repeatedly
    int ops = spec.operations().size();
    int nodes = ops + spec.inputs().size();
    this.sources = new HashMap<>(capacity(nodes));
    this.inputIndex = new HashMap<>(capacity(spec.inputs().size()));
    this.pending = new ArrayList<>(2 * ops);
    for (int i = 0; i < spec.inputs().size(); i++) {
      String id = spec.inputs().get(i).id();
      inputIndex.put(id, i);
      MediaInfo info = media.get(id);
      Map<StreamType, Src> s = new EnumMap<>(StreamType.class);
      if (info.hasVideo()) {
        s.put(StreamType.VIDEO, new In(i, StreamType.VIDEO));
      }
      if (info.hasAudio()) {
        s.put(StreamType.AUDIO, new In(i, StreamType.AUDIO));
      }
      if (!info.subtitles().isEmpty()) {
        s.put(StreamType.SUBTITLE, new In(i, StreamType.SUBTITLE));
      }
      sources.put(id, s);
    }
  }

  /** A hash map capacity that holds {@code n} entries without resizing. */
  static int capacity(int n) {
    return (int) (n / 0.75f) + 1;
  }

  /** Adds operation {@code index}'s compiled fragment. */
  void add(int index, FilterFragment fragment) {
    OperationSpec op = spec.operations().get(index);
    String prefix = "o" + index + "_";
    Map<StreamType, Src> results = new EnumMap<>(StreamType.class);
    sources.put(op.output(), results);
    // this operation's labels by local name: one instance each, for its writer and its readers
    Map<String, Label> locals = new HashMap<>();
    List<Pending> mine = new ArrayList<>();
    for (FilterCall call : fragment.filters()) {
      List<Slot> ins = new ArrayList<>();
      for (PadRef pad : call.inputs()) {
        Src src = resolve(pad, op, index, prefix, locals);
        if (src == null) {
          return; // reported; the rest of this fragment cannot be wired
        }
        ins.add(new Slot(src));
      }
      List<Label> outs = new ArrayList<>();
      for (PadRef pad : call.outputs()) {
        if (!(pad instanceof PadRef.Local local)) {
          violations.add(
              Violation.of(
                  "operations[" + index + "].op",
                  io.mediaflow.api.ErrorCode.INTERNAL,
                  "operator '"
                      + op.op()
                      + "' writes to an input pad; this is a bug in the operator"));
          return;
        }
        outs.add(local(locals, prefix, local.name(), op.output()));
      }
      String[] names = new String[outs.size()];
      for (int k = 0; k < names.length; k++) {
        names[k] = outs.get(k).name();
      }
      // immutable now, so that the graph filter built from it later need not copy it
      mine.add(
          new Pending(
              call.name(), call.args(), ins, List.copyOf(outs), List.of(names), op.output()));
    }
    for (Map.Entry<StreamType, PadRef> e : fragment.results().entrySet()) {
      Src src = resolve(e.getValue(), op, index, prefix, locals);
      if (src == null) {
        return;
      }
      results.put(e.getKey(), src);
      if (src instanceof Label label) {
        label.type = e.getKey();
      }
    }
    carrySubtitles(op, results);
    for (Pending p : mine) {
      StreamType first = p.inputs().isEmpty() ? null : typeOf(p.inputs().get(0).src);
      for (Label out : p.outputs()) {
        if (first != null && out.type == null) {
          out.type = first;
        }
      }
    }
    pending.addAll(mine);
  }

  /**
   * Lets the subtitle tracks of an operation's first input follow its result when the operation
   * keeps the timeline (scale, crop, drawtext, volume, ...: the predicted duration is unchanged),
   * so that an output of the result still keeps every track. After one that changes the timeline
   * (trim, concat) they would no longer match the picture, and are left out.
   */
  private void carrySubtitles(OperationSpec op, Map<StreamType, Src> results) {
    if (results.containsKey(StreamType.SUBTITLE) || results.isEmpty() || op.inputs().isEmpty()) {
      return;
    }
    String from = op.inputs().get(0);
    Src subtitles = sources.getOrDefault(from, Map.of()).get(StreamType.SUBTITLE);
    if (subtitles == null) {
      return; // most media has none: no need to look at durations
    }
    MediaInfo before = media.get(from);
    MediaInfo after = media.get(op.output());
    if (before != null
        && after != null
        && Math.abs(before.duration().micros() - after.duration().micros()) <= 1000) {
      results.put(StreamType.SUBTITLE, subtitles);
    }
  }

  private static Label local(Map<String, Label> locals, String prefix, String name, String node) {
    Label label = locals.get(name);
    if (label == null) {
      label = new Label(prefix + name, node);
      locals.put(name, label);
    }
    return label;
  }

  private Src resolve(
      PadRef pad, OperationSpec op, int index, String prefix, Map<String, Label> locals) {
    if (pad instanceof PadRef.Local local) {
      return local(locals, prefix, local.name(), op.output());
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
    Src src = sources.getOrDefault(from, Map.of()).get(in.type());
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

  private StreamType typeOf(Src src) {
    return src instanceof In in ? in.type() : ((Label) src).type;
  }

  /** Wires output {@code j}; problems are added to the violations. */
  void output(int j, OutputSpec out, Containers container, String location) {
    String base = "outputs[" + j + "]";
    CodecSpec codec = out.codec();
    Map<StreamType, Src> src = sources.getOrDefault(out.id(), Map.of());
    MediaInfo info = media.get(out.id());
    List<Draft> streams = new ArrayList<>();
    boolean image = container.isImage();
    Set<StreamType> wanted = wantedTypes(out);
    if (container.holdsVideo()
        && !"none".equals(codec.video())
        && wanted.contains(StreamType.VIDEO)) {
      Src v = src.get(StreamType.VIDEO);
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
      Src a = src.get(StreamType.AUDIO);
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
    Src s = src.get(StreamType.SUBTITLE);
    if (s instanceof In in && container.holdsSubtitles() && wanted.contains(StreamType.SUBTITLE)) {
      String subCodec =
          container == Containers.MKV
              ? "copy"
              : container == Containers.WEBM ? "webvtt" : "mov_text";
      List<StreamSelector> selectors =
          out.streams().stream().filter(x -> x.type() == StreamType.SUBTITLE).toList();
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
        new CodecSpec(
            streams.stream()
                .filter(x -> x.type() == StreamType.VIDEO)
                .map(Draft::codec)
                .findFirst()
                .orElse("none"),
            streams.stream()
                .filter(x -> x.type() == StreamType.AUDIO)
                .map(Draft::codec)
                .findFirst()
                .orElse("none"),
            codec.crf(),
            codec.videoBitrate(),
            codec.audioBitrate(),
            codec.preset(),
            codec.sampleRate(),
            codec.channels(),
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
  void sink(String nodeId) {
    List<Draft> streams = new ArrayList<>();
    for (Map.Entry<StreamType, Src> e : sources.getOrDefault(nodeId, Map.of()).entrySet()) {
      if (e.getValue() instanceof Label label) {
        Slot slot = new Slot(label);
        mapSlots.add(slot);
        streams.add(new Draft(e.getKey(), slot, "", ""));
      } else if (e.getKey() != StreamType.SUBTITLE) {
        streams.add(new Draft(e.getKey(), null, ((In) e.getValue()).specifier(), ""));
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

  private static Set<StreamType> wantedTypes(OutputSpec out) {
    if (out.streams().isEmpty()) {
      return Set.of(StreamType.VIDEO, StreamType.AUDIO, StreamType.SUBTITLE);
    }
    Set<StreamType> types = new HashSet<>();
    out.streams().forEach(s -> types.add(s.type()));
    return types;
  }

  private List<Draft> map(
      Src src, StreamType type, OutputSpec out, Containers container, String base, boolean image) {
    CodecSpec codec = out.codec();
    String asked = type == StreamType.VIDEO ? codec.video() : codec.audio();
    String codecPath = base + ".codec." + type.name().toLowerCase();
    String fallback =
        (type == StreamType.VIDEO ? container.defaultVideo() : container.defaultAudio())
            .orElseThrow();
    List<StreamSelector> selectors = out.streams().stream().filter(s -> s.type() == type).toList();
    if (src instanceof Label label) {
      if ("copy".equals(asked)) {
        violations.add(
            PlanBuilder.streamViolation(
                codecPath,
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
    MediaInfo inputInfo = media.get(spec.inputs().get(in.input()).id());
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
                codecPath,
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
    MediaInfo info = media.get(spec.inputs().get(in.input()).id());
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

  /** An output track; a filtered one gets its label once splits are known. */
  private record Draft(StreamType type, Slot slot, String source, String codec) {
    OutputStream finish() {
      return slot == null
          ? new OutputStream(type, source, codec, false)
          : new OutputStream(type, slot.value, codec, true);
    }
  }

  /** An output waiting for its labels. */
  private record DraftOutput(InvocationOutput template, List<Draft> streams) {
    InvocationOutput finish() {
      InvocationOutput t = template;
      return new InvocationOutput(
          t.outputId(),
          t.nodeId(),
          t.location(),
          t.container(),
          t.stillImage(),
          streams.stream().map(Draft::finish).toList(),
          t.codec(),
          t.metadata(),
          t.overwrite());
    }
  }

  private final List<DraftOutput> outputs = new ArrayList<>();

  /** The final graph: unread filters dropped, splits inserted, labels assigned. */
  List<GraphFilter> filters() {
    for (Slot s : mapSlots) {
      ((Label) s.src).needed = true;
    }
    boolean[] keep = new boolean[pending.size()];
    for (int i = pending.size() - 1; i >= 0; i--) {
      Pending p = pending.get(i);
      if (readsAny(p.outputs())) {
        keep[i] = true;
        for (Slot in : p.inputs()) {
          if (in.src instanceof Label l) {
            l.needed = true;
          }
        }
      }
    }
    // most sources are read once: a lone Slot until a second use turns it into a list
    List<Src> used = new ArrayList<>(pending.size() + mapSlots.size());
    for (int i = 0; i < pending.size(); i++) {
      if (keep[i]) {
        for (Slot in : pending.get(i).inputs()) {
          addUse(used, in);
        }
      }
    }
    for (Slot s : mapSlots) {
      addUse(used, s);
    }
    List<GraphFilter> inputSplits = new ArrayList<>();
    for (Src src : used) {
      String label = src instanceof In in ? in.specifier() : ((Label) src).name();
      if (src.uses instanceof Slot only) {
        only.value = label;
        continue;
      }
      @SuppressWarnings("unchecked")
      List<Slot> slots = (List<Slot>) src.uses;
      String stem = src instanceof In in ? "i" + in.input() + in.type().specifier() : label;
      List<String> outs = new ArrayList<>();
      for (int k = 0; k < slots.size(); k++) {
        String out = stem + "_s" + k;
        slots.get(k).value = out;
        outs.add(out);
      }
      StreamType type = typeOf(src);
      GraphFilter split =
          new GraphFilter(
              type == StreamType.AUDIO ? "asplit" : "split",
              List.of(FilterArg.positional(slots.size())),
              List.of(label),
              outs,
              src instanceof In in ? spec.inputs().get(in.input()).id() : ((Label) src).nodeId);
      if (src instanceof Label l) {
        if (l.splitsAfter == null) {
          l.splitsAfter = new ArrayList<>(1);
        }
        l.splitsAfter.add(split);
      } else {
        inputSplits.add(split);
      }
    }
    List<GraphFilter> graph = new ArrayList<>(inputSplits);
    List<GraphFilter> sinks = new ArrayList<>();
    for (int i = 0; i < pending.size(); i++) {
      if (!keep[i]) {
        continue;
      }
      Pending p = pending.get(i);
      graph.add(
          new GraphFilter(p.name(), p.args(), labels(p.inputs()), p.outputNames(), p.nodeId()));
      for (Label out : p.outputs()) {
        if (out.splitsAfter != null) {
          graph.addAll(out.splitsAfter);
        }
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
        }
      }
    }
    graph.addAll(sinks);
    return graph;
  }

  /** Counts a use of its source, remembering the order in which sources were first used. */
  private static void addUse(List<Src> used, Slot slot) {
    Src src = slot.src;
    Object seen = src.uses;
    if (seen == null) {
      src.uses = slot;
      used.add(src);
    } else if (seen instanceof Slot first) {
      List<Slot> both = new ArrayList<>(4);
      both.add(first);
      both.add(slot);
      src.uses = both;
    } else {
      @SuppressWarnings("unchecked")
      List<Slot> more = (List<Slot>) seen;
      more.add(slot);
    }
  }

  private static boolean readsAny(List<Label> outputs) {
    for (Label out : outputs) {
      if (out.needed) {
        return true;
      }
    }
    return false;
  }

  private static List<String> labels(List<Slot> slots) {
    String[] values = new String[slots.size()];
    for (int k = 0; k < values.length; k++) {
      values[k] = slots.get(k).value;
    }
    return List.of(values);
  }

  /** The finished outputs; call after {@link #filters()}. */
  List<InvocationOutput> outputs() {
    return outputs.stream().map(DraftOutput::finish).toList();
  }
}
