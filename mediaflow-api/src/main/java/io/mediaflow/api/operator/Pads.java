package io.mediaflow.api.operator;

import io.mediaflow.api.media.StreamType;
import java.util.List;

/**
 * The pad lists {@link FilterFragment.Builder#chain} uses most, made once: the first streams of the
 * first inputs and the first local pads of each type ({@code v0}, {@code a3}). Pads are immutable
 * values, so sharing them is invisible; a plan of 10,000 operations then allocates none of them.
 */
final class Pads {

  private static final int CACHED = 16;
  private static final List<PadRef>[][] INPUTS = build(true);
  private static final List<PadRef>[][] LOCALS = build(false);

  private Pads() {}

  /** {@code List.of(PadRef.input(index, type))}. */
  static List<PadRef> input(int index, StreamType type) {
    return index < CACHED ? INPUTS[type.ordinal()][index] : List.of(PadRef.input(index, type));
  }

  /** {@code List.of(PadRef.local(type.specifier() + number))}. */
  static List<PadRef> local(StreamType type, int number) {
    return number < CACHED
        ? LOCALS[type.ordinal()][number]
        : List.of(PadRef.local(type.specifier() + number));
  }

  @SuppressWarnings("unchecked")
  private static List<PadRef>[][] build(boolean inputs) {
    StreamType[] types = StreamType.values();
    List<PadRef>[][] lists = (List<PadRef>[][]) new List<?>[types.length][CACHED];
    for (StreamType type : types) {
      for (int k = 0; k < CACHED; k++) {
        lists[type.ordinal()][k] =
            List.of(inputs ? PadRef.input(k, type) : PadRef.local(type.specifier() + k));
      }
    }
    return lists;
  }
}
