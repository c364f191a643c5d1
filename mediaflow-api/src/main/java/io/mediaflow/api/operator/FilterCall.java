package io.mediaflow.api.operator;

import java.util.List;
import java.util.Objects;

/**
 * One filter in a fragment: its name, its options, and the pads it reads and writes.
 *
 * @param name the FFmpeg filter name, such as {@code scale}
 * @param args its options, in order
 * @param inputs the pads it reads
 * @param outputs the pads it writes
 */
public record FilterCall(
    String name, List<FilterArg> args, List<PadRef> inputs, List<PadRef> outputs) {

  public FilterCall {
    Objects.requireNonNull(name, "name");
    if (!Names.isWord(name, false)) {
      throw new IllegalArgumentException(
          "a filter name is lower-case letters, digits or '_' but was \"" + name + "\"");
    }
    args = List.copyOf(args);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
