package io.mediaflow.api.action;

import java.util.List;
import java.util.Objects;

/**
 * Several {@link MediaSource}s a host registers at once, asked in this order: {@code
 * MediaFlow.builder().actionService(MediaSources.class, MediaSources.of(ytDlp, feeds))}.
 *
 * @param sources in the order they are asked
 */
public record MediaSources(List<MediaSource> sources) {

  public MediaSources {
    sources = List.copyOf(sources);
  }

  /** These sources, asked in this order. */
  public static MediaSources of(MediaSource... sources) {
    for (MediaSource s : sources) {
      Objects.requireNonNull(s, "source");
    }
    return new MediaSources(List.of(sources));
  }
}
