package io.mediaflow;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.rule.RuleErrors;
import io.mediaflow.api.rule.ShippedTemplate;
import io.mediaflow.api.store.StoredWorkflow;
import io.mediaflow.internal.Suggestions;
import io.mediaflow.internal.shipped.TemplateArguments;
import io.mediaflow.internal.shipped.TemplateCatalog;
import io.mediaflow.internal.shipped.TemplateFill;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The shipped templates: ready-made automations (a workflow and the rule that fires it) with
 * declared parameters, installed with one call ({@code docs/shipped-templates.md}). They are not
 * the string templates {@code {{...}}} of {@code docs/templates.md}.
 *
 * {@snippet :
 * InstalledTemplate podcasts =
 *     flow.templates().install("convert-to-podcast", Map.of("minDuration", 2700));
 * }
 */
public final class ShippedTemplates {

  private static final TemplateCatalog CATALOG = TemplateCatalog.load();

  private final Workflows workflows;
  private final Rules rules;
  private final Function<String, List<Violation>> validator;

  ShippedTemplates(Workflows workflows, Rules rules, Function<String, List<Violation>> validator) {
    this.workflows = workflows;
    this.rules = rules;
    this.validator = validator;
  }

  /** Every shipped template, with its parameters ({@code id} first). */
  public List<ShippedTemplate> list() {
    return CATALOG.all().stream().map(TemplateCatalog.Entry::template).toList();
  }

  /** The shipped template of that name. */
  public Optional<ShippedTemplate> get(String name) {
    Objects.requireNonNull(name, "name");
    return CATALOG.find(name).map(TemplateCatalog.Entry::template);
  }

  /**
   * Every problem of installing {@code name} with {@code params}, each at {@code params.<name>} (or
   * at the workflow's JSON path for what only the filled workflow shows); empty when it may be
   * installed.
   */
  public List<Violation> validate(String name, Map<String, ?> params) {
    Objects.requireNonNull(params, "params");
    TemplateCatalog.Entry entry = entry(name);
    TemplateArguments.Checked checked = TemplateArguments.check(entry, params);
    if (!checked.problems().isEmpty()) {
      return checked.problems();
    }
    List<Violation> problems = new ArrayList<>(taken(checked.values().get("id").toString()));
    if (problems.isEmpty()) {
      problems.addAll(validator.apply(TemplateFill.fill(entry.workflow(), checked.values())));
    }
    return List.copyOf(problems);
  }

  /**
   * Checks the parameters, fills them in, and registers the template's workflow with its rule under
   * the {@code id} parameter (by default the template's name); the rule fires from then on.
   *
   * @param name a shipped template's name ({@link #list()})
   * @param params its parameters by name; those not given take their defaults
   * @throws MediaFlowException {@code TEMPLATE_NOT_FOUND} for an unknown name
   * @throws ValidationException every problem of the parameters, at {@code params.<name>}: {@code
   *     UNKNOWN_FIELD}, {@code MISSING_FIELD}, {@code WRONG_TYPE}, {@code OUT_OF_RANGE}, {@code
   *     INVALID_VALUE}, {@code INVALID_CRON}, {@code DUPLICATE_ID} (the id is taken)
   */
  public InstalledTemplate install(String name, Map<String, ?> params) {
    Objects.requireNonNull(params, "params");
    TemplateCatalog.Entry entry = entry(name);
    TemplateArguments.Checked checked = TemplateArguments.check(entry, params);
    ValidationException.throwIfAny(checked.problems());
    String id = checked.values().get("id").toString();
    ValidationException.throwIfAny(taken(id));
    StoredWorkflow workflow =
        workflows.register(TemplateFill.fill(entry.workflow(), checked.values()));
    RegisteredRule rule = rules.get(id).orElseThrow();
    return new InstalledTemplate(name, workflow, rule);
  }

  private List<Violation> taken(String id) {
    if (workflows.find(id).isEmpty() && rules.get(id).isEmpty()) {
      return List.of();
    }
    return List.of(
        new Violation(
            "params.id",
            ErrorCode.DUPLICATE_ID,
            "a workflow or rule '" + id + "' is registered already",
            "give another id (\"id\": \"" + id + "-2\") or remove the one registered"));
  }

  private static TemplateCatalog.Entry entry(String name) {
    Objects.requireNonNull(name, "name");
    return CATALOG
        .find(name)
        .orElseThrow(
            () -> {
              List<String> names = CATALOG.all().stream().map(e -> e.template().name()).toList();
              return new MediaFlowException(
                  RuleErrors.TEMPLATE_NOT_FOUND,
                  "no shipped template '" + name + "'; there are " + String.join(", ", names),
                  Suggestions.closest(name, names)
                      .map(n -> "did you mean '" + n + "'?")
                      .orElse("flow.templates().list() lists them"));
            });
  }
}
