package io.mediaflow.api.plan;

/**
 * A file an invocation reads.
 *
 * @param index its position among the invocation's inputs ({@code 0:v} refers to index 0)
 * @param inputId the spec's input id
 * @param location the local path the backend opens
 * @param container the input's format as the backend's probe named it ({@link
 *     io.mediaflow.api.media.MediaInfo#container()}), so that the run reads the file the way the
 *     probe did; empty when unknown
 */
public record InvocationInput(int index, String inputId, String location, String container) {

  public InvocationInput {
    container = container == null ? "" : container;
  }

  /** An input whose format is not known: the backend finds it when it runs. */
  public InvocationInput(int index, String inputId, String location) {
    this(index, inputId, location, "");
  }
}
