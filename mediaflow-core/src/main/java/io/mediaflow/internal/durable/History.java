package io.mediaflow.internal.durable;

import io.mediaflow.api.store.Checkpoint;
import java.util.List;

/**
 * A job's recorded history as one attempt sees it, with the cursor of the replay: the position the
 * handler's next durable call takes. Loaded once, from the cursor on, when the handler first needs
 * it; positions the attempt adds itself are not read back. Used by the handler's thread only.
 */
final class History {

  private static final List<Checkpoint> NOT_LOADED = List.of();

  private List<Checkpoint> recorded = NOT_LOADED;
  private boolean loaded;

  /** Index in {@link #recorded} of the first checkpoint at or after the cursor. */
  private int next;

  private int cursor;

  int cursor() {
    return cursor;
  }

  boolean loaded() {
    return loaded;
  }

  void load(List<Checkpoint> checkpoints) {
    recorded = checkpoints;
    loaded = true;
    next = 0;
  }

  /** Moves the cursor forward to {@code seq} (a loaded state's place); never back. */
  void jumpTo(int seq) {
    if (seq > cursor) {
      cursor = seq;
    }
  }

  /**
   * The checkpoint recorded at the cursor, checked against what the handler asks for there; null
   * when the history has none there (the call runs for real). Does not move the cursor.
   *
   * @throws io.mediaflow.api.MediaFlowException {@code NON_DETERMINISTIC_REPLAY} when the history
   *     has another call there
   */
  Checkpoint expect(String jobId, Checkpoint.Kind kind, String name) {
    List<Checkpoint> r = recorded;
    int i = next;
    while (i < r.size() && r.get(i).seq() < cursor) {
      i++;
    }
    next = i;
    if (i == r.size()) {
      return null;
    }
    Checkpoint c = r.get(i);
    if (c.seq() != cursor) {
      return null;
    }
    if (c.kind() != kind || !c.name().equals(name)) {
      throw DurableErrors.divergent(jobId, cursor, c, kind, name);
    }
    return c;
  }

  /** The call at the cursor is answered or recorded: the next call takes the next position. */
  int advance() {
    return cursor++;
  }
}
