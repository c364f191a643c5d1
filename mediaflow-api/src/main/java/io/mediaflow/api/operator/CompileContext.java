package io.mediaflow.api.operator;

import io.mediaflow.api.media.MediaInfo;
import java.util.List;
import java.util.Objects;

/**
 * What an operator may look at while compiling: the media it reads and the media it produces.
 *
 * @param inputs the media of each input, in the operator's order
 * @param output what {@link Operator#outputMetadata} predicted
 * @param nodeId the id of the result being compiled, which names its measured values
 * @param paths the host's rule for the files parameters name, the one validation used; values of
 *     type {@link ParamType#PATH} arrive already resolved, so this is for files named inside other
 *     values
 */
public record CompileContext(
    List<MediaInfo> inputs, MediaInfo output, String nodeId, PathResolver paths) {

  public CompileContext {
    inputs = List.copyOf(inputs);
    nodeId = nodeId == null ? "" : nodeId;
    Objects.requireNonNull(paths, "paths");
  }

  /** A context that allows no file at all ({@link PathResolver#none()}). */
  public CompileContext(List<MediaInfo> inputs, MediaInfo output, String nodeId) {
    this(inputs, output, nodeId, PathResolver.none());
  }

  /** A context that allows no file at all ({@link PathResolver#none()}). */
  public CompileContext(List<MediaInfo> inputs, MediaInfo output) {
    this(inputs, output, "");
  }

  /**
   * A value the analysis run of this node measures, as a placeholder argument value the runner
   * replaces before the encoding run: {@code measured("input_i")}.
   */
  public String measured(String key) {
    return FilterArg.placeholder(nodeId, key);
  }
}
