package io.mediaflow;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.internal.spec.JobSpecReader;
import io.mediaflow.internal.spec.JobSpecWriter;
import java.nio.file.Path;

/**
 * The JSON form of a {@link JobSpec}: the public, versioned wire format described in {@code
 * docs/jobspec.md} and {@code docs/jobspec.schema.json}.
 *
 * <p>Reading is strict: an unknown field, a missing required field or a value of the wrong JSON
 * type is an error, and every problem in the document is reported at once in one {@link
 * ValidationException}, each {@link Violation} with the JSON path where it is ({@code
 * outputs[0].codec.crf}). Reading checks the shape of the document only; what the values mean
 * (known operators, ids that exist, paths inside the allowed roots) is checked by the planner.
 *
 * {@snippet :
 * JobSpec spec = JobSpecJson.read(Path.of("job.json"));
 * String json = JobSpecJson.write(spec); // JobSpecJson.parse(json) equals spec
 * }
 */
public final class JobSpecJson {

  private JobSpecJson() {}

  /**
   * Reads a spec from JSON text.
   *
   * @throws ValidationException listing every problem, each with its JSON path: {@code
   *     MALFORMED_JSON} (with line and column), {@code UNKNOWN_FIELD}, {@code MISSING_FIELD},
   *     {@code WRONG_TYPE}, {@code OUT_OF_RANGE}, {@code INVALID_VALUE} or {@code
   *     UNSUPPORTED_VERSION}
   */
  public static JobSpec parse(String json) {
    return JobSpecReader.parse(json);
  }

  /**
   * Reads a spec from a UTF-8 JSON file.
   *
   * @throws MediaFlowException {@code INPUT_NOT_FOUND} when the file does not exist, {@code
   *     INPUT_UNREADABLE} when it cannot be read or is not UTF-8 text
   * @throws ValidationException as {@link #parse}
   */
  public static JobSpec read(Path file) {
    return JobSpecReader.read(file);
  }

  /**
   * Writes a spec as pretty-printed JSON with a stable field order, leaving out every field that
   * has its default value ({@code version} is always written). {@code parse(write(spec))} equals
   * {@code spec} when every parameter value is a string, a boolean, an {@code Integer}, a {@code
   * Long}, a {@code Double}, {@code null}, or a list or map of those.
   *
   * @throws ValidationException with {@code WRONG_TYPE} when a parameter value has no JSON form
   */
  public static String write(JobSpec spec) {
    return JobSpecWriter.write(spec);
  }
}
