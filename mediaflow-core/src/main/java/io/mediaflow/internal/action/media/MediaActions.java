package io.mediaflow.internal.action.media;

import io.mediaflow.api.action.Action;
import java.util.List;

/**
 * The built-in media actions: media.process, media.convert, media.extract_audio, media.thumbnail,
 * media.metadata, media.probe. Every one that writes runs its work as a media job through {@code
 * ActionContext.runMedia}; docs/actions.md ("Media") lists their parameters, outputs and codes.
 */
public final class MediaActions {

  private MediaActions() {}

  /** One instance of each. */
  public static List<Action> all() {
    return List.of(
        new ProcessAction(),
        new ConvertAction(),
        new ExtractAudioAction(),
        new ThumbnailAction(),
        new MetadataAction(),
        new ProbeAction());
  }
}
