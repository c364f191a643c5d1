package io.mediaflow.api.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A file the job writes. In Java, write it with the spec's builder rather than this constructor:
 *
 * {@snippet :
 * JobSpec.builder()
 *     .input("main", "file:in.mp4")
 *     .output("main", "file:out/clip.webm")
 *     .codec(CodecSpec.builder().video("vp9").crf(31).build())
 *     .metadata("title", "Clip")
 *     .streams(StreamSelector.all(StreamType.VIDEO), new StreamSelector(StreamType.AUDIO, "eng", 0))
 *     .overwrite()
 *     .build();
 * }
 *
 * @param id the input or operation result written here; several outputs may name the same one
 * @param destination {@code file:out/clip.mp4}
 * @param codec how to encode it; {@link CodecSpec#DEFAULT} for the container's defaults
 * @param metadata container tags such as {@code title}
 * @param streams which tracks to keep; empty keeps every track the container can hold
 * @param overwrite whether an existing destination may be replaced
 */
public record OutputSpec(
    String id,
    String destination,
    CodecSpec codec,
    Map<String, String> metadata,
    List<StreamSelector> streams,
    boolean overwrite) {

  public OutputSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(destination, "destination");
    codec = codec == null ? CodecSpec.DEFAULT : codec;
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    streams = List.copyOf(streams);
  }

  /** An output with default encoding, no tags, every track, no overwrite. */
  public static OutputSpec of(String id, String destination) {
    return new OutputSpec(id, destination, CodecSpec.DEFAULT, Map.of(), List.of(), false);
  }
}
