package io.mediaflow.api.job;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable unit of work, as a storage returns it: immutable; every change is a new version.
 *
 * @param id time-ordered, unique ({@link JobIds})
 * @param type {@code media}, {@code workflow}, {@code webhook.delivery}, {@code action}, or one a
 *     host defines
 * @param payload the work's input as text (JSON for the built-in types)
 * @param priority higher runs first
 * @param state where it is ({@link JobTransitions})
 * @param attempts attempts started so far
 * @param maxAttempts attempts allowed in all
 * @param createdAt when it was submitted
 * @param scheduledAt when it is (or was) due
 * @param updatedAt its last change
 * @param lease the claim of the worker running it, while processing
 * @param progress how far the current attempt has come
 * @param stages timing of each stage of the current attempt
 * @param error why the last attempt failed, if it did
 * @param result what a completed job produced (text, such as JSON listing output files)
 * @param parentId the job that spawned it, if any
 * @param correlationId groups related jobs (a workflow run); may be empty
 * @param idempotencyKey a second submit with the same key returns this job; may be empty
 * @param ruleId the rule or workflow that created it; may be empty
 * @param ruleName the name of that rule or workflow as it was when the job was submitted; empty
 *     when it has none or no rule or workflow created the job. Recorded once, so a later rename
 *     does not change the history, and {@code JobQuery.withText} finds it without a join
 * @param waitReason why a {@link JobState#SCHEDULED} job waits (a durable sleep, a signal, its
 *     children, a retry); empty for a job submitted to run later and in every other state
 * @param version increases with every change; completion is a compare-and-set on it
 */
public record Job(
    String id,
    String type,
    String payload,
    int priority,
    JobState state,
    int attempts,
    int maxAttempts,
    Instant createdAt,
    Instant scheduledAt,
    Instant updatedAt,
    Optional<Lease> lease,
    JobProgress progress,
    List<StageTiming> stages,
    Optional<JobError> error,
    Optional<String> result,
    Optional<String> parentId,
    String correlationId,
    String idempotencyKey,
    String ruleId,
    String ruleName,
    Optional<WaitReason> waitReason,
    long version) {

  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    payload = payload == null ? "" : payload;
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(scheduledAt, "scheduledAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    lease = lease == null ? Optional.empty() : lease;
    progress = progress == null ? JobProgress.NONE : progress;
    stages = stages == null ? List.of() : List.copyOf(stages);
    error = error == null ? Optional.empty() : error;
    result = result == null ? Optional.empty() : result;
    parentId = parentId == null ? Optional.empty() : parentId;
    correlationId = correlationId == null ? "" : correlationId;
    idempotencyKey = idempotencyKey == null ? "" : idempotencyKey;
    ruleId = ruleId == null ? "" : ruleId;
    ruleName = ruleName == null ? "" : ruleName;
    waitReason = waitReason == null ? Optional.empty() : waitReason;
  }

  /**
   * The job a store writes for {@code request} submitted at {@code now}: a new time-ordered id,
   * version 1, no attempt yet, {@code PENDING} when {@code due} is not after {@code now}, else
   * {@code SCHEDULED}.
   */
  public static Job submitted(JobRequest request, Instant now, Instant due) {
    JobState state = due.isAfter(now) ? JobState.SCHEDULED : JobState.PENDING;
    return new Job(
        JobIds.next(now),
        request.type(),
        request.payload(),
        request.priority(),
        state,
        0,
        request.maxAttempts(),
        now,
        due,
        now,
        Optional.empty(),
        JobProgress.NONE,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        request.parentId(),
        request.correlationId(),
        request.idempotencyKey(),
        request.ruleId(),
        request.ruleName(),
        Optional.empty(),
        1);
  }

  /** A copy to change: {@code job.toBuilder().state(COMPLETED).build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes a copy of a job; storage adapters use it to write the next version. */
  public static final class Builder {
    private String id;
    private String type;
    private String payload;
    private int priority;
    private JobState state;
    private int attempts;
    private int maxAttempts;
    private Instant createdAt;
    private Instant scheduledAt;
    private Instant updatedAt;
    private Optional<Lease> lease;
    private JobProgress progress;
    private List<StageTiming> stages;
    private Optional<JobError> error;
    private Optional<String> result;
    private Optional<String> parentId;
    private String correlationId;
    private String idempotencyKey;
    private String ruleId;
    private String ruleName;
    private Optional<WaitReason> waitReason;
    private long version;

    private Builder(Job j) {
      id = j.id;
      type = j.type;
      payload = j.payload;
      priority = j.priority;
      state = j.state;
      attempts = j.attempts;
      maxAttempts = j.maxAttempts;
      createdAt = j.createdAt;
      scheduledAt = j.scheduledAt;
      updatedAt = j.updatedAt;
      lease = j.lease;
      progress = j.progress;
      stages = j.stages;
      error = j.error;
      result = j.result;
      parentId = j.parentId;
      correlationId = j.correlationId;
      idempotencyKey = j.idempotencyKey;
      ruleId = j.ruleId;
      ruleName = j.ruleName;
      waitReason = j.waitReason;
      version = j.version;
    }

    public Builder payload(String v) {
      payload = v;
      return this;
    }

    public Builder priority(int v) {
      priority = v;
      return this;
    }

    public Builder state(JobState v) {
      state = v;
      return this;
    }

    public Builder attempts(int v) {
      attempts = v;
      return this;
    }

    public Builder maxAttempts(int v) {
      maxAttempts = v;
      return this;
    }

    public Builder scheduledAt(Instant v) {
      scheduledAt = v;
      return this;
    }

    public Builder updatedAt(Instant v) {
      updatedAt = v;
      return this;
    }

    public Builder lease(Optional<Lease> v) {
      lease = v;
      return this;
    }

    public Builder progress(JobProgress v) {
      progress = v;
      return this;
    }

    public Builder stages(List<StageTiming> v) {
      stages = v;
      return this;
    }

    public Builder error(Optional<JobError> v) {
      error = v;
      return this;
    }

    public Builder result(Optional<String> v) {
      result = v;
      return this;
    }

    /** Why the job waits; set it with every change into {@code SCHEDULED}, clear it otherwise. */
    public Builder waitReason(Optional<WaitReason> v) {
      waitReason = v;
      return this;
    }

    public Builder version(long v) {
      version = v;
      return this;
    }

    public Job build() {
      return new Job(
          id,
          type,
          payload,
          priority,
          state,
          attempts,
          maxAttempts,
          createdAt,
          scheduledAt,
          updatedAt,
          lease,
          progress,
          stages,
          error,
          result,
          parentId,
          correlationId,
          idempotencyKey,
          ruleId,
          ruleName,
          waitReason,
          version);
    }
  }
}
