package io.mediaflow;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.store.SavedState;
import io.mediaflow.api.workflow.Workflow;
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

/**
 * Workflow runs, from {@link MediaFlow#workflows()}: start a run of a definition with input data, a
 * test run (nothing touched), and a run's per-node status. A run is a job of type {@code workflow};
 * cancel it with {@link MediaFlow#cancel} and signal it with {@link MediaFlow#signal} (a paused run
 * goes on at the {@code resume} signal).
 *
 * {@snippet :
 * JobHandle run = flow.workflows().start(definitionJson, Map.of("url", "https://example.com/a.mp4"));
 * flow.workflows().run(run.id()).ifPresent(r -> r.nodes().forEach(System.out::println));
 * }
 *
 * <p>This first part takes the definition itself (a {@link Workflow} or its JSON); registering
 * definitions and starting them by id come with the workflow store.
 */
public final class Workflows {

  private final Engine engine;

  Workflows(Engine engine) {
    this.engine = engine;
  }

  /**
   * Starts a run of a workflow with input data ({@code ${trigger.<name>}}); the run keeps this
   * revision of it whatever later happens to the workflow. Validate it first ({@link
   * MediaFlow#validateWorkflow} or {@link WorkflowJson#validate}).
   */
  public JobHandle start(Workflow workflow, Map<String, ?> input) {
    return start(WorkflowJson.write(Objects.requireNonNull(workflow, "workflow")), input);
  }

  /** A {@linkplain #testRun(String, Map) test run} of a workflow. */
  public JobHandle testRun(Workflow workflow, Map<String, ?> input) {
    return testRun(WorkflowJson.write(Objects.requireNonNull(workflow, "workflow")), input);
  }

  /**
   * Starts a run of a definition with input data ({@code ${trigger.<name>}}); the run keeps this
   * definition whatever later happens to it.
   *
   * @param definition the workflow as JSON, validated by the caller
   */
  public JobHandle start(String definition, Map<String, ?> input) {
    return submit(definition, input, false);
  }

  /**
   * A test run: actions run as their {@link io.mediaflow.api.action.DryRun} says (placeholders, or
   * called with {@code dryRun()} true), delays are skipped, media jobs are planned and not run.
   */
  public JobHandle testRun(String definition, Map<String, ?> input) {
    return submit(definition, input, true);
  }

  private JobHandle submit(String definition, Map<String, ?> input, boolean dryRun) {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(input, "input");
    String payload = WorkflowRunner.payload(definition, input, dryRun);
    Job job = engine.submit(JobRequest.of(WorkflowRunner.TYPE, payload).withMaxAttempts(3));
    return new JobHandle(job.id(), engine, JobHandle.POLL_INTERVAL);
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
      } catch (io.mediaflow.api.store.StorageException e) {
        if (!e.code().equals(io.mediaflow.api.store.StorageException.JOB_FINISHED)) {
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
    Job job = found.get();
    Optional<SavedState> saved =
        engine.config().storage().checkpoints().loadState(runId, RunState.NAME_PUBLIC);
    RunState st = saved.map(s -> RunState.read(s.value())).orElseGet(RunState::new);
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
    return Optional.of(
        new WorkflowRun(
            runId,
            WorkflowRunner.workflowId(job.payload()),
            job.state(),
            job.waitReason(),
            job.error(),
            nodes,
            pending,
            st.vars));
  }
}
