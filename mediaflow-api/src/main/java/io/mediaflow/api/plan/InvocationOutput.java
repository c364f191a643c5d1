package io.mediaflow.api.plan;

import io.mediaflow.api.spec.CodecSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A file an invocation writes.
 *
 * @param outputId the spec output's index as {@code outputs[0]}, for messages
 * @param nodeId the spec id written (an input or an operation result)
 * @param location the local path of the destination
 * @param container the container format ({@code mp4}, {@code matroska}, {@code image2}, …)
 * @param stillImage whether exactly one picture is written
 * @param streams the tracks, in output order
 * @param codec the encoding settings as resolved (codec names filled in from the container)
 * @param metadata container tags to set
 * @param overwrite whether an existing destination may be replaced
 */
public record InvocationOutput(
    String outputId,
    String nodeId,
    String location,
    String container,
    boolean stillImage,
    List<OutputStream> streams,
    CodecSpec codec,
    Map<String, String> metadata,
    boolean overwrite) {

  public InvocationOutput {
    streams = List.copyOf(streams);
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** The same output written somewhere else, such as a temp file beside the destination. */
  public InvocationOutput withLocation(String newLocation) {
    return new InvocationOutput(
        outputId, nodeId, newLocation, container, stillImage, streams, codec, metadata, overwrite);
  }
}
