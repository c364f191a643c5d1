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
 * JobQuery search = JobQuery.all().withText("timeout"); // type, error, rule or workflow name
 * }
 *
 * @param states only jobs in these states; empty for any
 * @param type only jobs of this type; empty for any
 * @param ruleId only jobs of this rule or workflow; empty for any
 * @param parentId only the children of this job (those submitted with {@code
 *     JobRequest.withParent}); empty for any
 * @param text only jobs whose type, error message, or rule or workflow name ({@link
 *     io.mediaflow.api.job.Job#ruleName()}) or id contains this text, ignoring case; {@code %} and
 *     {@code _} match themselves; empty for any
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
    String text,
    Optional<Instant> createdFrom,
    Optional<Instant> createdTo,
    int page,
    int size) {

  public static final int MAX_PAGE_SIZE = 1000;
  public static final int DEFAULT_PAGE_SIZE = 50;

  /** The escape character of {@link #textLikePattern()}: {@code LIKE ? ESCAPE '!'}. */
  public static final char LIKE_ESCAPE = '!';

  /** The longest {@link #text()} filter. */
  public static final int MAX_TEXT_LENGTH = 200;

  public JobQuery {
    states = Set.copyOf(states);
    type = type == null ? "" : type;
    ruleId = ruleId == null ? "" : ruleId;
    parentId = parentId == null ? "" : parentId;
    text = text == null ? "" : text;
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException(
          "text must be at most " + MAX_TEXT_LENGTH + " characters but was " + text.length());
    }
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
        Set.of(), "", "", "", "", Optional.empty(), Optional.empty(), 0, DEFAULT_PAGE_SIZE);
  }

  public JobQuery withStates(Set<JobState> value) {
    return new JobQuery(value, type, ruleId, parentId, text, createdFrom, createdTo, page, size);
  }

  public JobQuery withType(String value) {
    return new JobQuery(states, value, ruleId, parentId, text, createdFrom, createdTo, page, size);
  }

  public JobQuery withRuleId(String value) {
    return new JobQuery(states, type, value, parentId, text, createdFrom, createdTo, page, size);
  }

  /** Only the children of job {@code value}: the jobs submitted with it as their parent. */
  public JobQuery withParent(String value) {
    return new JobQuery(states, type, ruleId, value, text, createdFrom, createdTo, page, size);
  }

  public JobQuery withCreatedBetween(Instant from, Instant to) {
    return new JobQuery(
        states, type, ruleId, parentId, text, Optional.of(from), Optional.of(to), page, size);
  }

  public JobQuery withPage(int number, int pageSize) {
    return new JobQuery(
        states, type, ruleId, parentId, text, createdFrom, createdTo, number, pageSize);
  }

  /**
   * Only jobs whose type, error message, or rule or workflow name or id contains {@code value},
   * ignoring case (a plain substring: {@code %} and {@code _} are not wildcards); empty for any.
   * Stores scan for it, so combine it with a state, type or time filter on a large history.
   */
  public JobQuery withText(String value) {
    return new JobQuery(states, type, ruleId, parentId, value, createdFrom, createdTo, page, size);
  }

  /**
   * Whether {@code job} passes the {@link #text()} filter (always, when it is empty): its type,
   * error message, rule name or rule id contains the text, ignoring case. The rule every store
   * follows; a SQL store matches {@code LOWER(column) LIKE} {@link #textLikePattern()}.
   */
  public boolean matchesText(io.mediaflow.api.job.Job job) {
    if (text.isEmpty()) {
      return true;
    }
    String t = text.toLowerCase(java.util.Locale.ROOT);
    return contains(job.type(), t)
        || job.error().map(e -> contains(e.message(), t)).orElse(false)
        || contains(job.ruleName(), t)
        || contains(job.ruleId(), t);
  }

  private static boolean contains(String value, String lowerText) {
    return value.toLowerCase(java.util.Locale.ROOT).contains(lowerText);
  }

  /**
   * The {@link #text()} filter as a {@code LIKE} pattern over lower-cased text: {@code %text%},
   * lower-cased, with {@code %}, {@code _} and {@link #LIKE_ESCAPE} escaped by {@link
   * #LIKE_ESCAPE}.
   */
  public String textLikePattern() {
    StringBuilder out = new StringBuilder(text.length() + 8).append('%');
    for (char c : text.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
      if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
        out.append(LIKE_ESCAPE);
      }
      out.append(c);
    }
    return out.append('%').toString();
  }
}
