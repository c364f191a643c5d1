package io.mediaflow.web;

import io.mediaflow.api.action.MediaItem;
import io.mediaflow.api.action.MediaSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A media source found through ServiceLoader (declared in the tests'
 * META-INF/services/io.mediaflow.api.action.MediaSource): it supports one URL only, so it stays out
 * of the other tests' way.
 */
public final class ClassPathMediaSource implements MediaSource {

  /** The one URL it lists. */
  public static final String URL = "classpath://playlist";

  @Override
  public String name() {
    return "classpath";
  }

  @Override
  public boolean supports(String url) {
    return URL.equals(url);
  }

  @Override
  public List<MediaItem> list(Listing listing) {
    return List.of(MediaItem.of("cp1", "From the class path", "classpath://cp1"));
  }

  @Override
  public Path fetch(MediaItem item, Fetch fetch) throws IOException {
    return Files.writeString(fetch.directory().resolve(item.id() + "." + fetch.format()), "cp");
  }
}
