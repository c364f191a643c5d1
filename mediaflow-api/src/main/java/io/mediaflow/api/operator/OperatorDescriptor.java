package io.mediaflow.api.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an operator is, for validation and for the catalogue: its name, how many inputs it reads,
 * and its parameters.
 *
 * @param name the stable id used in specs
 * @param description one sentence for people
 * @param minInputs the fewest inputs it accepts
 * @param maxInputs the most inputs it accepts ({@link Integer#MAX_VALUE} for no limit)
 * @param params declared parameters, in catalogue order
 * @param outputKind whether the result is a clip or a single still image
 */
public record OperatorDescriptor(
    String name,
    String description,
    int minInputs,
    int maxInputs,
    List<ParamSpec> params,
    OutputKind outputKind) {

  /** What the operator produces. */
  public enum OutputKind {
    /** Moving media (video and/or audio). */
    CLIP,
    /** A single picture. */
    IMAGE
  }

  public OperatorDescriptor {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    if (minInputs < 1 || maxInputs < minInputs) {
      throw new IllegalArgumentException(
          "operator '"
              + name
              + "' inputs must satisfy 1 <= min <= max but were "
              + minInputs
              + ".."
              + maxInputs);
    }
    params = List.copyOf(params);
    Objects.requireNonNull(outputKind, "outputKind");
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public Optional<ParamSpec> param(String paramName) {
    for (ParamSpec p : params) {
      if (p.name().equals(paramName)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  public List<String> paramNames() {
    return params.stream().map(ParamSpec::name).toList();
  }

  /** "1", "2", "at least 2", "1 to 3". */
  public String arityText() {
    if (minInputs == maxInputs) {
      return Integer.toString(minInputs);
    }
    if (maxInputs == Integer.MAX_VALUE) {
      return "at least " + minInputs;
    }
    return minInputs + " to " + maxInputs;
  }

  /** Builds a descriptor. */
  public static final class Builder {
    private final String name;
    private String description = "";
    private int minInputs = 1;
    private int maxInputs = 1;
    private final List<ParamSpec> params = new ArrayList<>();
    private OutputKind outputKind = OutputKind.CLIP;

    private Builder(String name) {
      this.name = name;
    }

    public Builder description(String text) {
      this.description = text;
      return this;
    }

    public Builder inputs(int min, int max) {
      this.minInputs = min;
      this.maxInputs = max;
      return this;
    }

    public Builder param(ParamSpec spec) {
      params.add(spec);
      return this;
    }

    public Builder outputKind(OutputKind kind) {
      this.outputKind = kind;
      return this;
    }

    public OperatorDescriptor build() {
      return new OperatorDescriptor(name, description, minInputs, maxInputs, params, outputKind);
    }
  }
}
