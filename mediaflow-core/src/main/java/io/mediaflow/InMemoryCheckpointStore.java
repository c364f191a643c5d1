package io.mediaflow;

import io.mediaflow.api.store.Checkpoint;
import io.mediaflow.api.store.CheckpointStore;
import io.mediaflow.api.store.SavedState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The checkpoints of an {@link InMemoryStorage}: per job, its history (an array indexed by
 * position), its saved states and the signals sent to it, each job's guarded by its own monitor.
 * There is no lock over all jobs, so engines checkpointing many jobs at once do not queue on each
 * other.
 *
 * <p>A checkpoint, state or signal of a job that the job store no longer holds (deleted, purged or
 * dropped by the finished-jobs limit) is dropped with it; one saved for such a job is dropped too.
 * A batch ({@link #saveAll}) cannot fail halfway here: each job's checkpoints of the batch appear
 * together.
 */
final class InMemoryCheckpointStore implements CheckpointStore {

  private static final Checkpoint[] NONE = new Checkpoint[0];

  private final ConcurrentHashMap<String, History> byJob = new ConcurrentHashMap<>();
  private final Predicate<String> jobExists;

  /**
   * @param jobExists whether the job store still holds a job; read without its lock
   */
  InMemoryCheckpointStore(Predicate<String> jobExists) {
    this.jobExists = jobExists;
  }

  /** One job's durable data; guarded by its own monitor. */
  private static final class History {
    Checkpoint[] steps = NONE; // indexed by seq; null where none was saved
    int end; // highest seq saved + 1
    HashMap<String, SavedState> states;
    ArrayList<Signal> signals; // in the order they were sent
  }

  /** A signal sent to a job; {@code takenBy} is the position that took it, or -1. */
  private static final class Signal {
    final String name;
    final String payload;
    int takenBy = -1;

    Signal(String name, String payload) {
      this.name = name;
      this.payload = payload;
    }
  }

  @Override
  public List<Checkpoint> history(String jobId, int fromSeq) {
    Objects.requireNonNull(jobId, "jobId");
    if (fromSeq < 0) {
      throw new IllegalArgumentException("fromSeq must be 0 or more but was " + fromSeq);
    }
    History h = byJob.get(jobId);
    if (h == null) {
      return List.of();
    }
    synchronized (h) {
      if (fromSeq >= h.end) {
        return List.of();
      }
      List<Checkpoint> out = new ArrayList<>(h.end - fromSeq);
      for (int i = fromSeq; i < h.end; i++) {
        Checkpoint c = h.steps[i];
        if (c != null) {
          out.add(c);
        }
      }
      return out;
    }
  }

  @Override
  public void save(Checkpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    saveOne(checkpoint);
  }

  @Override
  public void saveAll(List<Checkpoint> checkpoints) {
    // copied first: a null anywhere fails the batch before anything is saved
    List<Checkpoint> batch = List.copyOf(checkpoints);
    for (int i = 0, n = batch.size(); i < n; i++) {
      saveOne(batch.get(i));
    }
  }

  private void saveOne(Checkpoint c) {
    String jobId = c.jobId();
    if (!jobExists.test(jobId)) {
      return;
    }
    History h = byJob.computeIfAbsent(jobId, id -> new History());
    synchronized (h) {
      int seq = c.seq();
      if (seq >= h.steps.length) {
        h.steps = Arrays.copyOf(h.steps, Math.max(seq + 1, Math.max(8, h.steps.length * 2)));
      }
      if (h.steps[seq] == null) { // the first writer at a position wins
        h.steps[seq] = c;
        h.end = Math.max(h.end, seq + 1);
      }
    }
    dropIfGone(jobId, h);
  }

  @Override
  public void saveState(String jobId, String name, SavedState state) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    if (!jobExists.test(jobId)) {
      return;
    }
    History h = byJob.computeIfAbsent(jobId, id -> new History());
    synchronized (h) {
      if (h.states == null) {
        h.states = new HashMap<>(4);
      }
      h.states.put(name, state);
    }
    dropIfGone(jobId, h);
  }

  @Override
  public Optional<SavedState> loadState(String jobId, String name) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(name, "name");
    History h = byJob.get(jobId);
    if (h == null) {
      return Optional.empty();
    }
    synchronized (h) {
      return h.states == null ? Optional.empty() : Optional.ofNullable(h.states.get(name));
    }
  }

  @Override
  public Optional<String> takeSignal(String jobId, String name, int seq) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(name, "name");
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be 0 or more but was " + seq);
    }
    History h = byJob.get(jobId);
    if (h == null) {
      return Optional.empty();
    }
    synchronized (h) {
      if (h.signals == null) {
        return Optional.empty();
      }
      Signal oldest = null;
      for (Signal s : h.signals) {
        if (s.takenBy == seq) {
          return Optional.of(s.payload); // a re-run gets what the first run took
        }
        if (oldest == null && s.takenBy < 0 && s.name.equals(name)) {
          oldest = s;
        }
      }
      if (oldest == null) {
        return Optional.empty();
      }
      oldest.takenBy = seq;
      return Optional.of(oldest.payload);
    }
  }

  // ---- for the job store, which calls these under its own lock ----

  /** Stores a signal for a job the job store holds; the caller checked that it does. */
  void addSignal(String jobId, String name, String payload) {
    History h = byJob.computeIfAbsent(jobId, id -> new History());
    synchronized (h) {
      if (h.signals == null) {
        h.signals = new ArrayList<>(2);
      }
      h.signals.add(new Signal(name, payload));
    }
  }

  /** Whether a signal {@code name} no position has taken is stored for the job. */
  boolean hasUntakenSignal(String jobId, String name) {
    History h = byJob.get(jobId);
    if (h == null) {
      return false;
    }
    synchronized (h) {
      if (h.signals != null) {
        for (Signal s : h.signals) {
          if (s.takenBy < 0 && s.name.equals(name)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /** Drops everything kept for a job the job store just removed. */
  void forget(String jobId) {
    byJob.remove(jobId);
  }

  /** How many jobs have checkpoints, states or signals, for {@link InMemoryStorage#toString()}. */
  int size() {
    return byJob.size();
  }

  /**
   * A save that raced the job's removal: the job store removes the job before its history, and a
   * save adds to the history before this check, so one of the two removes it.
   */
  private void dropIfGone(String jobId, History h) {
    if (!jobExists.test(jobId)) {
      byJob.remove(jobId, h);
    }
  }
}
