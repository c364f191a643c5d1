package io.mediaflow.internal.media;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.internal.storage.MediaStorages;
import java.nio.file.Path;
import java.util.List;

/**
 * What a media job stores as its result: {@code {"outputs":["/abs/out.mp4", "s3://b/k.mp4", ...]}},
 * where each output went in the order of the spec's outputs: the real path of a local file, the
 * destination as written for a remote one. Written and read by Jackson; a result that is not of
 * this shape is an error, not an empty list.
 *
 * @param outputs absolute paths and remote locations, as text so that any name survives the round
 *     trip
 */
public record MediaJobResult(List<String> outputs) {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** Named for Jackson explicitly: a record's component names are not its constructor's. */
  @JsonCreator
  public MediaJobResult(@JsonProperty(value = "outputs", required = true) List<String> outputs) {
    this.outputs = List.copyOf(outputs);
  }

  /** The result of a run that wrote {@code written}. */
  public static MediaJobResult of(List<Path> written) {
    return new MediaJobResult(written.stream().map(p -> p.toAbsolutePath().toString()).toList());
  }

  /** The local files, as paths; remote locations ({@code s3://…}) are left out. */
  public List<Path> paths() {
    return outputs.stream().filter(o -> !MediaStorages.isRemote(o)).map(Path::of).toList();
  }

  /** The stored form. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a media job result could not be written as JSON", e);
    }
  }

  /**
   * Reads a stored result.
   *
   * @throws MediaFlowException {@code INTERNAL} when {@code json} is not a media job's result
   */
  public static MediaJobResult parse(String json) {
    try {
      MediaJobResult read = JSON.readValue(json, MediaJobResult.class);
      if (read == null) { // the document "null"; a null output fails in the constructor
        throw new IllegalArgumentException("no outputs");
      }
      return read;
    } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
      throw new MediaFlowException(
          ErrorCode.INTERNAL,
          "the stored result of a media job is not a list of outputs: " + e.getMessage(),
          "a job of type media must only be run by mediaflow's own handler",
          false,
          e);
    }
  }
}
