package io.mediaflow;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.operator.PathResolver;
import io.mediaflow.api.workflow.Workflow;
import io.mediaflow.internal.condition.ConditionTypes;
import io.mediaflow.internal.spec.JobSpecReader;
import io.mediaflow.internal.workflow.WorkflowReader;
import io.mediaflow.internal.workflow.WorkflowValidator;
import io.mediaflow.internal.workflow.WorkflowWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The JSON form of a {@link Workflow}: the public, versioned format described in {@code
 * docs/workflows.md} and {@code docs/workflow.schema.json}.
 *
 * <p>Reading is strict, as for job specs: an unknown field, a missing required field, a value of
 * the wrong JSON type, a bad duration ({@code "30m"}) or instant are errors, and every problem of
 * the document is reported at once in one {@link ValidationException}, each {@link Violation} with
 * its JSON path ({@code nodes[3].timeout}). {@link #validate} also checks what the workflow means:
 * its graph, its actions and their parameters.
 *
 * {@snippet :
 * Workflow workflow = WorkflowJson.parse(json);
 * String canonical = WorkflowJson.write(workflow); // WorkflowJson.parse(canonical) equals workflow
 * List<Violation> problems = WorkflowJson.validate(json, actions, workspace); // empty: fine
 * }
 */
public final class WorkflowJson {

  private WorkflowJson() {}

  /**
   * Reads a workflow from JSON text, checking its shape (not its graph or its actions: {@link
   * #validate} does).
   *
   * @throws ValidationException listing every problem, each with its JSON path: {@code
   *     MALFORMED_JSON} (with line and column), {@code UNKNOWN_FIELD}, {@code MISSING_FIELD},
   *     {@code WRONG_TYPE}, {@code OUT_OF_RANGE}, {@code INVALID_VALUE} or {@code
   *     UNSUPPORTED_VERSION}
   */
  public static Workflow parse(String json) {
    return WorkflowReader.reading(json).orThrow();
  }

  /**
   * Reads a workflow from a UTF-8 JSON file.
   *
   * @throws MediaFlowException {@code INPUT_NOT_FOUND} when the file does not exist, {@code
   *     INPUT_UNREADABLE} when it cannot be read or is not UTF-8 text
   * @throws ValidationException as {@link #parse}
   */
  public static Workflow read(Path file) {
    return parse(JobSpecReader.text(file, "workflow"));
  }

  /**
   * Writes a workflow as pretty-printed JSON with a stable field order, leaving out every field
   * that has its default value. {@code parse(write(workflow))} equals {@code workflow} when every
   * value is a string, a boolean, an {@code Integer}, a {@code Long}, a {@code Double}, {@code
   * null}, or a list or map of those, and no retry policy lists retryable codes (the JSON form has
   * none).
   *
   * @throws ValidationException with {@code WRONG_TYPE} when a value has no JSON form
   */
  public static String write(Workflow workflow) {
    return WorkflowWriter.write(workflow);
  }

  /**
   * Every problem of a workflow document, its shape and then its meaning, each with its JSON path
   * and a suggestion: the graph (one trigger, no cycle, no dangling edge or unknown port, every
   * node reachable, merges that can complete, loops with a body), the error nodes named, and each
   * action node against the action's declared parameters, files under the workspace's rule.
   * Template values ({@code ${...}}) are checked when the node runs. Empty when the workflow may be
   * registered.
   *
   * @param json the document
   * @param actions the actions nodes may call
   * @param workspace which files parameters may name
   */
  public static List<Violation> validate(String json, ActionRegistry actions, Workspace workspace) {
    WorkflowValidator validator = validator(actions, workspace);
    return WorkflowReader.reading(json).problems(validator::validate);
  }

  /**
   * As {@link #validate(String, ActionRegistry, Workspace)}, with an engine's condition types and
   * its rule for files and the locations of its storages.
   */
  static List<Violation> validate(
      String json, ActionRegistry actions, PathResolver paths, ConditionTypes types) {
    WorkflowValidator validator =
        new WorkflowValidator(actions::find, paths, WorkflowValidator.Limits.DEFAULTS, types);
    return WorkflowReader.reading(json).problems(validator::validate);
  }

  /**
   * Every problem of a workflow's meaning, as {@link #validate(String, ActionRegistry, Workspace)}.
   */
  public static List<Violation> validate(
      Workflow workflow, ActionRegistry actions, Workspace workspace) {
    Objects.requireNonNull(workflow, "workflow");
    return validator(actions, workspace).validate(workflow);
  }

  private static WorkflowValidator validator(ActionRegistry actions, Workspace workspace) {
    Objects.requireNonNull(actions, "actions");
    Objects.requireNonNull(workspace, "workspace");
    return new WorkflowValidator(
        actions::find, workspace::resolveFile, WorkflowValidator.Limits.DEFAULTS);
  }
}
