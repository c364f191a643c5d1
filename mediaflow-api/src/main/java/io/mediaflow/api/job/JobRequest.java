package io.mediaflow.api.job;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job to submit.
 *
 * {@snippet :
 * JobRequest r = JobRequest.of("thumbnail", "{\"file\":\"a.mp4\"}")
 *     .withPriority(5)
 *     .withIdempotencyKey("a.mp4#thumb");
 * }
 *
 * @param type the job type
 * @param payload its input as text
 * @param priority higher runs first; default 0
 * @param maxAttempts attempts allowed; default {@link #DEFAULT_MAX_ATTEMPTS}
 * @param runAt when it is due; empty for now
 * @param idempotencyKey a second submit with the same key returns the first job; may be empty
 * @param parentId the job that spawned it, if any
 * @param correlationId groups related jobs; may be empty
 * @param ruleId the rule or workflow that created it; may be empty
 * @param ruleName the name of that rule or workflow, kept on the job for history searches; may be
 *     empty; cut to its first {@value #MAX_RULE_NAME_LENGTH} characters
 */
public record JobRequest(
    String type,
    String payload,
    int priority,
    int maxAttempts,
    Optional<Instant> runAt,
    String idempotencyKey,
    Optional<String> parentId,
    String correlationId,
    String ruleId,
    String ruleName) {

  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /** The longest {@link #ruleName()} kept; a longer one is cut (it serves searches only). */
  public static final int MAX_RULE_NAME_LENGTH = 255;

  public JobRequest {
    Objects.requireNonNull(type, "type");
    if (type.isBlank()) {
      throw new IllegalArgumentException("a job type must not be blank");
    }
    payload = payload == null ? "" : payload;
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + maxAttempts);
    }
    runAt = runAt == null ? Optional.empty() : runAt;
    idempotencyKey = idempotencyKey == null ? "" : idempotencyKey;
    parentId = parentId == null ? Optional.empty() : parentId;
    correlationId = correlationId == null ? "" : correlationId;
    ruleId = ruleId == null ? "" : ruleId;
    ruleName = ruleName == null ? "" : cut(ruleName);
  }

  /** A job of {@code type} due now, priority 0, default attempts. */
  public static JobRequest of(String type, String payload) {
    return new JobRequest(
        type, payload, 0, DEFAULT_MAX_ATTEMPTS, Optional.empty(), "", Optional.empty(), "", "", "");
  }

  public JobRequest withPriority(int value) {
    return new JobRequest(
        type,
        payload,
        value,
        maxAttempts,
        runAt,
        idempotencyKey,
        parentId,
        correlationId,
        ruleId,
        ruleName);
  }

  public JobRequest withMaxAttempts(int value) {
    return new JobRequest(
        type,
        payload,
        priority,
        value,
        runAt,
        idempotencyKey,
        parentId,
        correlationId,
        ruleId,
        ruleName);
  }

  public JobRequest withRunAt(Instant value) {
    return new JobRequest(
        type,
        payload,
        priority,
        maxAttempts,
        Optional.of(value),
        idempotencyKey,
        parentId,
        correlationId,
        ruleId,
        ruleName);
  }

  public JobRequest withIdempotencyKey(String value) {
    return new JobRequest(
        type,
        payload,
        priority,
        maxAttempts,
        runAt,
        value,
        parentId,
        correlationId,
        ruleId,
        ruleName);
  }

  public JobRequest withParent(String value) {
    return new JobRequest(
        type,
        payload,
        priority,
        maxAttempts,
        runAt,
        idempotencyKey,
        Optional.of(value),
        correlationId,
        ruleId,
        ruleName);
  }

  public JobRequest withCorrelationId(String value) {
    return new JobRequest(
        type,
        payload,
        priority,
        maxAttempts,
        runAt,
        idempotencyKey,
        parentId,
        value,
        ruleId,
        ruleName);
  }

  public JobRequest withRuleId(String value) {
    return new JobRequest(
        type,
        payload,
        priority,
        maxAttempts,
        runAt,
        idempotencyKey,
        parentId,
        correlationId,
        value,
        ruleName);
  }

  /**
   * Records the name of the rule or workflow that created the job, so history can be searched by it
   * ({@code JobQuery.withText}); the engine sets it for rule and workflow runs.
   */
  public JobRequest withRuleName(String value) {
    return new JobRequest(
        type,
        payload,
        priority,
        maxAttempts,
        runAt,
        idempotencyKey,
        parentId,
        correlationId,
        ruleId,
        value);
  }

  private static String cut(String name) {
    if (name.length() <= MAX_RULE_NAME_LENGTH) {
      return name;
    }
    int end = MAX_RULE_NAME_LENGTH;
    if (Character.isHighSurrogate(name.charAt(end - 1))) {
      end--; // never half a character
    }
    return name.substring(0, end);
  }
}
