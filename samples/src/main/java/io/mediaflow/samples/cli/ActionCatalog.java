package io.mediaflow.samples.cli;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.operator.ParamSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders action descriptors for people (text) and for tools (JSON). */
final class ActionCatalog {

  private ActionCatalog() {}

  static String text(List<Action> actions) {
    StringBuilder out = new StringBuilder();
    for (Action action : actions) {
      ActionDescriptor d = action.descriptor();
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(d.name()).append(" - ").append(d.description());
      if (!d.category().isEmpty()) {
        out.append(" [").append(d.category()).append(']');
      }
      out.append('\n');
      out.append("  test run: ").append(dryRunText(d.dryRun())).append('\n');
      if (d.params().isEmpty()) {
        out.append("  no parameters\n");
      } else {
        out.append("  parameters:\n");
      }
      for (ParamSpec p : d.params()) {
        out.append("    ").append(OperatorCatalog.paramLine(p)).append('\n');
      }
      if (!d.outputs().isEmpty()) {
        out.append("  outputs:\n");
      }
      for (ActionOutput o : d.outputs()) {
        out.append("    ").append(o.name());
        if (!o.description().isEmpty()) {
          out.append(": ").append(o.description());
        }
        out.append('\n');
      }
      if (!d.errors().isEmpty()) {
        out.append("  errors:\n");
      }
      for (ErrorCode e : d.errors()) {
        out.append("    ")
            .append(e.code())
            .append(" (")
            .append(e.category().name().toLowerCase(Locale.ROOT))
            .append(e.retryable() ? ", retryable" : "")
            .append(")\n");
      }
    }
    return out.toString().stripTrailing();
  }

  static String json(List<Action> actions) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Action action : actions) {
      ActionDescriptor d = action.descriptor();
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", d.name());
      entry.put("description", d.description());
      entry.put("category", d.category());
      entry.put("dryRun", d.dryRun().name().toLowerCase(Locale.ROOT));
      entry.put("params", d.params().stream().map(OperatorCatalog::param).toList());
      List<Map<String, Object>> outputs = new ArrayList<>();
      for (ActionOutput o : d.outputs()) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", o.name());
        out.put("description", o.description());
        out.put("placeholder", o.placeholder());
        outputs.add(out);
      }
      entry.put("outputs", outputs);
      List<Map<String, Object>> errors = new ArrayList<>();
      for (ErrorCode e : d.errors()) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", e.code());
        err.put("category", e.category().name().toLowerCase(Locale.ROOT));
        err.put("retryable", e.retryable());
        errors.add(err);
      }
      entry.put("errors", errors);
      list.add(entry);
    }
    return Json.write(Map.of("actions", list));
  }

  private static String dryRunText(DryRun dryRun) {
    return dryRun == DryRun.DESCRIBES_ITSELF
        ? "describes what it would do, touching nothing"
        : "not called; its outputs' placeholders are passed on";
  }
}
