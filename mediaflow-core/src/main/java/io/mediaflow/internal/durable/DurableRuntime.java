package io.mediaflow.internal.durable;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.store.CheckpointStore;
import io.mediaflow.api.store.Storage;
import java.time.Clock;
import java.util.function.Function;

/**
 * What the durable primitives of every attempt on one engine share: the store's {@link
 * CheckpointStore} (asked for on first use, so that a storage without one works until a handler
 * needs it), the JSON codec with its size limit, the group-commit {@link CheckpointWriter} and the
 * way to submit a child job. Thread-safe; one per engine.
 */
public final class DurableRuntime {

  private final Storage storage;
  private final Clock clock;
  private final StepCodec codec;
  private final CheckpointWriter writer;
  private final Function<JobRequest, Job> submitChild;
  private volatile CheckpointStore checkpoints;

  /**
   * @param maxResultBytes the largest step result or saved state kept, in bytes of JSON
   * @param submitChild submits a child job as the engine submits any job (events, wake-up)
   */
  public DurableRuntime(
      Storage storage, Clock clock, long maxResultBytes, Function<JobRequest, Job> submitChild) {
    this.storage = storage;
    this.clock = clock;
    this.codec = new StepCodec(maxResultBytes);
    this.writer = new CheckpointWriter(this::checkpoints);
    this.submitChild = submitChild;
  }

  /** The durable side of one attempt of {@code job}, whose handler runs on {@code owner}. */
  public DurableContext open(Job job, Thread owner) {
    return new DurableContext(this, job, owner);
  }

  /**
   * Refuses a signal payload that a wait could not keep as its checkpoint.
   *
   * @throws io.mediaflow.api.MediaFlowException {@code STEP_RESULT_TOO_LARGE}
   */
  public void checkSignalPayload(String jobId, String name, String payload) {
    codec.checkSize(jobId, "the payload of signal '" + name + "'", payload);
  }

  CheckpointStore checkpoints() {
    CheckpointStore c = checkpoints;
    if (c == null) {
      c = storage.checkpoints();
      checkpoints = c;
    }
    return c;
  }

  Storage storage() {
    return storage;
  }

  Clock clock() {
    return clock;
  }

  StepCodec codec() {
    return codec;
  }

  CheckpointWriter writer() {
    return writer;
  }

  Job submitChild(JobRequest request) {
    return submitChild.apply(request);
  }
}
