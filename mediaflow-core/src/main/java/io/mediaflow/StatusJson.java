package io.mediaflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.StageTiming;
import io.mediaflow.api.store.Page;
import io.mediaflow.internal.observe.Redactor;
import io.mediaflow.internal.rule.LoadedRule;
import io.mediaflow.internal.workflow.run.WorkflowRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Writes the documents of {@link Status} in the one form {@code docs/status.schema.json} describes:
 * instants as ISO-8601 text in UTC, durations in milliseconds, a missing value as {@code null}
 * (never left out), enums by name. A change that adds a field keeps {@link #FORMAT}; one that
 * renames or removes one is a new format.
 */
final class StatusJson {

  /** The version of the documents' form, {@code formatVersion} in each. */
  static final int FORMAT = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Instant now;

  /** Writes documents as of {@code now}, the end of a stage still running. */
  StatusJson(Instant now) {
    this.now = now;
  }

  private static ObjectNode document(String kind) {
    ObjectNode o = JSON.createObjectNode();
    o.put("kind", kind);
    o.put("formatVersion", FORMAT);
    return o;
  }

  /** One job: {@code kind: "job"}. */
  ObjectNode job(Job job) {
    ObjectNode o = document("job");
    fields(o, job);
    return o;
  }

  /** A page of jobs: {@code kind: "jobs"}, each item a job without the document header. */
  ObjectNode jobs(Page<Job> page) {
    ObjectNode o = document("jobs");
    o.put("page", page.page());
    o.put("size", page.size());
    o.put("total", page.total());
    o.put("hasNext", page.hasNext());
    ArrayNode items = o.putArray("items");
    for (Job j : page.items()) {
      fields(items.addObject(), j);
    }
    return o;
  }

  /** The log lines {@code from} on of a job that has {@code total} lines kept. */
  ObjectNode logs(String jobId, int from, int total, List<JobLog> lines) {
    ObjectNode o = document("logs");
    o.put("jobId", jobId);
    o.put("from", from);
    o.put("total", total);
    ArrayNode entries = o.putArray("entries");
    for (JobLog l : lines) {
      entries
          .addObject()
          .put("time", l.time().toString())
          .put("level", l.level())
          .put("message", l.message());
    }
    return o;
  }

  /** A workflow run with its nodes: {@code kind: "workflowRun"}. */
  ObjectNode run(Job job, WorkflowRun run) {
    ObjectNode o = document("workflowRun");
    o.put("runId", run.runId());
    o.put("workflowId", run.workflowId());
    o.put("revision", run.revision());
    o.put("state", run.state().name());
    o.put("waitReason", run.waitReason().map(Enum::name).orElse(null));
    o.set("error", error(run.error()));
    ArrayNode nodes = o.putArray("nodes");
    for (WorkflowRun.NodeRun n : run.nodes()) {
      ObjectNode node = nodes.addObject();
      node.put("nodeId", n.nodeId());
      node.put("state", n.state());
      node.put("startedAt", n.start().toString());
      node.put("endedAt", n.end().map(Instant::toString).orElse(null));
      node.put("durationMillis", n.duration().toMillis());
      node.put("summary", n.summary());
      node.put("runs", n.runs());
      node.put("waitReason", n.waitReason().isEmpty() ? null : n.waitReason());
      if (n.errorCode().isEmpty()) {
        node.putNull("error");
      } else {
        node.putObject("error").put("code", n.errorCode()).put("message", n.errorMessage());
      }
    }
    ArrayNode pending = o.putArray("pending");
    run.pending().forEach(pending::add);
    // the variables may hold what a trigger delivered: secrets are masked as in the logs
    o.set("vars", JSON.valueToTree(Redactor.redact(run.vars())));
    ObjectNode fields = o.putObject("job");
    fields(fields, job);
    return o;
  }

  /** The plan a media job ran: {@code kind: "plan"}. */
  ObjectNode plan(String jobId, String plan) {
    ObjectNode o = document("plan");
    o.put("jobId", jobId);
    o.set("plan", jsonOrText(plan));
    return o;
  }

  private void fields(ObjectNode o, Job job) {
    o.put("id", job.id());
    o.put("type", job.type());
    o.put("state", job.state().name());
    o.put("priority", job.priority());
    o.put("attempts", job.attempts());
    o.put("maxAttempts", job.maxAttempts());
    o.put("createdAt", job.createdAt().toString());
    o.put("scheduledAt", job.scheduledAt().toString());
    o.put("updatedAt", job.updatedAt().toString());
    boolean over = job.state().isTerminal() || job.state() == JobState.DEAD;
    o.put("finishedAt", over ? job.updatedAt().toString() : null);
    o.put("waitReason", job.waitReason().map(Enum::name).orElse(null));
    o.set("progress", progress(job.progress()));
    ArrayNode stages = o.putArray("stages");
    for (StageTiming s : job.stages()) {
      stages
          .addObject()
          .put("name", s.stage())
          .put("startedAt", s.startedAt().toString())
          .put("endedAt", s.endedAt().map(Instant::toString).orElse(null))
          .put("durationMillis", Math.max(0, s.duration(now).toMillis()))
          .put("error", s.error().orElse(null));
    }
    o.set("error", error(job.error()));
    o.set("result", job.result().map(StatusJson::jsonOrText).orElse(JSON.nullNode()));
    // the lease's owner shows which node runs it; its token is a capability and stays inside
    if (job.lease().isPresent()) {
      o.putObject("lease")
          .put("owner", job.lease().get().owner())
          .put("expiresAt", job.lease().get().expiresAt().toString());
    } else {
      o.putNull("lease");
    }
    o.put("parentId", job.parentId().orElse(null));
    o.put("correlationId", emptyAsNull(job.correlationId()));
    boolean ruleRun = job.ruleId().startsWith(LoadedRule.JOB_RULE_PREFIX);
    o.put("ruleId", ruleRun ? job.ruleId().substring(LoadedRule.JOB_RULE_PREFIX.length()) : null);
    o.put("workflowId", emptyAsNull(workflowId(job, ruleRun)));
    o.put("ruleName", emptyAsNull(job.ruleName()));
    o.put("version", job.version());
  }

  /** A run names its workflow in its payload; any other job through the rule id it carries. */
  private static String workflowId(Job job, boolean ruleRun) {
    if (job.type().equals(WorkflowRunner.TYPE)) {
      return WorkflowRunner.workflowId(job.payload());
    }
    return ruleRun ? "" : job.ruleId();
  }

  private static ObjectNode progress(JobProgress p) {
    ObjectNode o = JSON.createObjectNode();
    o.put("percent", p.percent());
    o.put("step", p.step());
    Optional<Duration> eta = p.eta();
    if (eta.isPresent()) {
      o.put("etaMillis", eta.get().toMillis());
    } else {
      o.putNull("etaMillis");
    }
    return o;
  }

  private static JsonNode error(Optional<JobError> error) {
    if (error.isEmpty()) {
      return JSON.nullNode();
    }
    JobError e = error.get();
    return JSON.createObjectNode()
        .put("code", e.code())
        .put("message", e.message())
        .put("retryable", e.retryable())
        .put("suggestion", e.suggestion());
  }

  /** JSON text as JSON (the built-in jobs' results, a plan); any other text as a string. */
  private static JsonNode jsonOrText(String text) {
    String t = text.strip();
    if (t.startsWith("{") || t.startsWith("[")) {
      try {
        return JSON.readTree(t);
      } catch (JsonProcessingException e) {
        // not JSON after all: shown as the text it is
      }
    }
    return JSON.getNodeFactory().textNode(text);
  }

  private static String emptyAsNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
