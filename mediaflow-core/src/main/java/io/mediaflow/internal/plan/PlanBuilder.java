package io.mediaflow.internal.plan;

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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a checked spec and the probed media of its inputs into a plan: Kahn order and stages, media
 * predicted at every node, estimates, and the fused invocation.
 */
public final class PlanBuilder {

  private final CheckedSpec checked;
  private final JobSpec spec;
  private final Map<String, MediaInfo> inputMedia;
  private final Map<String, String> inputLocations;
  private final List<String> outputLocations;
  private final CompileContext[] contexts;
  private final List<MediaInfo>[] operationInputs;
  private final Estimate[] operationEstimates;

  public PlanBuilder(
      CheckedSpec checked,
      Map<String, MediaInfo> inputMedia,
      Map<String, String> inputLocations,
      List<String> outputLocations) {
    this.checked = checked;
    this.spec = checked.spec();
    this.inputMedia = inputMedia;
    this.inputLocations = inputLocations;
    this.outputLocations = outputLocations;
    this.contexts = new CompileContext[spec.operations().size()];
    @SuppressWarnings("unchecked")
    List<MediaInfo>[] inputs = new List[spec.operations().size()];
    this.operationInputs = inputs;
    this.operationEstimates = new Estimate[spec.operations().size()];
  }

  public ProcessingPlan build() {
    List<InputSpec> inputs = spec.inputs();
    int nodeCount = inputs.size() + spec.operations().size() + spec.outputs().size();
    Map<String, MediaInfo> media = new HashMap<>(FilterGraphFuser.capacity(nodeCount));
    Map<String, Integer> stageOf = new HashMap<>(FilterGraphFuser.capacity(nodeCount));
    List<PlanNode> nodes = new ArrayList<>(nodeCount);
    List<PlanEdge> edges = new ArrayList<>(nodeCount);
    List<List<String>> stages = new ArrayList<>();
    stages.add(new ArrayList<>());
    for (int i = 0; i < inputs.size(); i++) {
      String id = inputs.get(i).id();
      MediaInfo info = inputMedia.get(id);
      if (info == null) {
        throw new IllegalArgumentException("no probed media info for input '" + id + "'");
      }
      media.put(id, info);
      stageOf.put(id, 0);
      stages.get(0).add(id);
      nodes.add(
          new PlanNode(id, PlanNode.Kind.INPUT, "", "inputs[" + i + "]", 0, info, Estimate.ZERO));
    }
    Estimate total = Estimate.ZERO;
    List<Integer> order = kahnOrder();
    for (int i : order) {
      OperationSpec op = spec.operations().get(i);
      Operator operator = checked.operators().get(i);
      Params params = checked.params().get(i);
      List<MediaInfo> in = inputsOf(op, media);
      operationInputs[i] = in; // the compile context reuses it
      int stage = 0;
      for (String from : op.inputs()) {
        stage = Math.max(stage, stageOf.get(from));
      }
      stage++;
      MediaInfo out =
          Objects.requireNonNull(
              operator.outputMetadata(params, in),
              () -> "operator '" + operator.name() + "' returned no output metadata");
      Estimate estimate = operator.estimate(params, in);
      operationEstimates[i] = estimate; // analysis runs add them up again
      total = total.plus(estimate);
      media.put(op.output(), out);
      stageOf.put(op.output(), stage);
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
      for (String from : op.inputs()) {
        edges.add(new PlanEdge(from, op.output()));
      }
    }
    for (int j = 0; j < spec.outputs().size(); j++) {
      OutputSpec out = spec.outputs().get(j);
      int stage = stageOf.get(out.id()) + 1;
      while (stages.size() <= stage) {
        stages.add(new ArrayList<>());
      }
      String id = "output:" + j;
      stages.get(stage).add(id);
      MediaInfo info = held(media.get(out.id()), checked.containers().get(j), out);
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
      invocationInputs.add(
          new InvocationInput(i, id, location(inputLocations.get(id), inputs.get(i).source())));
    }
    List<Invocation> invocations = new ArrayList<>();
    for (int k = 0; k < order.size(); k++) {
      int i = order.get(k);
      OperationSpec op = spec.operations().get(i);
      Operator operator = checked.operators().get(i);
      CompileContext ctx = context(i, media);
      Optional<FilterFragment> analysis = operator.analysis(checked.params().get(i), ctx);
      if (analysis.isPresent()) {
        invocations.add(
            analysisRun(
                invocations.size(),
                order.subList(0, k),
                i,
                analysis.get(),
                media,
                invocationInputs,
                violations));
      }
    }
    FilterGraphFuser fuser = new FilterGraphFuser(spec, media, violations);
    for (int i : order) {
      fuser.add(i, checked.operators().get(i).compile(checked.params().get(i), context(i, media)));
    }
    MediaDuration expected = MediaDuration.ZERO;
    for (int j = 0; j < spec.outputs().size(); j++) {
      OutputSpec out = spec.outputs().get(j);
      String location =
          location(j < outputLocations.size() ? outputLocations.get(j) : null, out.destination());
      fuser.output(j, out, checked.containers().get(j), location);
      expected = expected.max(media.get(out.id()).duration());
    }
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

  private CompileContext context(int i, Map<String, MediaInfo> media) {
    OperationSpec op = spec.operations().get(i);
    CompileContext cached = contexts[i];
    if (cached != null) {
      return cached;
    }
    List<MediaInfo> in = operationInputs[i] != null ? operationInputs[i] : inputsOf(op, media);
    CompileContext ctx = new CompileContext(in, media.get(op.output()), op.output());
    contexts[i] = ctx;
    return ctx;
  }

  /**
   * A measuring run for operation {@code i}: everything it depends on, then its analysis filters,
   * every result discarded. Filters nothing needs are pruned by the fuser.
   */
  private Invocation analysisRun(
      int number,
      List<Integer> before,
      int i,
      FilterFragment analysis,
      Map<String, MediaInfo> media,
      List<InvocationInput> inputs,
      List<Violation> violations) {
    FilterGraphFuser fuser = new FilterGraphFuser(spec, media, violations);
    for (int j : before) {
      fuser.add(j, checked.operators().get(j).compile(checked.params().get(j), context(j, media)));
    }
    OperationSpec op = spec.operations().get(i);
    fuser.add(i, analysis);
    fuser.sink(op.output());
    List<GraphFilter> filters = fuser.filters();
    MediaDuration length =
        op.inputs().stream()
            .map(id -> media.get(id).duration())
            .reduce(MediaDuration.ZERO, MediaDuration::max);
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

  private static List<MediaInfo> inputsOf(OperationSpec op, Map<String, MediaInfo> media) {
    List<String> ids = op.inputs();
    if (ids.size() == 1) {
      return List.of(media.get(ids.get(0)));
    }
    MediaInfo[] in = new MediaInfo[ids.size()];
    for (int k = 0; k < in.length; k++) {
      in[k] = media.get(ids.get(k));
    }
    return List.of(in);
  }

  /** Operation indexes in Kahn order; ties keep the spec's order. */
  private List<Integer> kahnOrder() {
    List<OperationSpec> ops = spec.operations();
    int n = ops.size();
    int[] indegree = new int[n];
    Map<String, List<Integer>> consumers = new HashMap<>(FilterGraphFuser.capacity(n));
    for (int i = 0; i < n; i++) {
      for (String in : ops.get(i).inputs()) {
        if (checked.operationByResult().containsKey(in)) {
          indegree[i]++;
          consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
        }
      }
    }
    ArrayDeque<Integer> ready = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      if (indegree[i] == 0) {
        ready.add(i);
      }
    }
    List<Integer> order = new ArrayList<>(n);
    while (!ready.isEmpty()) {
      int i = ready.poll();
      order.add(i);
      for (int c : consumers.getOrDefault(ops.get(i).output(), List.of())) {
        if (--indegree[c] == 0) {
          ready.add(c);
        }
      }
    }
    if (order.size() != n) {
      throw new IllegalStateException("a cycle passed validation; this is a bug");
    }
    return order;
  }

  /** Violations found while fusing are plan-time checks of streams against probed media. */
  static Violation streamViolation(String path, String message, String suggestion) {
    return new Violation(path, ErrorCode.INCOMPATIBLE_STREAM, message, suggestion);
  }
}
