package io.mediaflow.api.operator;

import io.mediaflow.api.media.StreamType;
import java.util.Objects;

/**
 * A connection point inside a {@link FilterFragment}: a stream of one of the operator's inputs, or
 * a pad local to the fragment. The planner turns these into labels of the job's filter graph.
 */
public sealed interface PadRef {

  /** The stream of the given type of the operator's {@code index}-th input. */
  static PadRef input(int index, StreamType type) {
    return new Input(index, type);
  }

  /** A pad that only this fragment uses; the name is made unique by the planner. */
  static PadRef local(String name) {
    return new Local(name);
  }

  /** A stream of one of the operator's inputs. */
  record Input(int index, StreamType type) implements PadRef {
    public Input {
      if (index < 0) {
        throw new IllegalArgumentException("input index must be >= 0 but was " + index);
      }
      Objects.requireNonNull(type, "type");
    }
  }

  /** A pad inside the fragment. */
  record Local(String name) implements PadRef {
    public Local {
      if (!Names.isWord(name, true)) {
        throw new IllegalArgumentException(
            "a local pad name must be letters, digits or '_' but was " + name);
      }
    }
  }
}
