package io.mediaflow.internal.action.media;

import io.mediaflow.api.action.Action;
import java.util.List;

/**
 * The built-in media actions: media.process, media.convert, media.extract_audio, media.thumbnail,
 * media.metadata, media.probe.
 */
public final class MediaActions {

  private MediaActions() {}

  /** One instance of each. */
  public static List<Action> all() {
    return List.of();
  }
}
