package io.mediaflow.api.store;

import java.util.Objects;

/**
 * One entry of a job's durable history, as {@link CheckpointStore} keeps it: what the handler asked
 * for at position {@code seq} and what it got.
 *
 * @param jobId the job
 * @param seq the position in the job's history, from 0, one per durable call
 * @param kind what kind of call it recorded
 * @param name the step's name (a signal's name for {@link Kind#SIGNAL}); the replay check compares
 *     it
 * @param value the recorded outcome as JSON text (never null: {@code null} is the JSON {@code
 *     "null"})
 */
public record Checkpoint(String jobId, int seq, Kind kind, String name, String value) {

  /** The durable calls a history records. */
  public enum Kind {
    /** {@code step}: the body's result. */
    STEP,
    /** {@code sleep}, or the timeout of {@code awaitSignal}: the instant to wake at. */
    TIMER,
    /** {@code awaitSignal}: the payload taken, or that the timeout passed. */
    SIGNAL,
    /** {@code startChild}: the child's id. */
    CHILD,
    /** {@code awaitChildren}: the ids of the finished children it returned. */
    CHILDREN
  }

  public Checkpoint {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be 0 or more but was " + seq);
    }
  }
}
