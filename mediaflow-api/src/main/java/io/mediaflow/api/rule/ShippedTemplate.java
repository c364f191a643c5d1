package io.mediaflow.api.rule;

import java.util.List;
import java.util.Objects;

/**
 * A ready-made automation that comes with mediaflow: a workflow and the rule that fires it, with
 * declared parameters, installed by {@code flow.templates().install(name, params)} ({@code
 * docs/shipped-templates.md}). Not to be confused with string templates ({@code {{trigger.title}}},
 * {@code docs/templates.md}), which a shipped template's workflow uses like any other.
 *
 * @param name the name to install it by, such as {@code convert-to-podcast}
 * @param title a short title for people
 * @param description what it does
 * @param category a group for people: {@code download}, {@code conversion}, {@code organisation}
 * @param parameters what install takes, in the order they are documented
 */
public record ShippedTemplate(
    String name,
    String title,
    String description,
    String category,
    List<TemplateParameter> parameters) {

  /** Copies the parameter list. */
  public ShippedTemplate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(category, "category");
    parameters = List.copyOf(parameters);
  }
}
