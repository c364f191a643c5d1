package io.mediaflow.internal.action.web;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.MediaSource;
import io.mediaflow.api.action.MediaSources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds the {@link MediaSource} for a URL: the host's ({@code actionService(MediaSources.class,
 * ...)}, then {@code actionService(MediaSource.class, ...)}), then those on the class path
 * (ServiceLoader, loaded once), in that order; the first that supports the URL, or the one a node
 * names.
 */
final class MediaSourceFinder {

  /** The class path's sources, loaded at the first use. */
  private static volatile List<MediaSource> loaded;

  private MediaSourceFinder() {}

  /** Every source this context can use, in the order they are asked. */
  static List<MediaSource> available(ActionContext ctx) {
    List<MediaSource> all = new ArrayList<>();
    ctx.service(MediaSources.class).ifPresent(s -> all.addAll(s.sources()));
    ctx.service(MediaSource.class).ifPresent(all::add);
    all.addAll(classPath());
    return all;
  }

  /**
   * The source for {@code url}.
   *
   * @param named the node's {@code source} parameter, if given
   * @throws MediaFlowException {@code NO_MEDIA_SOURCE} when none fits
   */
  static MediaSource find(ActionContext ctx, String url, Optional<String> named, String where) {
    List<MediaSource> all = available(ctx);
    List<String> names = all.stream().map(MediaSource::name).toList();
    if (named.isPresent()) {
      return all.stream()
          .filter(s -> s.name().equals(named.get()))
          .findFirst()
          .orElseThrow(
              () ->
                  new MediaFlowException(
                      WebActionErrors.NO_MEDIA_SOURCE,
                      where + ".source: no media source is named \"" + named.get() + "\"",
                      names.isEmpty()
                          ? "register one: MediaFlow.builder().actionService(MediaSource.class,"
                              + " ...)"
                          : "use one of " + names));
    }
    return all.stream()
        .filter(s -> s.supports(url))
        .findFirst()
        .orElseThrow(
            () ->
                new MediaFlowException(
                    WebActionErrors.NO_MEDIA_SOURCE,
                    where
                        + ".url: no media source handles "
                        + WebText.display(url)
                        + (names.isEmpty() ? " (none is registered)" : " (asked: " + names + ")"),
                    "register a MediaSource for it:"
                        + " MediaFlow.builder().actionService(MediaSource.class, ...), or"
                        + " META-INF/services/io.mediaflow.api.action.MediaSource"));
  }

  private static List<MediaSource> classPath() {
    List<MediaSource> l = loaded;
    if (l == null) {
      List<MediaSource> found = new ArrayList<>();
      ServiceLoader.load(MediaSource.class, MediaSourceFinder.class.getClassLoader())
          .forEach(found::add);
      l = List.copyOf(found);
      loaded = l;
    }
    return l;
  }
}
