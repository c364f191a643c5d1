package io.mediaflow.api.store;

import java.util.Objects;

/**
 * A named value a job keeps ({@link CheckpointStore#saveState}), overwritten by each save.
 *
 * @param value the value as JSON text
 * @param seq the history position it was saved at: the number of checkpoints before it
 */
public record SavedState(String value, int seq) {

  public SavedState {
    Objects.requireNonNull(value, "value");
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be 0 or more but was " + seq);
    }
  }
}
