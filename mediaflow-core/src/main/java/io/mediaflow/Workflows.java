package io.mediaflow;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.Page;
import io.mediaflow.api.store.SavedState;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.StoredWorkflow;
import io.mediaflow.api.store.WorkflowStore;
import io.mediaflow.api.workflow.Workflow;
import io.mediaflow.api.workflow.WorkflowErrors;
import io.mediaflow.internal.engine.Engine;
import io.mediaflow.internal.workflow.run.RunState;
import io.mediaflow.internal.workflow.run.WorkflowRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Workflows, from {@link MediaFlow#workflows()}: the definitions registered in the store ({@link
 * io.mediaflow.api.store.Storage#workflows()}), runs of them with input data, test runs (nothing
 * touched), a run's per-node status and the runs of a workflow, cancelling a run with its branches.
 * A run is a job of type {@code workflow} whose rule id is the workflow's id; signal it with {@link
 * MediaFlow#signal} (a paused run goes on at the {@code resume} signal) or by correlation key with
 * {@link #signal}.
 *
 * {@snippet :
 * StoredWorkflow stored = flow.workflows().register(workflowJson); // validated, revision 1
 * JobHandle run = flow.workflows().start("archive", Map.of("url", "https://example.com/a.mp4"));
 * flow.workflows().run(run.id()).ifPresent(r -> r.nodes().forEach(System.out::println));
 * flow.workflows().update("archive", changedJson, stored.revision()); // runs keep their revision
 * }
 *
 * <p>A run carries the definition it started with (and its revision): updating or removing the
 * workflow never changes a run under way.
 */
public final class Workflows {

  private final Engine engine;
  private final Function<String, List<Violation>> validator;
  private final WorkflowRules rules;

  Workflows(Engine engine, Function<String, List<Violation>> validator, Rules rules) {
    this.engine = engine;
    this.validator = validator;
    this.rules = new WorkflowRules(rules);
  }

  // ---------------------------------------------------------------- definitions

  /**
   * Registers a new workflow under its id, as revision 1, after validating it ({@link
   * MediaFlow#validateWorkflow}); nothing is stored when it has a problem.
   *
   * @param json the workflow document
   * @return what was stored: the canonical JSON ({@link WorkflowJson#write}), revision 1
   * @throws ValidationException every problem of the document, each with its JSON path
   * @throws StorageException {@code WORKFLOW_CONFLICT} when a workflow with that id exists
   */
  public StoredWorkflow register(String json) {
    Workflow w = checked(json);
    StoredWorkflow saved = save(w, 0);
    rules.saved(w);
    return saved;
  }

  /** {@linkplain #register(String) Registers} a workflow built in Java. */
  public StoredWorkflow register(Workflow workflow) {
    return register(WorkflowJson.write(Objects.requireNonNull(workflow, "workflow")));
  }

  /**
   * Stores a new revision of a registered workflow, validated first; runs under way keep the
   * revision they started with, runs started after it take this one.
   *
   * @param id the workflow's id, which the document must keep
   * @param expectedRevision the revision the change was made from (the latest)
   * @return what was stored, with its new revision
   * @throws ValidationException every problem of the document; {@code INVALID_VALUE} at {@code id}
   *     when the document has another id
   * @throws MediaFlowException {@code WORKFLOW_NOT_FOUND} when no workflow has this id
   * @throws StorageException {@code WORKFLOW_CONFLICT} when another revision is the latest
   */
  public StoredWorkflow update(String id, String json, int expectedRevision) {
    Objects.requireNonNull(id, "id");
    Workflow w = checked(json);
    if (!w.id().equals(id)) {
      throw new ValidationException(
          new Violation(
              "id",
              io.mediaflow.api.ErrorCode.INVALID_VALUE,
              "the document's id is '" + w.id() + "' but workflow '" + id + "' is updated",
              "keep the id; register a workflow of a new id with register()"));
    }
    stored(id);
    StoredWorkflow saved = save(w, expectedRevision);
    rules.saved(w);
    return saved;
  }

  /** {@linkplain #update(String, String, int) Updates} a workflow with one built in Java. */
  public StoredWorkflow update(String id, Workflow workflow, int expectedRevision) {
    return update(
        id, WorkflowJson.write(Objects.requireNonNull(workflow, "workflow")), expectedRevision);
  }

  /** The latest revision of a registered workflow, if there is one. */
  public Optional<StoredWorkflow> find(String id) {
    return store().find(Objects.requireNonNull(id, "id"));
  }

  /**
   * The registered workflows (their latest revisions), ordered by id.
   *
   * @param page from 0
   * @param size 1 to {@value WorkflowStore#MAX_PAGE_SIZE}
   */
  public List<StoredWorkflow> list(int page, int size) {
    return store().list(page, size);
  }

  /**
   * Removes a registered workflow; false when there was none. Its runs go on with the definition
   * they carry.
   */
  public boolean remove(String id) {
    boolean removed = store().remove(Objects.requireNonNull(id, "id"));
    if (removed) {
      rules.removed(id);
    }
    return removed;
  }

  // ---------------------------------------------------------------- runs

  /** Starts a run of a workflow built in Java; see {@link #start(String, Map)}. */
  public JobHandle start(Workflow workflow, Map<String, ?> input) {
    return start(WorkflowJson.write(Objects.requireNonNull(workflow, "workflow")), input);
  }

  /** A {@linkplain #testRun(String, Map) test run} of a workflow built in Java. */
  public JobHandle testRun(Workflow workflow, Map<String, ?> input) {
    return testRun(WorkflowJson.write(Objects.requireNonNull(workflow, "workflow")), input);
  }

  /**
   * Starts a run with input data ({@code ${trigger.<name>}}) of a registered workflow, by its id
   * (the latest revision), or of a definition given as JSON text (a JSON object, validated by the
   * caller). The run keeps that definition whatever later happens to the workflow.
   *
   * @param workflow a registered workflow's id, or a workflow document
   * @throws MediaFlowException {@code WORKFLOW_NOT_FOUND} for an id no workflow has
   */
  public JobHandle start(String workflow, Map<String, ?> input) {
    return submit(workflow, input, false);
  }

  /**
   * A test run of a registered workflow (by id) or of a definition, as {@link #start(String, Map)}:
   * actions run as their {@link io.mediaflow.api.action.DryRun} says (placeholders, or called with
   * {@code dryRun()} true), delays are skipped, media jobs are planned and not run.
   */
  public JobHandle testRun(String workflow, Map<String, ?> input) {
    return submit(workflow, input, true);
  }

  /**
   * The runs of a workflow (started by its id or from a definition of that id), newest first, each
   * with its nodes' status; parallel branches and loop items are not listed (they are the runs'
   * children).
   *
   * @param size 1 to {@value JobQuery#MAX_PAGE_SIZE}
   */
  public Page<WorkflowRun> runs(String workflowId, int page, int size) {
    Objects.requireNonNull(workflowId, "workflowId");
    Page<Job> jobs =
        engine
            .config()
            .storage()
            .jobs()
            .query(
                JobQuery.all()
                    .withType(WorkflowRunner.TYPE)
                    .withRuleId(workflowId)
                    .withPage(page, size));
    List<WorkflowRun> out = new ArrayList<>(jobs.items().size());
    for (Job j : jobs.items()) {
      out.add(run(j));
    }
    return new Page<>(out, jobs.page(), jobs.size(), jobs.total());
  }

  /**
   * Cancels a run and its unfinished children (parallel branches, loop items, media jobs) in one
   * store transaction; {@code workflow.cancelled} is published. False when the run was already
   * over.
   *
   * @throws StorageException {@code JOB_NOT_FOUND} when no workflow run has this id
   */
  public boolean cancel(String runId) {
    Objects.requireNonNull(runId, "runId");
    Optional<Job> job = engine.config().storage().jobs().find(runId);
    if (job.isEmpty() || !job.get().type().equals(WorkflowRunner.TYPE)) {
      throw new StorageException(
          StorageException.JOB_NOT_FOUND,
          "no workflow run " + runId + " exists",
          "check the id; flow.workflows().runs(workflowId, 0, 50) lists a workflow's runs");
    }
    return engine.cancel(runId);
  }

  private JobHandle submit(String workflow, Map<String, ?> input, boolean dryRun) {
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(input, "input");
    if (workflow.strip().startsWith("{")) {
      return submit(
          workflow,
          0,
          WorkflowRunner.workflowIdOf(workflow),
          WorkflowRunner.workflowNameOf(workflow),
          input,
          dryRun);
    }
    StoredWorkflow s = stored(workflow);
    return submit(s.definition(), s.revision(), s.id(), s.name(), input, dryRun);
  }

  private JobHandle submit(
      String definition,
      int revision,
      String id,
      String name,
      Map<String, ?> input,
      boolean dryRun) {
    String payload = WorkflowRunner.payload(definition, revision, input, dryRun);
    // the rule id lists the run under its workflow; an id no store could keep is left out
    String ruleId = id.length() <= WorkflowStore.MAX_ID_LENGTH ? id : "";
    Job job =
        engine.submit(
            JobRequest.of(WorkflowRunner.TYPE, payload)
                .withMaxAttempts(3)
                .withRuleId(ruleId)
                .withRuleName(name));
    return new JobHandle(job.id(), engine, JobHandle.POLL_INTERVAL);
  }

  private Workflow checked(String json) {
    Objects.requireNonNull(json, "json");
    ValidationException.throwIfAny(validator.apply(json));
    Workflow w = WorkflowJson.parse(json);
    ValidationException.throwIfAny(rules.check(w));
    return w;
  }

  private StoredWorkflow save(Workflow w, int expectedRevision) {
    return store()
        .save(
            w.id(),
            w.name(),
            WorkflowJson.write(w),
            expectedRevision,
            engine.config().clock().instant());
  }

  private StoredWorkflow stored(String id) {
    return store()
        .find(id)
        .orElseThrow(
            () ->
                new MediaFlowException(
                    WorkflowErrors.WORKFLOW_NOT_FOUND,
                    "no workflow '" + id + "' is registered",
                    "register it first with flow.workflows().register(json), or check the id"
                        + " (flow.workflows().list(0, 100) lists them)"));
  }

  private WorkflowStore store() {
    return engine.config().storage().workflows();
  }

  /**
   * Sends the signal {@code name} to every run waiting for it under the correlation {@code key} (a
   * {@code delay} node with {@code "signal": name, "key": "${trigger.path}"}); each is woken at
   * once. A run that ended meanwhile is passed over.
   *
   * @return the ids of the runs signalled
   */
  public List<String> signal(String key, String name, String payload) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(payload, "payload");
    List<String> sent = new ArrayList<>();
    for (String runId : engine.config().storage().workflows().waiters(key, name)) {
      try {
        engine.signal(runId, name, payload);
        sent.add(runId);
      } catch (StorageException e) {
        if (!e.code().equals(StorageException.JOB_FINISHED)) {
          throw e;
        }
      }
    }
    return sent;
  }

  /** The run's status with its nodes', if the run exists (and is a workflow run). */
  public Optional<WorkflowRun> run(String runId) {
    Objects.requireNonNull(runId, "runId");
    Optional<Job> found = engine.config().storage().jobs().find(runId);
    if (found.isEmpty() || !found.get().type().equals(WorkflowRunner.TYPE)) {
      return Optional.empty();
    }
    return Optional.of(run(found.get()));
  }

  /**
   * A completed run's statuses: its job's result holds them (its last node is only there); a run
   * completed by an earlier version has them in its cursor only.
   */
  private static Optional<RunState> finished(Job job) {
    return job.state() == JobState.COMPLETED
        ? job.result().map(RunState::read).filter(st -> !st.nodes.isEmpty())
        : Optional.empty();
  }

  private RunState cursor(String runId) {
    Optional<SavedState> saved =
        engine.config().storage().checkpoints().loadState(runId, RunState.NAME_PUBLIC);
    return saved.map(s -> RunState.read(s.value())).orElseGet(RunState::new);
  }

  private WorkflowRun run(Job job) {
    String runId = job.id();
    RunState st = finished(job).orElseGet(() -> cursor(runId));
    List<WorkflowRun.NodeRun> nodes = new ArrayList<>();
    st.nodes.forEach(
        (id, s) ->
            nodes.add(
                new WorkflowRun.NodeRun(
                    id,
                    s.state,
                    Instant.ofEpochMilli(s.start),
                    s.end == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(s.end)),
                    Duration.ofMillis(s.durationMillis),
                    s.summary,
                    s.errorCode,
                    s.errorMessage,
                    s.waitReason,
                    s.runs)));
    List<String> pending = new ArrayList<>(st.pending);
    java.util.Collections.reverse(pending);
    return new WorkflowRun(
        runId,
        WorkflowRunner.workflowId(job.payload()),
        WorkflowRunner.revision(job.payload()),
        job.state(),
        job.waitReason(),
        job.error(),
        nodes,
        pending,
        st.vars);
  }
}
