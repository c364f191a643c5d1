package io.mediaflow.internal.rule;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.rule.RuleAction;
import io.mediaflow.api.rule.RuleErrors;
import io.mediaflow.api.store.LimitedRequest;
import io.mediaflow.api.store.StoredWorkflow;
import io.mediaflow.api.workflow.Workflow;
import io.mediaflow.internal.workflow.run.WorkflowRunner;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Turns a rule's firing into the job of its run: a {@code workflow} job running the rule's inline
 * actions (a linear workflow) or the latest revision of its workflow, with the trigger's data as
 * the run's input, the rule's priority, and the rule's concurrency limit.
 */
public final class RuleRuns {

  private final Function<String, Optional<StoredWorkflow>> workflows;
  private final ToIntFunction<Rule> maxAttempts;

  /**
   * @param workflows the registered workflows, by id
   * @param maxAttempts the attempts a rule's run gets (its retry policy's, else the engine's)
   */
  public RuleRuns(
      Function<String, Optional<StoredWorkflow>> workflows, ToIntFunction<Rule> maxAttempts) {
    this.workflows = workflows;
    this.maxAttempts = maxAttempts;
  }

  /** The workflow document of a rule's inline actions: trigger, then each action in order. */
  public static String inlineDefinition(Rule rule, Function<Workflow, String> writer) {
    Workflow.Builder b = Workflow.builder(rule.id()).name(rule.name()).trigger("trigger");
    List<RuleAction> actions = rule.actions();
    String[] chain = new String[actions.size() + 1];
    chain[0] = "trigger";
    for (int i = 0; i < actions.size(); i++) {
      chain[i + 1] = "action" + (i + 1);
      b.action(chain[i + 1], actions.get(i).type()).params(actions.get(i).params());
    }
    return writer.apply(b.chain(chain).build());
  }

  /**
   * A batch of firings shares one look-up of each workflow: a tick that fires 10,000 slots of one
   * workflow's rules reads it once.
   */
  public final class Batch {
    private final Map<String, StoredWorkflow> seen = new HashMap<>();

    /**
     * The limited request of one firing.
     *
     * @param trigger the trigger's data (the run's {@code ${trigger.*}})
     * @param idempotencyKey a key that makes the firing once-only (a slot, an event id); empty for
     *     none
     * @throws MediaFlowException {@code WORKFLOW_NOT_FOUND} when the rule's workflow is gone
     */
    public LimitedRequest request(
        LoadedRule loaded, Map<String, Object> trigger, String idempotencyKey) {
      Rule rule = loaded.rule();
      String definition;
      int revision;
      // history finds the run by the rule's name and by its workflow's (JobQuery.withText)
      String name = rule.name();
      if (loaded.inlineDefinition().isPresent()) {
        definition = loaded.inlineDefinition().get();
        revision = loaded.revision();
      } else {
        String wf = rule.workflowId().orElseThrow();
        StoredWorkflow w =
            seen.computeIfAbsent(
                wf,
                id ->
                    workflows
                        .apply(id)
                        .orElseThrow(
                            () ->
                                new MediaFlowException(
                                    RuleErrors.RULE_NOT_FOUND,
                                    "rule '"
                                        + rule.id()
                                        + "' runs workflow '"
                                        + id
                                        + "', which is not registered",
                                    "register the workflow again, or update the rule")));
        definition = w.definition();
        revision = w.revision();
        name = name.isEmpty() || w.name().isEmpty() ? name + w.name() : name + " / " + w.name();
      }
      Map<String, Object> input = new LinkedHashMap<>(rule.inputs());
      input.putAll(trigger);
      String payload = WorkflowRunner.payload(definition, revision, input, false);
      JobRequest request =
          JobRequest.of(WorkflowRunner.TYPE, payload)
              .withPriority(rule.settings().priority())
              .withMaxAttempts(maxAttempts.applyAsInt(rule))
              .withIdempotencyKey(idempotencyKey)
              .withRuleId(loaded.jobRuleId())
              .withRuleName(name);
      return new LimitedRequest(
          request, rule.id(), rule.settings().maxConcurrent(), rule.settings().overlap());
    }
  }

  /** A new batch. */
  public Batch batch() {
    return new Batch();
  }
}
