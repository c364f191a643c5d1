package io.mediaflow.samples.cli;

import io.mediaflow.InstalledTemplate;
import io.mediaflow.MediaFlow;
import io.mediaflow.RegisteredRule;
import io.mediaflow.WorkflowJson;
import io.mediaflow.api.store.StoredWorkflow;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Brings an engine's store in line with an {@link AutomationFile}, so that starting again on the
 * same store is safe: a workflow is registered, updated when it changed, or kept; a rule is
 * registered, updated when it changed (its schedule goes on from its stored slot when its trigger
 * is the same), or kept with its revision; a template is installed once, and kept after that. What
 * the store holds beyond the file is kept and named, never removed behind the user's back.
 */
final class AutomationSetup {

  private AutomationSetup() {}

  /** Applies {@code file} to {@code flow}, one line per entry on {@code out}. */
  static void apply(AutomationFile file, MediaFlow flow, PrintWriter out) {
    Set<String> named = new HashSet<>();
    for (AutomationFile.Entry w : file.workflows()) {
      named.add(w.id());
      out.println(workflow(flow, w));
    }
    for (AutomationFile.Entry r : file.rules()) {
      named.add(r.id());
      out.println(rule(flow, r));
    }
    for (AutomationFile.TemplateUse t : file.templates()) {
      named.add(t.id());
      if (flow.workflows().find(t.id()).isPresent()) {
        out.println("kept template " + quoted(t.name()) + " as " + quoted(t.id()) + " (installed)");
        continue;
      }
      InstalledTemplate installed = flow.templates().install(t.name(), t.params());
      out.println(
          "installed template "
              + quoted(t.name())
              + " as "
              + quoted(t.id())
              + next(installed.rule()));
    }
    List<RegisteredRule> all = flow.rules().list(0, 1000);
    for (RegisteredRule r : all) {
      if (!named.contains(r.id()) && !named.contains(r.rule().workflowId().orElse(""))) {
        out.println(
            "note: rule "
                + quoted(r.id())
                + " is in the store but not in the file; it keeps firing");
      }
    }
    out.flush();
  }

  private static String workflow(MediaFlow flow, AutomationFile.Entry w) {
    Optional<StoredWorkflow> existing = flow.workflows().find(w.id());
    if (existing.isEmpty()) {
      flow.workflows().register(w.json());
      return "registered workflow " + quoted(w.id());
    }
    if (WorkflowJson.parse(existing.get().definition()).equals(WorkflowJson.parse(w.json()))) {
      return "kept workflow " + quoted(w.id()) + " (unchanged)";
    }
    StoredWorkflow saved = flow.workflows().update(w.id(), w.json(), existing.get().revision());
    return "updated workflow " + quoted(w.id()) + " (revision " + saved.revision() + ")";
  }

  private static String rule(MediaFlow flow, AutomationFile.Entry r) {
    Optional<RegisteredRule> existing = flow.rules().get(r.id());
    if (existing.isEmpty()) {
      return "registered rule " + quoted(r.id()) + next(flow.rules().register(r.json()));
    }
    if (existing.get().rule().equals(flow.rules().parse(r.json()))) {
      // saving it again would move its revision for nothing
      return "kept rule " + quoted(r.id()) + " (unchanged)" + next(existing.get());
    }
    RegisteredRule saved = flow.rules().update(r.json(), existing.get().revision());
    return "updated rule " + quoted(r.id()) + " (revision " + saved.revision() + ")" + next(saved);
  }

  private static String next(RegisteredRule r) {
    return r.nextFireTime().map(t -> " (next " + t + ")").orElse("");
  }

  private static String quoted(String id) {
    return "'" + Printable.escape(id) + "'";
  }
}
