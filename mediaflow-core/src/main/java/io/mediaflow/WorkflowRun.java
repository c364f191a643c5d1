package io.mediaflow;

import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.WaitReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workflow run as {@link Workflows#run} shows it: the run's job state and, per node reached, its
 * status.
 *
 * @param runId the run's job id
 * @param workflowId the workflow it runs
 * @param revision the revision of the registered workflow it started with (and keeps); 0 when it
 *     was started from a definition never registered
 * @param state the run's job state ({@code SCHEDULED} while it waits)
 * @param waitReason what the run waits for, while it waits
 * @param error why it failed, once it failed
 * @param nodes every node reached, in the order first reached
 * @param pending the nodes still to run, the next one first
 * @param vars the workflow's variables as the last saved cursor has them
 */
public record WorkflowRun(
    String runId,
    String workflowId,
    int revision,
    JobState state,
    Optional<WaitReason> waitReason,
    Optional<JobError> error,
    List<NodeRun> nodes,
    List<String> pending,
    Map<String, Object> vars) {

  public WorkflowRun {
    nodes = List.copyOf(nodes);
    pending = List.copyOf(pending);
    vars = Map.copyOf(vars);
  }

  /** The status of one node, if it was reached. */
  public Optional<NodeRun> node(String nodeId) {
    return nodes.stream().filter(n -> n.nodeId().equals(nodeId)).findFirst();
  }

  /**
   * One node's status.
   *
   * @param nodeId the node
   * @param state {@code RUNNING}, {@code WAITING}, {@code PAUSED}, {@code COMPLETED}, {@code
   *     SKIPPED} or {@code FAILED}
   * @param start when it (last) started
   * @param end when it ended; empty while under way
   * @param duration from start to end; zero while under way
   * @param summary one line: what its action did, the branch taken, a loop's count
   * @param errorCode its last error's code, empty for none
   * @param errorMessage its last error's message
   * @param waitReason what it waits for ({@code sleep 1h}, {@code signal approved}), empty when not
   *     waiting
   * @param runs how many times it ran (retries and loop items each count)
   */
  public record NodeRun(
      String nodeId,
      String state,
      Instant start,
      Optional<Instant> end,
      Duration duration,
      String summary,
      String errorCode,
      String errorMessage,
      String waitReason,
      int runs) {}
}
