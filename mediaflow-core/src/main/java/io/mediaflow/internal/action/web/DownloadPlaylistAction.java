package io.mediaflow.internal.action.web;

import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.MediaSource;
import io.mediaflow.api.operator.Params;

/**
 * {@code download.playlist}: lists a playlist through the host's {@link MediaSource} and fetches
 * its items, each a durable step. A test run lists and fetches nothing.
 */
final class DownloadPlaylistAction implements Action {

  private static final ActionDescriptor DESCRIPTOR =
      SourceDownloads.descriptor("download.playlist", "playlist").build();

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    return SourceDownloads.run(ctx, params, MediaSource.Kind.PLAYLIST);
  }
}
