package io.mediaflow.internal.action.web;

import io.mediaflow.api.action.Action;
import java.util.List;

/** The built-in web actions: download.url, download.playlist, download.channel, http.request. */
public final class WebActions {

  private WebActions() {}

  /** One instance of each. */
  public static List<Action> all() {
    return List.of(
        new DownloadUrlAction(),
        new DownloadPlaylistAction(),
        new DownloadChannelAction(),
        new HttpRequestAction());
  }
}
