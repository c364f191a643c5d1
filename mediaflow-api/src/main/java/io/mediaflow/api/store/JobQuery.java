package io.mediaflow.api.store;

import io.mediaflow.api.job.JobState;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A history query: every filter optional, results newest first, paged.
 *
 * {@snippet :
 * JobQuery q = JobQuery.all().withStates(Set.of(JobState.DEAD)).withType("media").withPage(0, 50);
 * JobQuery children = JobQuery.all().withParent(workflowJobId);
 * }
 *
 * @param states only jobs in these states; empty for any
 * @param type only jobs of this type; empty for any
 * @param ruleId only jobs of this rule or workflow; empty for any
 * @param parentId only the children of this job (those submitted with {@code
 *     JobRequest.withParent}); empty for any
 * @param createdFrom only jobs created at or after this instant
 * @param createdTo only jobs created before this instant
 * @param page the page, from 0
 * @param size jobs per page, 1 to {@link #MAX_PAGE_SIZE}
 */
public record JobQuery(
    Set<JobState> states,
    String type,
    String ruleId,
    String parentId,
    Optional<Instant> createdFrom,
    Optional<Instant> createdTo,
    int page,
    int size) {

  public static final int MAX_PAGE_SIZE = 1000;
  public static final int DEFAULT_PAGE_SIZE = 50;

  public JobQuery {
    states = Set.copyOf(states);
    type = type == null ? "" : type;
    ruleId = ruleId == null ? "" : ruleId;
    parentId = parentId == null ? "" : parentId;
    createdFrom = createdFrom == null ? Optional.empty() : createdFrom;
    createdTo = createdTo == null ? Optional.empty() : createdTo;
    if (page < 0) {
      throw new IllegalArgumentException("page must be 0 or more but was " + page);
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException(
          "size must be between 1 and " + MAX_PAGE_SIZE + " but was " + size);
    }
  }

  /** Every job, first page. */
  public static JobQuery all() {
    return new JobQuery(
        Set.of(), "", "", "", Optional.empty(), Optional.empty(), 0, DEFAULT_PAGE_SIZE);
  }

  public JobQuery withStates(Set<JobState> value) {
    return new JobQuery(value, type, ruleId, parentId, createdFrom, createdTo, page, size);
  }

  public JobQuery withType(String value) {
    return new JobQuery(states, value, ruleId, parentId, createdFrom, createdTo, page, size);
  }

  public JobQuery withRuleId(String value) {
    return new JobQuery(states, type, value, parentId, createdFrom, createdTo, page, size);
  }

  /** Only the children of job {@code value}: the jobs submitted with it as their parent. */
  public JobQuery withParent(String value) {
    return new JobQuery(states, type, ruleId, value, createdFrom, createdTo, page, size);
  }

  public JobQuery withCreatedBetween(Instant from, Instant to) {
    return new JobQuery(
        states, type, ruleId, parentId, Optional.of(from), Optional.of(to), page, size);
  }

  public JobQuery withPage(int number, int pageSize) {
    return new JobQuery(states, type, ruleId, parentId, createdFrom, createdTo, number, pageSize);
  }
}
