package io.mediaflow.api.operator;

import io.mediaflow.api.media.StreamType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an operator compiles to: filters as structured data, never as a raw string, and for each
 * stream type it produces, the pad that carries it. A stream type it does not list is dropped (a
 * thumbnail has no audio). A result pad that is one of the inputs' streams means "passed through
 * untouched", which lets the planner copy that stream instead of re-encoding it.
 *
 * {@snippet :
 * FilterFragment f = FilterFragment.builder()
 *     .chain(StreamType.VIDEO, 0, new FilterCall("scale",
 *         List.of(FilterArg.of("w", 640), FilterArg.of("h", -2)), List.of(), List.of()))
 *     .passThrough(StreamType.AUDIO, 0)
 *     .build();
 * }
 *
 * @param filters the filters, in an order where every pad is written before it is read
 * @param results for each stream type produced, the pad that carries it
 */
public record FilterFragment(List<FilterCall> filters, Map<StreamType, PadRef> results) {

  public FilterFragment {
    filters = List.copyOf(filters);
    EnumMap<StreamType, PadRef> copy = new EnumMap<>(StreamType.class);
    copy.putAll(results);
    results = Collections.unmodifiableMap(copy);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds fragments, mostly as simple chains of one-in one-out filters. */
  public static final class Builder {
    private final List<FilterCall> filters = new ArrayList<>();
    private final Map<StreamType, PadRef> results = new EnumMap<>(StreamType.class);
    private int counter;

    private Builder() {}

    /**
     * Appends a chain over one stream of one input: each filter reads the previous one's output;
     * the chain's last pad becomes the result for {@code type}. The filters' own pad lists are
     * ignored and filled in.
     */
    public Builder chain(StreamType type, int inputIndex, FilterCall... chain) {
      if (chain.length == 0) {
        return passThrough(type, inputIndex);
      }
      List<PadRef> previous = Pads.input(inputIndex, type);
      for (FilterCall call : chain) {
        List<PadRef> next = Pads.local(type, counter++);
        filters.add(new FilterCall(call.name(), call.args(), previous, next));
        previous = next;
      }
      results.put(type, previous.get(0));
      return this;
    }

    /** The stream of {@code type} of input {@code inputIndex} is the result, untouched. */
    public Builder passThrough(StreamType type, int inputIndex) {
      results.put(type, PadRef.input(inputIndex, type));
      return this;
    }

    /** Adds a filter with explicit pads, for graphs that are not simple chains. */
    public Builder filter(FilterCall call) {
      filters.add(Objects.requireNonNull(call, "call"));
      return this;
    }

    /** Declares the pad that carries the result of {@code type}. */
    public Builder result(StreamType type, PadRef pad) {
      results.put(type, Objects.requireNonNull(pad, "pad"));
      return this;
    }

    public FilterFragment build() {
      return new FilterFragment(filters, results);
    }
  }

  /** A filter call whose pads are filled in by {@link Builder#chain}. */
  public static FilterCall filter(String name, FilterArg... args) {
    return new FilterCall(name, List.of(args), List.of(), List.of());
  }
}
