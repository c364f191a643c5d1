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
 * <p>Build one in Java, or read the JSON form with core's {@code JobSpecJson}. Each operation names
 * what it reads with {@code from} and the id of its result with {@code to}, so the two cannot be
 * confused; each output is a destination with its options:
 *
 * {@snippet :
 * JobSpec spec = JobSpec.builder()
 *     .input("main", "file:in.mp4")
 *     .operation("trim").from("main").to("cut").param("start", "2s").param("duration", "5s")
 *     .operation("scale").from("cut").to("small").param("width", 640).param("height", -2)
 *     .output("small", "file:out/clip.mp4").codec(CodecSpec.builder().crf(23).build()).overwrite()
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

  /** A builder for a spec of the {@link #CURRENT_VERSION current version}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A fluent way to write a spec. {@link #operation} and {@link #output} start a step whose own
   * methods set that operation or output; any method of the builder, also called on the step, adds
   * the step to the spec and goes on.
   */
  public static final class Builder {
    private int version = CURRENT_VERSION;
    private final List<InputSpec> inputs = new ArrayList<>();
    private final List<OperationSpec> operations = new ArrayList<>();
    private final List<OutputSpec> outputs = new ArrayList<>();
    private Step pending;

    private Builder() {}

    /** The format version written in the spec; default {@link #CURRENT_VERSION}. */
    public Builder version(int value) {
      addPending();
      this.version = value;
      return this;
    }

    /**
     * Adds an input.
     *
     * @param id how operations and outputs refer to it, such as {@code main}
     * @param source {@code file:in.mp4} or {@code https://host/in.mp4}
     */
    public Builder input(String id, String source) {
      addPending();
      inputs.add(new InputSpec(id, source));
      return this;
    }

    /**
     * Starts an operation: say what it reads with {@link OperationStep#from}, the id of its result
     * with {@link OperationStep#to}, and its parameters with {@link OperationStep#param}.
     *
     * @param op the operator's name, such as {@code scale}
     */
    public OperationStep operation(String op) {
      addPending();
      OperationStep step = new OperationStep(this, Objects.requireNonNull(op, "op"));
      pending = step;
      return step;
    }

    /**
     * Starts an output with default encoding, no tags, every track and no overwrite; the step's
     * methods change those.
     *
     * @param id the input or operation result to write
     * @param destination where, such as {@code file:out/clip.mp4}
     */
    public OutputStep output(String id, String destination) {
      addPending();
      OutputStep step =
          new OutputStep(
              this,
              Objects.requireNonNull(id, "id"),
              Objects.requireNonNull(destination, "destination"));
      pending = step;
      return step;
    }

    /** Adds an output made elsewhere. */
    public Builder output(OutputSpec output) {
      addPending();
      outputs.add(Objects.requireNonNull(output, "output"));
      return this;
    }

    /**
     * The spec.
     *
     * @throws IllegalStateException when an operation has no result id ({@code .to(...)} missing)
     */
    public JobSpec build() {
      addPending();
      return new JobSpec(version, inputs, operations, outputs);
    }

    private void addPending() {
      Step step = pending;
      if (step != null) {
        pending = null;
        step.added = true;
        step.addTo(this);
      }
    }
  }

  /**
   * A step of the {@link Builder} being written: the methods here end it and go on with the
   * builder.
   */
  public abstract static sealed class Step permits OperationStep, OutputStep {
    private final Builder builder;
    private boolean added;

    private Step(Builder builder) {
      this.builder = builder;
    }

    /** Ends this step; see {@link Builder#input}. */
    public Builder input(String id, String source) {
      return builder.input(id, source);
    }

    /** Ends this step; see {@link Builder#operation}. */
    public OperationStep operation(String op) {
      return builder.operation(op);
    }

    /** Ends this step; see {@link Builder#output(String, String)}. */
    public OutputStep output(String id, String destination) {
      return builder.output(id, destination);
    }

    /** Ends this step; see {@link Builder#output(OutputSpec)}. */
    public Builder output(OutputSpec output) {
      return builder.output(output);
    }

    /** Ends this step; see {@link Builder#build}. */
    public JobSpec build() {
      return builder.build();
    }

    abstract void addTo(Builder b);

    /** The name this step has in messages, such as {@code operation 'scale'}. */
    abstract String describe();

    final void checkOpen() {
      if (added) {
        throw new IllegalStateException(
            describe()
                + " is already part of the spec: set its options before the next operation,"
                + " output or build()");
      }
    }

    final void once(Object current, String name) {
      checkOpen();
      if (current != null) {
        throw new IllegalStateException(
            name + " of " + describe() + " was already set to " + current);
      }
    }
  }

  /** An operation being written: what it reads, its result's id, its parameters. */
  public static final class OperationStep extends Step {
    private final String op;
    private List<String> inputs;
    private String output;
    private final Map<String, Object> params = new LinkedHashMap<>();

    private OperationStep(Builder builder, String op) {
      super(builder);
      this.op = op;
    }

    /**
     * The ids it reads, inputs or results of other operations, in the operator's order (overlay:
     * base, then top).
     */
    public OperationStep from(String... ids) {
      return from(Arrays.asList(ids));
    }

    /** As {@link #from(String...)}, for ids in a list. */
    public OperationStep from(List<String> ids) {
      once(inputs, "from");
      inputs = List.copyOf(ids);
      return this;
    }

    /** The id of its result, which later operations and outputs refer to. */
    public OperationStep to(String id) {
      once(output, "to");
      output = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * One parameter: a string, number, boolean, list or map, as in the JSON form.
     *
     * @throws IllegalStateException when {@code name} was already set
     */
    public OperationStep param(String name, Object value) {
      checkOpen();
      Objects.requireNonNull(name, "name");
      if (params.containsKey(name)) {
        throw new IllegalStateException(
            "param '"
                + name
                + "' of "
                + describe()
                + " was already set to "
                + params.get(name)
                + "; set each parameter once");
      }
      params.put(name, value);
      return this;
    }

    /** Several parameters, in the map's order; as {@link #param} for each. */
    public OperationStep params(Map<String, ?> values) {
      Objects.requireNonNull(values, "values").forEach(this::param);
      return this;
    }

    @Override
    void addTo(Builder b) {
      if (output == null) {
        throw new IllegalStateException(
            describe()
                + " (operations["
                + b.operations.size()
                + "]) has no result id: add .to(\"id\") after .operation(\""
                + op
                + "\")");
      }
      b.operations.add(new OperationSpec(op, inputs == null ? List.of() : inputs, output, params));
    }

    @Override
    String describe() {
      return "operation '" + op + "'";
    }
  }

  /** An output being written: its encoding, tags, tracks and whether it may replace a file. */
  public static final class OutputStep extends Step {
    private final String id;
    private final String destination;
    private CodecSpec codec;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private List<StreamSelector> streams;
    private boolean overwrite;

    private OutputStep(Builder builder, String id, String destination) {
      super(builder);
      this.id = id;
      this.destination = destination;
    }

    /** How to encode it; default {@link CodecSpec#DEFAULT}, the container's defaults. */
    public OutputStep codec(CodecSpec value) {
      once(codec, "codec");
      codec = Objects.requireNonNull(value, "codec");
      return this;
    }

    /** A container tag such as {@code title}. */
    public OutputStep metadata(String key, String value) {
      checkOpen();
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      String before = metadata.putIfAbsent(key, value);
      if (before != null) {
        throw new IllegalStateException(
            "metadata '" + key + "' of " + describe() + " was already set to \"" + before + "\"");
      }
      return this;
    }

    /** Which tracks to keep; without it every track the container can hold is kept. */
    public OutputStep streams(StreamSelector... selectors) {
      once(streams, "streams");
      streams = List.of(selectors);
      return this;
    }

    /**
     * Lets it replace a file that exists at the destination; without it such a file is refused with
     * {@code DESTINATION_EXISTS}.
     */
    public OutputStep overwrite() {
      checkOpen();
      overwrite = true;
      return this;
    }

    @Override
    void addTo(Builder b) {
      b.outputs.add(
          new OutputSpec(
              id,
              destination,
              codec == null ? CodecSpec.DEFAULT : codec,
              metadata,
              streams == null ? List.of() : streams,
              overwrite));
    }

    @Override
    String describe() {
      return "output '" + id + "' (" + destination + ")";
    }
  }
}
