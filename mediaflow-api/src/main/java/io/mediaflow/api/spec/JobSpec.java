package io.mediaflow.api.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A declarative media job: inputs, the operations over them, and the files to write.
 *
 * <p>Build one in Java, or read the JSON form with core's {@code JobSpecJson}:
 *
 * {@snippet :
 * JobSpec spec = JobSpec.builder()
 *     .input("main", "file:in.mp4")
 *     .operation("trim", "main", "cut", Map.of("start", "2s", "duration", "5s"))
 *     .operation("scale", "cut", "small", Map.of("width", 640, "height", -2))
 *     .output("small", "file:out/clip.mp4")
 *     .build();
 * }
 *
 * <p>Construction checks only that no field is null; the planner validates everything else and
 * reports every problem with its JSON path.
 *
 * @param version format version; {@link #CURRENT_VERSION} is the newest this library reads
 * @param inputs the files read
 * @param operations the operators applied; may be empty (a pure transcode or remux)
 * @param outputs the files written
 */
public record JobSpec(
    int version, List<InputSpec> inputs, List<OperationSpec> operations, List<OutputSpec> outputs) {

  /** The newest JSON format version this library understands. */
  public static final int CURRENT_VERSION = 1;

  public JobSpec {
    inputs = List.copyOf(inputs);
    operations = List.copyOf(operations);
    outputs = List.copyOf(outputs);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A fluent way to write a spec. */
  public static final class Builder {
    private int version = CURRENT_VERSION;
    private final List<InputSpec> inputs = new ArrayList<>();
    private final List<OperationSpec> operations = new ArrayList<>();
    private final List<OutputSpec> outputs = new ArrayList<>();

    private Builder() {}

    public Builder version(int value) {
      this.version = value;
      return this;
    }

    public Builder input(String id, String source) {
      inputs.add(new InputSpec(id, source));
      return this;
    }

    /** Adds an operation with one input. */
    public Builder operation(String op, String input, String output, Map<String, ?> params) {
      return operation(op, List.of(input), output, params);
    }

    /** Adds an operation reading several inputs, in the operator's order. */
    public Builder operation(
        String op, List<String> inputIds, String output, Map<String, ?> params) {
      Objects.requireNonNull(params, "params");
      operations.add(new OperationSpec(op, inputIds, output, new LinkedHashMap<>(params)));
      return this;
    }

    /** Adds an operation with no parameters, reading the given inputs. */
    public Builder operation(String op, String output, String... inputIds) {
      return operation(op, Arrays.asList(inputIds), output, Map.of());
    }

    public Builder output(String id, String destination) {
      outputs.add(OutputSpec.of(id, destination));
      return this;
    }

    public Builder output(String id, String destination, CodecSpec codec) {
      outputs.add(new OutputSpec(id, destination, codec, Map.of(), List.of(), false));
      return this;
    }

    public Builder output(OutputSpec output) {
      outputs.add(Objects.requireNonNull(output, "output"));
      return this;
    }

    public JobSpec build() {
      return new JobSpec(version, inputs, operations, outputs);
    }
  }
}
