package io.mediaflow;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ErrorCode.Category;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.JobStore;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.internal.workflow.run.WorkflowRunner;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Status and history as JSON, from {@link MediaFlow#status()}: a job with its progress, ETA,
 * per-stage timings, error and wait reason; its logs; a page of jobs; a workflow run with the
 * status of each node; the plan a media job ran. Each method returns one JSON document (UTF-8 text,
 * one line) in the stable form that {@code docs/status.md} explains and {@code
 * docs/status.schema.json} defines; the HTTP host serves exactly these documents.
 *
 * {@snippet :
 * String job = flow.status().job(handle.id());        // {"kind":"job","formatVersion":1,...}
 * String failed = flow.status().jobs(JobQuery.all().withText("timeout").withPage(0, 20));
 * String lines = flow.status().logs(handle.id(), 0, 100);
 * String run = flow.status().run(runId);              // {"kind":"workflowRun",...,"nodes":[...]}
 * }
 *
 * <p>A job's payload is not in its document (it may hold credentials a host passed in); a running
 * job's lease shows its owner, never its token; a workflow run's variables are shown with secrets
 * masked, as in the logs.
 */
public final class Status {

  /** {@link #plan} of a job that kept no plan: not a media job, or one that never got to plan. */
  public static final ErrorCode PLAN_NOT_FOUND =
      ErrorCode.of("PLAN_NOT_FOUND", Category.VALIDATION, false);

  /** The most log lines {@link #logs(String, int, int)} returns at once. */
  public static final int MAX_LOG_LINES = 1000;

  private final JobStore jobs;
  private final Clock clock;
  private final Workflows workflows;

  Status(JobStore jobs, Clock clock, Workflows workflows) {
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.workflows = Objects.requireNonNull(workflows, "workflows");
  }

  private StatusJson json() {
    return new StatusJson(clock.instant());
  }

  /**
   * One job: {@code {"kind":"job", "id", "type", "state", "attempts", "progress":{"percent",
   * "step", "etaMillis"}, "stages":[...], "error":{"code","message","retryable","suggestion"},
   * "waitReason", "result", "ruleId", "workflowId", "parentId", ...}}.
   *
   * @throws StorageException {@code JOB_NOT_FOUND} when no job has this id
   */
  public String job(String id) {
    return json().job(find(id)).toString();
  }

  /**
   * A page of history, newest first: {@code {"kind":"jobs", "page", "size", "total", "hasNext",
   * "items":[job, ...]}}, each item as {@link #job} shows it.
   */
  public String jobs(JobQuery query) {
    return json().jobs(jobs.query(Objects.requireNonNull(query, "query"))).toString();
  }

  /**
   * The log lines of a job kept by its store, oldest first, {@code from} the line of that index on,
   * at most {@code limit}: {@code {"kind":"logs", "jobId", "from", "total", "entries":[{"time",
   * "level", "message"}]}}.
   *
   * @param from 0 or more; past the last line gives no entries
   * @param limit 1 to {@value #MAX_LOG_LINES}
   * @throws StorageException {@code JOB_NOT_FOUND} when no job has this id
   * @throws MediaFlowException {@code INVALID_VALUE} for {@code from} or {@code limit} out of range
   */
  public String logs(String id, int from, int limit) {
    Objects.requireNonNull(id, "id");
    if (from < 0) {
      throw invalid("from must be 0 or more but was " + from, "start at 0, the oldest line");
    }
    if (limit < 1 || limit > MAX_LOG_LINES) {
      throw invalid(
          "limit must be between 1 and " + MAX_LOG_LINES + " but was " + limit,
          "ask for at most " + MAX_LOG_LINES + " lines and page on with from");
    }
    List<JobLog> all = jobs.logs(find(id).id());
    int start = Math.min(from, all.size());
    List<JobLog> page = all.subList(start, Math.min(all.size(), start + limit));
    return json().logs(id, from, all.size(), page).toString();
  }

  /** Every log line the store keeps for the job (at most {@value #MAX_LOG_LINES}). */
  public String logs(String id) {
    return logs(id, 0, MAX_LOG_LINES);
  }

  /**
   * A workflow run with its nodes: {@code {"kind":"workflowRun", "runId", "workflowId", "revision",
   * "state", "waitReason", "error", "nodes":[{"nodeId", "state", "startedAt", "endedAt",
   * "durationMillis", "summary", "runs", "waitReason", "error"}], "pending", "vars", "job"}}.
   *
   * @throws StorageException {@code JOB_NOT_FOUND} when no workflow run has this id
   */
  public String run(String runId) {
    Objects.requireNonNull(runId, "runId");
    Job job =
        jobs.find(runId)
            .filter(j -> j.type().equals(WorkflowRunner.TYPE))
            .orElseThrow(
                () ->
                    new StorageException(
                        StorageException.JOB_NOT_FOUND,
                        "no workflow run " + runId + " exists",
                        "check the id; flow.workflows().runs(workflowId, 0, 50) lists a"
                            + " workflow's runs"));
    WorkflowRun run = workflows.run(runId).orElseThrow();
    return json().run(job, run).toString();
  }

  /**
   * The plan a media job ran (its last attempt that got as far as planning): {@code {"kind":"plan",
   * "jobId", "plan":{...}}}, the plan as {@link PlanRenderer#json} writes it.
   *
   * @throws StorageException {@code JOB_NOT_FOUND} when no job has this id
   * @throws MediaFlowException {@link #PLAN_NOT_FOUND} when the job kept no plan
   */
  public String plan(String jobId) {
    Job job = find(jobId);
    String plan =
        jobs.plan(job.id())
            .orElseThrow(
                () ->
                    new MediaFlowException(
                        PLAN_NOT_FOUND,
                        "job " + jobId + " (" + job.type() + ", " + job.state() + ") kept no plan",
                        "only a media job keeps one, once an attempt of it got as far as"
                            + " planning"));
    return json().plan(job.id(), plan).toString();
  }

  private Job find(String id) {
    Objects.requireNonNull(id, "id");
    return jobs.find(id)
        .orElseThrow(
            () ->
                new StorageException(
                    StorageException.JOB_NOT_FOUND,
                    "no job " + id + " exists",
                    "check the id (a finished job is gone once retention purged it);"
                        + " list the jobs with flow.status().jobs(...) or GET /v1/jobs"));
  }

  private static MediaFlowException invalid(String message, String suggestion) {
    return new MediaFlowException(ErrorCode.INVALID_VALUE, message, suggestion);
  }
}
