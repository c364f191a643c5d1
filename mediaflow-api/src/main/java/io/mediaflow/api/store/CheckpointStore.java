package io.mediaflow.api.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable history of jobs that use the durable primitives ({@code JobContext.step}, {@code
 * sleep}, {@code awaitSignal}, {@code startChild}, {@code awaitChildren}, {@code saveState}), the
 * part of a {@link Storage} that {@link Storage#checkpoints()} hands out.
 *
 * <p>Every implementation guarantees, and the testkit's {@code CheckpointStoreContract} proves:
 *
 * <ul>
 *   <li>a save is durable before it returns; {@link #saveAll} commits all its checkpoints, of any
 *       jobs, at once (group commit) or none;
 *   <li>the first checkpoint written at a position wins: saving another at the same {@code (jobId,
 *       seq)} changes nothing, so a worker whose lease was taken over cannot rewrite history;
 *   <li>a signal is taken at most once, and {@link #takeSignal} at the same position returns the
 *       same signal again, so a re-run that takes it again gets what the first run got;
 *   <li>deleting a job ({@link JobStore#delete}, the retention purges) deletes its checkpoints,
 *       states and signals with it.
 * </ul>
 *
 * <p>Signals are stored by {@link JobStore#signal}, which wakes a job waiting for them in the same
 * transaction; this part reads and takes them.
 */
public interface CheckpointStore {

  /** The job's checkpoints at positions {@code fromSeq} and after, in order; empty when none. */
  List<Checkpoint> history(String jobId, int fromSeq);

  /** Saves one checkpoint; see {@link #saveAll}. */
  default void save(Checkpoint checkpoint) {
    saveAll(List.of(checkpoint));
  }

  /**
   * Saves checkpoints of one or many jobs in one transaction. A checkpoint whose position is taken
   * already is skipped, the earlier one kept.
   */
  void saveAll(List<Checkpoint> checkpoints);

  /**
   * Saves checkpoints and named states of one or many jobs in one transaction (the engine's group
   * commit of steps and {@code saveState} alike): all of them or none. Checkpoints behave as in
   * {@link #saveAll(List)}; states as in {@link #saveState}, and of two states of one job and name
   * in the list the later one is kept.
   *
   * <p>The default saves the checkpoints, then the states one by one: enough for a store without
   * transactions (in memory); a database store overrides it with one transaction.
   */
  default void saveAll(List<Checkpoint> checkpoints, List<StateSave> states) {
    if (!checkpoints.isEmpty()) {
      saveAll(checkpoints);
    }
    for (StateSave s : states) {
      saveState(s.jobId(), s.name(), s.state());
    }
  }

  /**
   * A named state to save with {@link #saveAll(List, List)}.
   *
   * @param jobId the job
   * @param name the state's name
   * @param state its value and the history position it belongs to
   */
  record StateSave(String jobId, String name, SavedState state) {
    public StateSave {
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(state, "state");
    }
  }

  /** Keeps {@code value} (JSON) under {@code name} for the job, replacing any earlier value. */
  void saveState(String jobId, String name, SavedState state);

  /** The value last saved under {@code name} for the job, if any. */
  Optional<SavedState> loadState(String jobId, String name);

  /**
   * Takes the oldest signal {@code name} sent to the job that no position has taken yet, marking it
   * taken by position {@code seq}, in one atomic change; or returns the one position {@code seq}
   * took already.
   *
   * @return the signal's payload, or empty when none is waiting
   */
  Optional<String> takeSignal(String jobId, String name, int seq);
}
