package io.mediaflow.api.rule;

import io.mediaflow.api.condition.Condition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A trigger, an optional condition and what to run: inline {@link #actions()} (a linear workflow)
 * or a registered {@link #workflowId()} with {@link #inputs()}; and its {@link #settings()}.
 *
 * {@snippet :
 * Rule rule = Rule.builder("nightly-archive")
 *     .name("Archive old downloads")
 *     .trigger(CronTrigger.of("0 3 * * *", CronSyntax.UNIX, ZoneId.of("Europe/Paris")))
 *     .action("media.move", Map.of("source", "${trigger.path}", "destination", "archive/"))
 *     .settings(RuleSettings.DEFAULTS.withPriority(3))
 *     .build();
 * }
 *
 * <p>Exactly one of {@code actions} and {@code workflowId} is given ({@code flow.rules()} says
 * {@link RuleErrors#RULE_TARGET} otherwise). The condition is tested on the trigger's data when the
 * rule fires; a firing it rejects runs nothing and counts as skipped.
 *
 * @param id 1 to 128 characters of {@code A-Z a-z 0-9 . _ : -}, chosen by the host
 * @param name for people; may be empty
 * @param description for people; may be empty
 * @param enabled a disabled rule never fires
 * @param trigger what makes it fire
 * @param condition tested on the trigger's data; empty passes
 * @param actions the inline actions, in order; empty when a workflow runs
 * @param workflowId the registered workflow to run (its latest revision when the rule fires)
 * @param inputs data given to the workflow's run beside the trigger's ({@code ${trigger.<name>}})
 * @param settings how runs are run
 */
public record Rule(
    String id,
    String name,
    String description,
    boolean enabled,
    Trigger trigger,
    Optional<Condition> condition,
    List<RuleAction> actions,
    Optional<String> workflowId,
    Map<String, Object> inputs,
    RuleSettings settings) {

  public Rule {
    Objects.requireNonNull(id, "id");
    name = name == null ? "" : name;
    description = description == null ? "" : description;
    Objects.requireNonNull(trigger, "trigger");
    condition = condition == null ? Optional.empty() : condition;
    actions = actions == null ? List.of() : List.copyOf(actions);
    workflowId = workflowId == null ? Optional.empty() : workflowId;
    inputs = inputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    settings = settings == null ? RuleSettings.DEFAULTS : settings;
  }

  /** A builder for a rule of this id. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** This rule enabled or disabled. */
  public Rule withEnabled(boolean value) {
    return new Rule(
        id, name, description, value, trigger, condition, actions, workflowId, inputs, settings);
  }

  /** Builds a {@link Rule}; {@link #build()} checks only what the record does. */
  public static final class Builder {
    private final String id;
    private String name = "";
    private String description = "";
    private boolean enabled = true;
    private Trigger trigger;
    private Condition condition;
    private final List<RuleAction> actions = new ArrayList<>();
    private String workflowId;
    private final Map<String, Object> inputs = new LinkedHashMap<>();
    private RuleSettings settings = RuleSettings.DEFAULTS;

    private Builder(String id) {
      this.id = Objects.requireNonNull(id, "id");
    }

    public Builder name(String value) {
      name = value;
      return this;
    }

    public Builder description(String value) {
      description = value;
      return this;
    }

    public Builder enabled(boolean value) {
      enabled = value;
      return this;
    }

    public Builder trigger(Trigger value) {
      trigger = Objects.requireNonNull(value, "trigger");
      return this;
    }

    /** Fires on events of this type or pattern. */
    public Builder onEvent(String pattern) {
      return trigger(EventTrigger.on(pattern));
    }

    /** Fires at the times of a Unix cron expression in UTC. */
    public Builder cron(String expression) {
      return trigger(CronTrigger.unix(expression));
    }

    public Builder condition(Condition value) {
      condition = value;
      return this;
    }

    /** Adds an inline action, run after those added before it. */
    public Builder action(String type, Map<String, ?> params) {
      actions.add(RuleAction.of(type, params));
      return this;
    }

    /** Runs this registered workflow instead of inline actions. */
    public Builder workflow(String value) {
      workflowId = Objects.requireNonNull(value, "workflowId");
      return this;
    }

    /** Data the workflow's run gets beside the trigger's. */
    public Builder input(String key, Object value) {
      inputs.put(Objects.requireNonNull(key, "key"), value);
      return this;
    }

    public Builder settings(RuleSettings value) {
      settings = Objects.requireNonNull(value, "settings");
      return this;
    }

    public Rule build() {
      return new Rule(
          id,
          name,
          description,
          enabled,
          trigger,
          Optional.ofNullable(condition),
          actions,
          Optional.ofNullable(workflowId),
          inputs,
          settings);
    }
  }
}
