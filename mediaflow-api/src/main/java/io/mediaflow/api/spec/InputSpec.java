package io.mediaflow.api.spec;

import java.util.Objects;

/**
 * A job input.
 *
 * @param id unique among inputs and operation results
 * @param source {@code file:relative/or/absolute.mp4} or {@code https://host/file.mp4}
 */
public record InputSpec(String id, String source) {

  public InputSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
  }
}
