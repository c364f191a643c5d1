package io.mediaflow.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws a stored plan's DAG as SVG: one box per node (its id and its operator or kind), one column
 * per stage, one line per edge. Every text is escaped, so a node id from a spec cannot add markup.
 */
public final class PlanSvg {

  static final int BOX_W = 180;
  static final int BOX_H = 44;
  static final int GAP_X = 60;
  static final int GAP_Y = 20;
  static final int MARGIN = 16;

  private PlanSvg() {}

  private record Box(String id, String label, int x, int y) {}

  /** The SVG of a plan as {@code PlanRenderer.json} writes it ({@code nodes}, {@code edges}). */
  public static String render(JsonNode plan) {
    Map<Integer, List<JsonNode>> byStage = new TreeMap<>();
    for (JsonNode n : plan.path("nodes")) {
      byStage.computeIfAbsent(n.path("stage").asInt(0), s -> new ArrayList<>()).add(n);
    }
    Map<String, Box> boxes = new HashMap<>();
    List<Box> order = new ArrayList<>();
    int column = 0;
    int rows = 0;
    for (List<JsonNode> stage : byStage.values()) {
      int row = 0;
      for (JsonNode n : stage) {
        String id = n.path("id").asText();
        String what = n.path("operator").asText(n.path("kind").asText(""));
        Box b =
            new Box(id, what, MARGIN + column * (BOX_W + GAP_X), MARGIN + row * (BOX_H + GAP_Y));
        boxes.put(id, b);
        order.add(b);
        row++;
      }
      rows = Math.max(rows, row);
      column++;
    }
    int width = Math.max(1, column) * (BOX_W + GAP_X) - GAP_X + 2 * MARGIN;
    int height = Math.max(1, rows) * (BOX_H + GAP_Y) - GAP_Y + 2 * MARGIN;
    StringBuilder svg = new StringBuilder(1024);
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append(
            "\" role=\"img\" aria-label=\"processing plan\" font-family=\"sans-serif\""
                + " font-size=\"12\">\n");
    svg.append(
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\""
            + " markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\""
            + " fill=\"#555\"/></marker></defs>\n");
    for (JsonNode e : plan.path("edges")) {
      Box from = boxes.get(e.path("from").asText());
      Box to = boxes.get(e.path("to").asText());
      if (from == null || to == null) {
        continue;
      }
      svg.append("<line class=\"edge\" x1=\"")
          .append(from.x() + BOX_W)
          .append("\" y1=\"")
          .append(from.y() + BOX_H / 2)
          .append("\" x2=\"")
          .append(to.x())
          .append("\" y2=\"")
          .append(to.y() + BOX_H / 2)
          .append("\" stroke=\"#555\" marker-end=\"url(#arrow)\"/>\n");
    }
    for (Box b : order) {
      svg.append("<g class=\"node\" data-id=\"")
          .append(escape(b.id()))
          .append("\"><rect x=\"")
          .append(b.x())
          .append("\" y=\"")
          .append(b.y())
          .append("\" width=\"")
          .append(BOX_W)
          .append("\" height=\"")
          .append(BOX_H)
          .append("\" rx=\"6\" fill=\"#eef3fb\" stroke=\"#3a6ea5\"/><text x=\"")
          .append(b.x() + 8)
          .append("\" y=\"")
          .append(b.y() + 18)
          .append("\" font-weight=\"bold\">")
          .append(escape(clip(b.id())))
          .append("</text><text x=\"")
          .append(b.x() + 8)
          .append("\" y=\"")
          .append(b.y() + 35)
          .append("\">")
          .append(escape(clip(b.label())))
          .append("</text></g>\n");
    }
    return svg.append("</svg>\n").toString();
  }

  private static String clip(String s) {
    return s.length() <= 24 ? s : s.substring(0, 23) + "…";
  }

  /** Text and attribute values as XML. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c < 0x20 ? ' ' : c);
      }
    }
    return out.toString();
  }
}
