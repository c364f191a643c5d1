package io.mediaflow.internal.plan;

import io.mediaflow.JobLimits;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.PathResolver;
import io.mediaflow.api.plan.GraphFilter;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationInput;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.PlanEdge;
import io.mediaflow.api.plan.PlanNode;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.InputSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.spec.OperationSpec;
import io.mediaflow.api.spec.OutputSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a checked spec and the probed media of its inputs into a plan: Kahn order and stages, media
 * predicted at every node, estimates, and the fused invocation.
 */
public final class PlanBuilder {

  /** The least media a job may always produce, however short its inputs (a still picture). */
  static final MediaDuration MIN_MEDIA_BOUND = MediaDuration.ofSeconds(60);

  private final CheckedSpec checked;
  private final JobSpec spec;
  private final Map<String, MediaInfo> inputMedia;
  private final Map<String, String> inputLocations;
  private final List<String> outputLocations;
  private final PathResolver paths;
  private final CompileContext[] contexts;
  private final List<MediaInfo>[] operationInputs;
  private final Estimate[] operationEstimates;
  private final JobLimits limits;

  /**
   * @param limits bound the media the plan may produce: no operation's result may be longer than
   *     {@link JobLimits#maxInputs()} times the inputs' total duration (at least one minute)
   */
  public PlanBuilder(
      CheckedSpec checked,
      Map<String, MediaInfo> inputMedia,
      Map<String, String> inputLocations,
      List<String> outputLocations,
      PathResolver paths,
      JobLimits limits) {
    this.checked = checked;
    this.limits = limits;
    this.paths = paths;
    this.spec = checked.spec();
    this.inputMedia = inputMedia;
    this.inputLocations = inputLocations;
    this.outputLocations = outputLocations;
    this.contexts = new CompileContext[spec.operations().size()];
    @SuppressWarnings({"unchecked", "rawtypes"}) // an array of a generic type is made raw
    List<MediaInfo>[] inputs = new List[spec.operations().size()];
    this.operationInputs = inputs;
    this.operationEstimates = new Estimate[spec.operations().size()];
  }

  public ProcessingPlan build() {
    List<InputSpec> inputs = spec.inputs();
    int inputCount = inputs.size();
    int nodeCount = inputCount + spec.operations().size() + spec.outputs().size();
    // by node number (CheckedSpec): no job-wide map keyed by id
    MediaInfo[] media = new MediaInfo[checked.nodeCount()];
    int[] stageOf = new int[checked.nodeCount()];
    List<PlanNode> nodes = new ArrayList<>(nodeCount);
    List<PlanEdge> edges = new ArrayList<>(nodeCount);
    List<List<String>> stages = new ArrayList<>();
    stages.add(new ArrayList<>());
    for (int i = 0; i < inputCount; i++) {
      String id = inputs.get(i).id();
      MediaInfo info = inputMedia.get(id);
      if (info == null) {
        throw new IllegalArgumentException("no probed media info for input '" + id + "'");
      }
      media[i] = info;
      stages.get(0).add(id);
      nodes.add(
          new PlanNode(id, PlanNode.Kind.INPUT, "", "inputs[" + i + "]", 0, info, Estimate.ZERO));
    }
    Estimate total = Estimate.ZERO;
    MediaDuration mostMedia = mostMedia(media, inputCount);
    int[] order = kahnOrder();
    // one pass per operation does everything that operation needs while its data is in the
    // processor's caches: predict, estimate, compile and fuse (separate passes over 10,000
    // operations each went back to main memory for the same objects)
    List<Violation> fusing = new ArrayList<>();
    FilterGraphFuser fuser = new FilterGraphFuser(checked, media, fusing);
    List<Analysis> analyses = new ArrayList<>();
    for (int k = 0; k < order.length; k++) {
      int i = order[k];
      OperationSpec op = spec.operations().get(i);
      Operator operator = checked.operators().get(i);
      Params params = checked.params().get(i);
      List<MediaInfo> in = inputsOf(i, media);
      operationInputs[i] = in; // the compile context reuses it
      int stage = 0;
      for (int from : checked.operationInputs()[i]) {
        stage = Math.max(stage, stageOf[from]);
      }
      stage++;
      MediaInfo out = predict(i, operator, params, in);
      if (out.duration().compareTo(mostMedia) > 0) {
        throw tooMuchMedia(i, out.duration(), mostMedia);
      }
      Estimate estimate = operator.estimate(params, in);
      operationEstimates[i] = estimate; // analysis runs add them up again
      total = total.plus(estimate);
      int node = inputCount + i;
      media[node] = out;
      stageOf[node] = stage;
      while (stages.size() <= stage) {
        stages.add(new ArrayList<>());
      }
      stages.get(stage).add(op.output());
      nodes.add(
          new PlanNode(
              op.output(),
              PlanNode.Kind.OPERATION,
              operator.name(),
              "operations[" + i + "]",
              stage,
              out,
              estimate));
      List<String> reads = op.inputs();
      for (int r = 0; r < reads.size(); r++) {
        edges.add(new PlanEdge(reads.get(r), op.output()));
      }
      CompileContext ctx = context(i, media);
      Optional<FilterFragment> analysis = operator.analysis(params, ctx);
      if (analysis.isPresent()) {
        analyses.add(new Analysis(k, i, analysis.get()));
      }
      fuser.add(i, operator.compile(params, ctx));
    }
    for (int j = 0; j < spec.outputs().size(); j++) {
      OutputSpec out = spec.outputs().get(j);
      int source = checked.outputSources()[j];
      int stage = stageOf[source] + 1;
      while (stages.size() <= stage) {
        stages.add(new ArrayList<>());
      }
      String id = "output:" + j;
      stages.get(stage).add(id);
      MediaInfo info = held(media[source], checked.containers().get(j), out);
      Estimate estimate = Estimates.encode(info, checked.containers().get(j));
      total = total.plus(estimate);
      nodes.add(
          new PlanNode(id, PlanNode.Kind.OUTPUT, "", "outputs[" + j + "]", stage, info, estimate));
      edges.add(new PlanEdge(out.id(), id));
    }

    List<Violation> violations = new ArrayList<>();
    List<InvocationInput> invocationInputs = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      String id = inputs.get(i).id();
      // the probed format travels with the input, so the run reads it with the same demuxer
      invocationInputs.add(
          new InvocationInput(
              i,
              id,
              location(inputLocations.get(id), inputs.get(i).source()),
              media[i].container()));
    }
    List<Invocation> invocations = new ArrayList<>();
    for (Analysis a : analyses) {
      invocations.add(
          analysisRun(
              invocations.size(),
              Arrays.copyOf(order, a.position()),
              a.operation(),
              a.fragment(),
              media,
              invocationInputs,
              violations));
    }
    MediaDuration expected = MediaDuration.ZERO;
    for (int j = 0; j < spec.outputs().size(); j++) {
      OutputSpec out = spec.outputs().get(j);
      String location =
          location(j < outputLocations.size() ? outputLocations.get(j) : null, out.destination());
      fuser.output(j, out, checked.containers().get(j), location);
      expected = expected.max(media[checked.outputSources()[j]].duration());
    }
    violations.addAll(fusing); // after the analysis runs' own, as they come first in the plan
    ValidationException.throwIfAny(violations);
    List<GraphFilter> filters = fuser.filters();
    List<InvocationOutput> outputs = fuser.outputs();
    List<String> nodeIds = nodes.stream().map(PlanNode::id).toList();
    invocations.add(
        new Invocation(
            "inv" + invocations.size(),
            invocationInputs,
            filters,
            outputs,
            expected,
            total,
            nodeIds));
    MediaDuration processed =
        invocations.stream()
            .map(Invocation::expectedDuration)
            .reduce(MediaDuration.ZERO, MediaDuration::plus);
    return new ProcessingPlan(nodes, edges, stages, invocations, total, processed);
  }

  /** An operation's measuring fragment, found at {@code position} of the Kahn order. */
  private record Analysis(int position, int operation, FilterFragment fragment) {}

  /** What an output file will hold: the tracks its container and codec settings keep. */
  private static MediaInfo held(MediaInfo info, Containers container, OutputSpec out) {
    MediaInfo kept = info;
    if (!container.holdsVideo() || "none".equals(out.codec().video())) {
      kept = kept.withVideo(List.of());
    }
    if (!container.holdsAudio() || "none".equals(out.codec().audio())) {
      kept = kept.withAudio(List.of());
    }
    return container.isImage() ? kept.withDuration(MediaDuration.ZERO) : kept;
  }

  private static String location(String resolved, String raw) {
    if (resolved != null) {
      return resolved;
    }
    return raw.startsWith("file:") ? raw.substring("file:".length()) : raw;
  }

  private CompileContext context(int i, MediaInfo[] media) {
    OperationSpec op = spec.operations().get(i);
    CompileContext cached = contexts[i];
    if (cached != null) {
      return cached;
    }
    List<MediaInfo> in = operationInputs[i] != null ? operationInputs[i] : inputsOf(i, media);
    CompileContext ctx = new CompileContext(in, media[checked.nodeOf(i)], op.output(), paths);
    contexts[i] = ctx;
    return ctx;
  }

  /**
   * A measuring run for operation {@code i}: everything it depends on, then its analysis filters,
   * every result discarded. Filters nothing needs are pruned by the fuser.
   */
  private Invocation analysisRun(
      int number,
      int[] before,
      int i,
      FilterFragment analysis,
      MediaInfo[] media,
      List<InvocationInput> inputs,
      List<Violation> violations) {
    FilterGraphFuser fuser = new FilterGraphFuser(checked, media, violations);
    for (int j : before) {
      fuser.add(j, checked.operators().get(j).compile(checked.params().get(j), context(j, media)));
    }
    OperationSpec op = spec.operations().get(i);
    fuser.add(i, analysis);
    fuser.sink(checked.nodeOf(i));
    List<GraphFilter> filters = fuser.filters();
    MediaDuration length = MediaDuration.ZERO;
    for (int from : checked.operationInputs()[i]) {
      length = length.max(media[from].duration());
    }
    List<String> nodeIds = new ArrayList<>();
    for (int j : before) {
      nodeIds.add(spec.operations().get(j).output());
    }
    nodeIds.add(op.output());
    // it decodes and filters what the operations before it do, then measures: their cost without
    // any encoding, so that progress can weigh it against the encoding run
    Estimate cost = Estimate.ZERO;
    for (int j : before) {
      cost = cost.plus(operationEstimates[j]);
    }
    cost = cost.plus(operationEstimates[i]);
    return new Invocation(
        "inv" + number,
        inputs,
        filters,
        fuser.outputs(),
        length,
        cost,
        nodeIds,
        Invocation.Purpose.ANALYSIS);
  }

  private List<MediaInfo> inputsOf(int operation, MediaInfo[] media) {
    int[] from = checked.operationInputs()[operation];
    if (from.length == 1) {
      return List.of(media[from[0]]);
    }
    MediaInfo[] in = new MediaInfo[from.length];
    for (int k = 0; k < in.length; k++) {
      in[k] = media[from[k]];
    }
    return List.of(in);
  }

  /** Operation indexes in Kahn order; ties keep the spec's order. */
  private int[] kahnOrder() {
    int n = spec.operations().size();
    int inputCount = checked.inputCount();
    int[][] reads = checked.operationInputs();
    // who reads each operation, as one array sliced by offsets (CSR): no map, no list per node
    int[] indegree = new int[n];
    int[] start = new int[n + 1];
    for (int[] from : reads) {
      for (int node : from) {
        if (node >= inputCount) {
          start[node - inputCount + 1]++;
        }
      }
    }
    for (int k = 0; k < n; k++) {
      start[k + 1] += start[k];
    }
    int[] readers = new int[start[n]];
    int[] fill = Arrays.copyOf(start, n);
    for (int i = 0; i < n; i++) {
      for (int node : reads[i]) {
        if (node >= inputCount) {
          indegree[i]++;
          readers[fill[node - inputCount]++] = i;
        }
      }
    }
    int[] order = new int[n]; // doubles as the FIFO queue of ready operations
    int tail = 0;
    for (int i = 0; i < n; i++) {
      if (indegree[i] == 0) {
        order[tail++] = i;
      }
    }
    for (int head = 0; head < tail; head++) {
      int i = order[head];
      for (int k = start[i]; k < start[i + 1]; k++) {
        int c = readers[k];
        if (--indegree[c] == 0) {
          order[tail++] = c;
        }
      }
    }
    if (tail != n) {
      throw new IllegalStateException("a cycle passed validation; this is a bug");
    }
    return order;
  }

  /**
   * The longest result any operation may have. Operations that join their inputs end to end
   * (concat) can replay one input many times over: a few nested concats of 64 copies each stay
   * inside every count limit yet ask FFmpeg for centuries of media (and its {@code split} buffers
   * what it cannot pass on yet, in memory). Bounding each result by the media of {@code maxInputs}
   * copies of every input closes that without knowing which operators concatenate.
   */
  private MediaDuration mostMedia(MediaInfo[] media, int inputCount) {
    long total = 0;
    for (int i = 0; i < inputCount; i++) {
      total = saturatedAdd(total, media[i].duration().micros());
    }
    long floor = MIN_MEDIA_BOUND.micros(); // still pictures have no duration of their own
    long bound = Math.max(total, floor);
    long most =
        bound > MediaDuration.MAX.micros() / limits.maxInputs()
            ? MediaDuration.MAX.micros()
            : bound * limits.maxInputs();
    return MediaDuration.ofMicros(most);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /** The operator's prediction of its result; one that overflows is a result too long to plan. */
  private MediaInfo predict(int i, Operator operator, Params params, List<MediaInfo> in) {
    MediaInfo out;
    try {
      out = operator.outputMetadata(params, in);
    } catch (ArithmeticException overflow) {
      throw tooMuchMedia(i, MediaDuration.MAX, MediaDuration.MAX);
    }
    if (out == null) {
      throw new NullPointerException(
          "operator '" + operator.name() + "' returned no output metadata");
    }
    return out;
  }

  private ValidationException tooMuchMedia(int i, MediaDuration length, MediaDuration most) {
    return new ValidationException(
        new Violation(
            "operations[" + i + "]",
            ErrorCode.JOB_TOO_LARGE,
            "operation '"
                + spec.operations().get(i).output()
                + "' would produce "
                + (length.equals(MediaDuration.MAX) ? "more media than can be counted" : length)
                + ", more than the "
                + most
                + " a job may produce ("
                + limits.maxInputs()
                + " times its inputs)",
            "replay the input fewer times (concat), or raise the limit (--max-inputs on the"
                + " command line, MediaFlow.Builder.jobLimits in Java)"));
  }

  /** Violations found while fusing are plan-time checks of streams against probed media. */
  static Violation streamViolation(String path, String message, String suggestion) {
    return new Violation(path, ErrorCode.INCOMPATIBLE_STREAM, message, suggestion);
  }
}
