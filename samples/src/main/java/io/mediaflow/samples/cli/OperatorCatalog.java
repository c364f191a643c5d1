package io.mediaflow.samples.cli;

import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.ParamSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Renders operator descriptors for people (text) and for tools (JSON). */
final class OperatorCatalog {

  private OperatorCatalog() {}

  static String text(List<Operator> operators) {
    StringBuilder out = new StringBuilder();
    for (Operator operator : operators) {
      OperatorDescriptor d = operator.descriptor();
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(operator.name()).append(" - ").append(d.description()).append('\n');
      out.append("  inputs: ").append(d.arityText());
      out.append(", produces: ")
          .append(d.outputKind().name().toLowerCase(Locale.ROOT))
          .append('\n');
      if (d.params().isEmpty()) {
        out.append("  no parameters\n");
      }
      for (ParamSpec p : d.params()) {
        out.append("  ").append(paramLine(p)).append('\n');
      }
    }
    return out.toString().stripTrailing();
  }

  static String json(List<Operator> operators) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Operator operator : operators) {
      OperatorDescriptor d = operator.descriptor();
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", operator.name());
      entry.put("description", d.description());
      entry.put("minInputs", d.minInputs());
      entry.put("maxInputs", d.maxInputs() == Integer.MAX_VALUE ? null : d.maxInputs());
      entry.put("arity", d.arityText());
      entry.put("produces", d.outputKind().name().toLowerCase(Locale.ROOT));
      entry.put("params", d.params().stream().map(OperatorCatalog::param).toList());
      list.add(entry);
    }
    return Json.write(Map.of("operators", list));
  }

  /**
   * One parameter for people: {@code width (int, required, -2..16384): target width}; the actions'
   * catalogue writes its parameters the same way.
   */
  static String paramLine(ParamSpec p) {
    StringBuilder out = new StringBuilder();
    out.append(p.name()).append(" (").append(p.type().name().toLowerCase(Locale.ROOT));
    out.append(p.required() ? ", required" : ", optional");
    if (p.defaultValue() != null) {
      out.append(", default ").append(display(p.defaultValue()));
    }
    range(p).ifPresent(r -> out.append(", ").append(r));
    if (!p.allowed().isEmpty()) {
      out.append(", one of ").append(String.join("|", p.allowed()));
    }
    if (p.pattern() != null) {
      out.append(", matching ").append(p.pattern().pattern());
    }
    out.append(')');
    if (!p.description().isEmpty()) {
      out.append(": ").append(p.description());
    }
    return out.toString();
  }

  /** One parameter for tools; the actions' catalogue writes its parameters the same way. */
  static Map<String, Object> param(ParamSpec p) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", p.name());
    entry.put("type", p.type().name().toLowerCase(Locale.ROOT));
    entry.put("required", p.required());
    entry.put("default", jsonValue(p.defaultValue()));
    entry.put("min", p.min());
    entry.put("max", p.max());
    entry.put("allowed", p.allowed());
    entry.put("pattern", p.pattern() == null ? null : p.pattern().pattern());
    entry.put("description", p.description());
    return entry;
  }

  /** Durations as seconds, like every other duration in mediaflow's JSON. */
  private static Object jsonValue(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof MediaDuration d) {
      return d.toSeconds();
    }
    if (value instanceof List<?> || value instanceof Map<?, ?>) {
      return value;
    }
    return value.toString();
  }

  private static String display(Object value) {
    return value instanceof MediaDuration d ? d.toFfmpeg() + "s" : String.valueOf(value);
  }

  private static Optional<String> range(ParamSpec p) {
    if (p.min() != null && p.max() != null) {
      return Optional.of(number(p.min()) + ".." + number(p.max()));
    }
    if (p.min() != null) {
      return Optional.of(">= " + number(p.min()));
    }
    if (p.max() != null) {
      return Optional.of("<= " + number(p.max()));
    }
    return Optional.empty();
  }

  private static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
