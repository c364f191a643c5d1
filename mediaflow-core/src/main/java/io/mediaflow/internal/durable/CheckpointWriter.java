package io.mediaflow.internal.durable;

import io.mediaflow.api.store.Checkpoint;
import io.mediaflow.api.store.CheckpointStore;
import io.mediaflow.api.store.CheckpointStore.StateSave;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Group commit of step checkpoints and saved states: the checkpoints and {@code saveState}s of
 * different jobs saved at the same time on one engine go to the store together, in one {@link
 * CheckpointStore#saveAll(List, List)} (one transaction on a database), as completions do in a
 * batch. Leader and followers: a caller that finds no write under way writes its own checkpoint at
 * once; callers that come while a write is under way join the next batch and wait; when the write
 * ends, one of them writes that batch for all. Each caller returns only once the write that holds
 * its checkpoint committed, and throws what that write threw.
 *
 * <p>Alone (one job at a time) a step costs one store call, as without batching; under load the
 * store sees one call per batch, however many steps it holds.
 */
final class CheckpointWriter {

  private final Supplier<CheckpointStore> store;
  private final Object lock = new Object();

  /** Whether a write is under way; guarded by {@link #lock}. */
  private boolean writing;

  /** The batch the next write takes; guarded by {@link #lock}. */
  private Batch open;

  CheckpointWriter(Supplier<CheckpointStore> store) {
    this.store = store;
  }

  /** Saves one checkpoint, durably, before returning. */
  void save(Checkpoint checkpoint) {
    write(checkpoint, null);
  }

  /** Saves one named state, durably, before returning. */
  void saveState(StateSave state) {
    write(null, state);
  }

  /** Exactly one of the two is not null. */
  private void write(Checkpoint checkpoint, StateSave state) {
    Batch mine;
    boolean lead;
    synchronized (lock) {
      lead = !writing;
      if (lead) {
        writing = true;
        mine = open; // a batch whose callers are not awake yet goes now, with this one in it
        open = null;
      } else {
        if (open == null) {
          open = new Batch();
        }
        mine = open;
      }
      if (mine != null) {
        mine.add(checkpoint, state);
      }
    }
    if (lead && mine == null) {
      // alone: no batch object at all
      lead(
          checkpoint == null ? List.of() : List.of(checkpoint),
          state == null ? List.of() : List.of(state),
          null);
      return;
    }
    if (lead || awaitTurn(mine)) {
      lead(mine.checkpoints, mine.states, mine);
      return;
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
  }

  /**
   * Waits until the batch is written, or until no write is under way: then this caller writes it.
   *
   * @return true when this caller must write it; false when another caller wrote it
   */
  private boolean awaitTurn(Batch mine) {
    boolean interrupted = false;
    try {
      synchronized (lock) {
        while (!mine.done) {
          if (!writing) {
            writing = true;
            open = null; // mine is the open one: a batch is written before a later one opens
            return true;
          }
          try {
            lock.wait();
          } catch (InterruptedException e) {
            // the write holds this checkpoint: wait for its end, and keep the interrupt for later
            interrupted = true;
          }
        }
        return false;
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void lead(List<Checkpoint> checkpoints, List<StateSave> states, Batch batch) {
    RuntimeException failure = null;
    try {
      if (states.isEmpty()) {
        store.get().saveAll(checkpoints);
      } else {
        store.get().saveAll(checkpoints, states);
      }
    } catch (RuntimeException e) {
      failure = e;
      throw e; // the leader's own step fails; its batch's others get it from the batch
    } catch (Error e) {
      failure = new IllegalStateException("saving checkpoints failed: " + e, e);
      throw e;
    } finally {
      synchronized (lock) {
        writing = false;
        if (batch != null) {
          batch.failure = failure;
          batch.done = true;
        }
        if (batch != null || open != null) {
          lock.notifyAll(); // nobody waits otherwise: a lone step wakes no one
        }
      }
    }
  }

  /** Checkpoints and states written together; guarded by the writer's lock. */
  private static final class Batch {
    final List<Checkpoint> checkpoints = new ArrayList<>();
    final List<StateSave> states = new ArrayList<>();

    void add(Checkpoint checkpoint, StateSave state) {
      if (checkpoint != null) {
        checkpoints.add(checkpoint);
      } else {
        states.add(state);
      }
    }

    boolean done;
    RuntimeException failure;
  }
}
