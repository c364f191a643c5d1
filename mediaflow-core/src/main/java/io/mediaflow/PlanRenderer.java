package io.mediaflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.plan.GraphFilter;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationInput;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.OutputStream;
import io.mediaflow.api.plan.PlanEdge;
import io.mediaflow.api.plan.PlanNode;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.internal.media.MediaInfoJson;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Shows a plan before it runs: as JSON (with each invocation's full argument list under {@code
 * args}) and as a Mermaid flowchart of nodes, stages and invocations.
 */
public final class PlanRenderer {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PlanRenderer() {}

  /**
   * The plan as JSON. Top level: {@code estimate}, {@code expectedDurationSeconds}, {@code stages},
   * {@code nodes}, {@code edges} and {@code invocations}, one per media-tool run, each with its
   * {@code args}.
   *
   * @param arguments renders an invocation's argument list, usually {@code backend::arguments}
   */
  public static String json(ProcessingPlan plan, Function<Invocation, List<String>> arguments) {
    return write(tree(plan, arguments, inv -> List.of()));
  }

  /**
   * The plan as JSON, each invocation with the {@code args} and the {@code notes} ({@link
   * MediaBackend#notes}: which encoder was chosen and why) of {@code backend}.
   */
  public static String json(ProcessingPlan plan, MediaBackend backend) {
    Objects.requireNonNull(backend, "backend");
    return write(tree(plan, backend::arguments, backend::notes));
  }

  /** The plan as {@link #json} has it (notes included), on one line: what a job's store keeps. */
  static String compact(ProcessingPlan plan, MediaBackend backend) {
    return tree(plan, backend::arguments, backend::notes).toString();
  }

  /** The plan as a JSON tree; {@link #json} writes it. */
  static ObjectNode tree(ProcessingPlan plan, Function<Invocation, List<String>> arguments) {
    return tree(plan, arguments, inv -> List.of());
  }

  private static ObjectNode tree(
      ProcessingPlan plan,
      Function<Invocation, List<String>> arguments,
      Function<Invocation, List<String>> notes) {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(arguments, "arguments");
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 1);
    root.put("expectedDurationSeconds", plan.expectedDuration().toSeconds());
    root.set("estimate", estimate(plan.estimate()));
    ArrayNode stages = root.putArray("stages");
    plan.stages().forEach(s -> s.forEach(stages.addArray()::add));
    ArrayNode nodes = root.putArray("nodes");
    for (PlanNode n : plan.nodes()) {
      ObjectNode o = nodes.addObject();
      o.put("id", n.id());
      o.put("kind", n.kind().name().toLowerCase(Locale.ROOT));
      if (!n.operator().isEmpty()) {
        o.put("operator", n.operator());
      }
      o.put("specPath", n.specPath());
      o.put("stage", n.stage());
      o.set("media", MediaInfoJson.toTree(n.media()));
      o.set("estimate", estimate(n.estimate()));
    }
    ArrayNode edges = root.putArray("edges");
    for (PlanEdge e : plan.edges()) {
      edges.addObject().put("from", e.from()).put("to", e.to());
    }
    ArrayNode invocations = root.putArray("invocations");
    for (Invocation inv : plan.invocations()) {
      ObjectNode o = invocation(inv, arguments);
      List<String> why = notes.apply(inv);
      if (!why.isEmpty()) {
        why.forEach(o.putArray("notes")::add);
      }
      invocations.add(o);
    }
    return root;
  }

  private static ObjectNode invocation(
      Invocation inv, Function<Invocation, List<String>> arguments) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", inv.id());
    o.put("expectedDurationSeconds", inv.expectedDuration().toSeconds());
    ArrayNode nodes = o.putArray("nodes");
    inv.nodeIds().forEach(nodes::add);
    ArrayNode inputs = o.putArray("inputs");
    for (InvocationInput in : inv.inputs()) {
      inputs
          .addObject()
          .put("index", in.index())
          .put("input", in.inputId())
          .put("location", in.location());
    }
    ArrayNode filters = o.putArray("filters");
    for (GraphFilter f : inv.filters()) {
      ObjectNode fo = filters.addObject();
      fo.put("filter", f.name());
      fo.put("node", f.nodeId());
      ArrayNode args = fo.putArray("args");
      for (FilterArg a : f.args()) {
        ObjectNode ao = args.addObject();
        if (a.key() != null) {
          ao.put("key", a.key());
        }
        ao.put("value", a.value());
      }
      ArrayNode fi = fo.putArray("inputs");
      f.inputs().forEach(fi::add);
      ArrayNode fout = fo.putArray("outputs");
      f.outputs().forEach(fout::add);
    }
    ArrayNode outputs = o.putArray("outputs");
    for (InvocationOutput out : inv.outputs()) {
      ObjectNode oo = outputs.addObject();
      oo.put("output", out.outputId());
      oo.put("node", out.nodeId());
      oo.put("location", out.location());
      oo.put("container", out.container());
      oo.put("stillImage", out.stillImage());
      ArrayNode streams = oo.putArray("streams");
      for (OutputStream s : out.streams()) {
        streams
            .addObject()
            .put("type", s.type().name().toLowerCase(Locale.ROOT))
            .put("source", s.source())
            .put("codec", s.codec())
            .put("filtered", s.filtered());
      }
      ObjectNode meta = oo.putObject("metadata");
      out.metadata().forEach(meta::put);
    }
    ArrayNode args = o.putArray("args");
    arguments.apply(inv).forEach(args::add);
    return o;
  }

  private static ObjectNode estimate(Estimate e) {
    ObjectNode o = JSON.createObjectNode();
    o.put("cpuSeconds", round(e.cpuSeconds()));
    o.put("memoryBytes", e.memoryBytes());
    o.put("diskBytes", e.diskBytes());
    o.put("wallSeconds", round(e.wallSeconds()));
    return o;
  }

  private static double round(double d) {
    return Math.round(d * 1000.0) / 1000.0;
  }

  private static String write(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a plan tree could not be written as JSON", e);
    }
  }

  /**
   * The plan as a Mermaid flowchart: one box per node (inputs, operations, outputs) labelled with
   * its media, grouped by invocation, edges in data-flow order, and a comment per stage.
   */
  public static String mermaid(ProcessingPlan plan) {
    Objects.requireNonNull(plan, "plan");
    Map<String, String> ids = new HashMap<>();
    Map<String, PlanNode> byId = new HashMap<>();
    for (int i = 0; i < plan.nodes().size(); i++) {
      ids.put(plan.nodes().get(i).id(), "n" + i);
      byId.put(plan.nodes().get(i).id(), plan.nodes().get(i));
    }
    StringBuilder out = new StringBuilder("flowchart LR\n");
    for (int s = 0; s < plan.stages().size(); s++) {
      out.append("  %% stage ").append(s).append(": ");
      out.append(String.join(", ", plan.stages().get(s).stream().map(PlanRenderer::safe).toList()));
      out.append('\n');
    }
    for (Invocation inv : plan.invocations()) {
      out.append("  subgraph ")
          .append(inv.id())
          .append("[\"")
          .append(safe(inv.id() + ": one ffmpeg run, " + inv.outputs().size() + " output(s)"))
          .append("\"]\n");
      for (String nodeId : inv.nodeIds()) {
        PlanNode n = byId.get(nodeId);
        out.append("    ").append(ids.get(nodeId)).append(shape(n)).append('\n');
      }
      out.append("  end\n");
    }
    for (PlanEdge e : plan.edges()) {
      out.append("  ")
          .append(ids.get(e.from()))
          .append(" --> ")
          .append(ids.get(e.to()))
          .append('\n');
    }
    return out.toString();
  }

  private static String shape(PlanNode n) {
    String media = describe(n);
    return switch (n.kind()) {
      case INPUT -> "[/\"" + safe(n.id()) + "<br/>" + media + "\"/]";
      case OPERATION -> "[\"" + safe(n.id() + " = " + n.operator()) + "<br/>" + media + "\"]";
      case OUTPUT -> "[(\"" + safe(n.specPath()) + "<br/>" + media + "\")]";
    };
  }

  private static String describe(PlanNode n) {
    StringBuilder s = new StringBuilder();
    n.media()
        .primaryVideo()
        .ifPresent(v -> s.append(v.width()).append('x').append(v.height()).append(' '));
    if (n.media().hasAudio()) {
      s.append("audio ");
    }
    s.append(n.media().isStillImage() ? "image" : n.media().duration().toFfmpeg() + "s");
    return safe(s.toString());
  }

  /** Mermaid labels cannot hold quotes or markup from user text. */
  private static String safe(String text) {
    StringBuilder b = new StringBuilder();
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> b.append("#quot;");
        case '<' -> b.append("#lt;");
        case '>' -> b.append("#gt;");
        case '\n', '\r' -> b.append(' ');
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
