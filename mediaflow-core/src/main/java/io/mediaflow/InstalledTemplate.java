package io.mediaflow;

import io.mediaflow.api.store.StoredWorkflow;
import java.util.Objects;

/**
 * What {@link ShippedTemplates#install} registered: the workflow, and the rule its trigger node
 * carries.
 *
 * @param template the shipped template's name
 * @param workflow the workflow registered, under the {@code id} parameter
 * @param rule the rule registered with it (same id), which fires the workflow's runs
 */
public record InstalledTemplate(String template, StoredWorkflow workflow, RegisteredRule rule) {

  /** Checks that every part is given. */
  public InstalledTemplate {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(rule, "rule");
  }
}
