package io.mediaflow.internal.spec;

import java.util.List;
import java.util.Optional;

/**
 * The objects of the JobSpec JSON format and the fields each may hold: the one list the reader
 * checks documents against. {@code docs/jobspec.schema.json} is written by hand for people and
 * editors; {@code JobSpecSchemaTest} walks it next to these lists and fails when they disagree.
 */
public enum SpecObject {
  /** The document. {@code $schema} is accepted (and ignored) so editors can find the schema. */
  DOCUMENT(
      "the document",
      List.of("$schema", "version", "inputs", "operations", "outputs"),
      // inputs and outputs may be left out here: the planner reports NO_INPUTS / NO_OUTPUTS
      List.of()),
  INPUT("an input", List.of("id", "source", "read"), List.of("id", "source")),
  OPERATION(
      "an operation", List.of("op", "input", "output", "params"), List.of("op", "input", "output")),
  OUTPUT(
      "an output",
      List.of("id", "destination", "codec", "metadata", "streams", "overwrite"),
      List.of("id", "destination")),
  CODEC(
      "codec",
      List.of(
          "video",
          "audio",
          "crf",
          "videoBitrate",
          "audioBitrate",
          "preset",
          "sampleRate",
          "channels",
          "container",
          "hardware",
          "threads"),
      List.of()),
  STREAM("a stream selector", List.of("type", "language", "index"), List.of("type"));

  private final String description;
  private final List<String> fields;
  private final List<String> required;

  SpecObject(String description, List<String> fields, List<String> required) {
    this.description = description;
    this.fields = fields;
    this.required = required;
  }

  /** How messages name it: {@code unknown field "x" in an input}. */
  public String description() {
    return description;
  }

  /** Every field it may hold, in the order the format documents them. */
  public List<String> fields() {
    return fields;
  }

  /** The fields the reader reports as {@code MISSING_FIELD} when absent. */
  public List<String> required() {
    return required;
  }

  /**
   * The object a field holds (or holds a list of), for the fields that hold objects of the format;
   * empty for values and for {@code params}, whose content the operator defines.
   */
  public Optional<SpecObject> child(String field) {
    SpecObject child =
        switch (this) {
          case DOCUMENT ->
              switch (field) {
                case "inputs" -> INPUT;
                case "operations" -> OPERATION;
                case "outputs" -> OUTPUT;
                default -> null;
              };
          case OUTPUT ->
              switch (field) {
                case "codec" -> CODEC;
                case "streams" -> STREAM;
                default -> null;
              };
          default -> null;
        };
    return Optional.ofNullable(child);
  }
}
