package io.mediaflow.api.operator;

import io.mediaflow.api.media.MediaInfo;
import java.util.List;

/**
 * What an operator may look at while compiling: the media it reads and the media it produces.
 *
 * @param inputs the media of each input, in the operator's order
 * @param output what {@link Operator#outputMetadata} predicted
 */
public record CompileContext(List<MediaInfo> inputs, MediaInfo output) {

  public CompileContext {
    inputs = List.copyOf(inputs);
  }
}
