package io.mediaflow.internal.plan;

import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.plan.GraphFilter;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.OutputStream;
import io.mediaflow.api.spec.JobSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The streams {@link FilterGraphFuser} wires, and the bookkeeping each carries: where a stream
 * comes from ({@link Src}: an input file's stream or a label in the graph), each use of it ({@link
 * Slot}), the filters and outputs waiting for their final labels ({@link Pending}, {@link
 * DraftOutput}). They hold their own mutable state, compared by identity, instead of job-wide maps
 * keyed by label names: that is what keeps the planner fast on large jobs (see {@link Src}).
 */
final class FusedStreams {

  private FusedStreams() {}

  /**
   * Where a stream comes from: an input file's stream, or a label in the graph. There is one
   * instance per stream of a fuser (compared by identity), which carries its own bookkeeping: a job
   * of 10,000 operations then needs no job-wide maps keyed by label names, whose look-ups dominated
   * the planner's time once its working set outgrew the processor's caches.
   */
  abstract static sealed class Src permits In, Label {
    /** Its uses once {@link #filters} counted them: null, one {@link Slot}, or a list of them. */
    Object uses;
  }

  static final class In extends Src {
    final int input;
    final StreamType type;
    int firstUse; // where it is first read, to split input streams in that order

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

  static final class Label extends Src {
    final String name;
    final String local; // its name in its operator's fragment
    final String nodeId;
    StreamType type; // what flows through it, when known
    boolean needed; // read by a kept filter or an output

    Label(String name, String local, String nodeId) {
      this.name = name;
      this.local = local;
      this.nodeId = nodeId;
    }

    String name() {
      return name;
    }
  }

  /** One use of a source; its final label is known only once every use is counted. */
  static final class Slot {
    final Src src;
    String value;

    Slot(Src src) {
      this.src = src;
    }

    /**
     * Its final label. A label no filter writes (an operator's mistake) gets none while the graph
     * is written; it keeps its own name, so that FFmpeg names the bad pad.
     */
    String label() {
      if (value != null) {
        return value;
      }
      return src instanceof Label l ? l.name() : ((In) src).specifier();
    }
  }

  record Pending(
      String name,
      List<FilterArg> args,
      Slot[] inputs,
      Label[] outputs,
      List<String> outputNames,
      String nodeId) {}

  /**
   * One operation's labels by local name, one instance each for its writer and its readers. A
   * fragment has a few: a scan of a short array beats a hash map.
   */
  static final class Locals {
    final int operation;
    final String nodeId;
    Label[] labels = new Label[4];
    int size;

    Locals(int operation, String nodeId) {
      this.operation = operation;
      this.nodeId = nodeId;
    }

    Label get(String local) {
      for (int k = 0; k < size; k++) {
        if (labels[k].local.equals(local)) {
          return labels[k];
        }
      }
      if (size == labels.length) {
        labels = Arrays.copyOf(labels, size * 2);
      }
      Label label = new Label("o" + operation + "_" + local, local, nodeId);
      labels[size++] = label;
      return label;
    }
  }

  /** An output track; a filtered one gets its label once splits are known. */
  record Draft(StreamType type, Slot slot, String source, String codec) {
    OutputStream finish() {
      return slot == null
          ? new OutputStream(type, source, codec, false)
          : new OutputStream(type, slot.label(), codec, true);
    }
  }

  /** An output waiting for its labels. */
  record DraftOutput(InvocationOutput template, List<Draft> streams) {
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

  /**
   * Counts a use of its source. Called last use first: a second use turns the lone {@link Slot}
   * into a list, which therefore holds the uses in reverse.
   */
  static void countUse(Slot slot, int position, List<In> inputSources) {
    Src src = slot.src;
    Object seen = src.uses;
    if (seen == null) {
      src.uses = slot;
      if (src instanceof In in) {
        inputSources.add(in);
      }
    } else if (seen instanceof Slot later) {
      List<Slot> both = new ArrayList<>(4);
      both.add(later);
      both.add(slot);
      src.uses = both;
    } else {
      @SuppressWarnings("unchecked")
      List<Slot> more = (List<Slot>) seen;
      more.add(slot);
    }
    if (src instanceof In in) {
      in.firstUse = position;
    }
  }

  static boolean readsAny(Label[] outputs) {
    for (Label out : outputs) {
      if (out.needed) {
        return true;
      }
    }
    return false;
  }

  static List<String> labels(Slot[] slots) {
    String[] values = new String[slots.length];
    for (int k = 0; k < values.length; k++) {
      values[k] = slots[k].label();
    }
    return List.of(values);
  }

  static boolean producesAny(Src[] results) {
    for (Src r : results) {
      if (r != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Gives each use of {@code src} its label: the source's own when it is read once, else one output
   * of a split, numbered in the order of the uses; returns that split, or null. {@code spec} names
   * the input a split of an input file's stream belongs to.
   */
  static GraphFilter nameUses(Src src, String label, JobSpec spec) {
    if (src.uses instanceof Slot only) {
      only.value = label;
      return null;
    }
    @SuppressWarnings("unchecked")
    List<Slot> reversed = (List<Slot>) src.uses;
    int n = reversed.size();
    String stem = src instanceof In in ? "i" + in.input() + in.type().specifier() : label;
    String[] outs = new String[n];
    for (int k = 0; k < n; k++) {
      outs[k] = stem + "_s" + k;
      reversed.get(n - 1 - k).value = outs[k];
    }
    StreamType type = typeOf(src);
    return new GraphFilter(
        type == StreamType.AUDIO ? "asplit" : "split",
        List.of(FilterArg.positional(n)),
        List.of(label),
        List.of(outs),
        src instanceof In in ? spec.inputs().get(in.input()).id() : ((Label) src).nodeId);
  }

  static StreamType typeOf(Src src) {
    return src instanceof In in ? in.type() : ((Label) src).type;
  }
}
