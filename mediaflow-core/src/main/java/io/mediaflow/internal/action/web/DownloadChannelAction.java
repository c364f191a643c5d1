package io.mediaflow.internal.action.web;

import io.mediaflow.api.Violation;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.MediaSource;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import java.util.List;

/**
 * {@code download.channel}: lists a channel's uploads (newest first, optionally only those since an
 * instant) through the host's {@link MediaSource} and fetches them, each a durable step. A test run
 * lists and fetches nothing.
 */
final class DownloadChannelAction implements Action {

  private static final ActionDescriptor DESCRIPTOR =
      SourceDownloads.descriptor("download.channel", "channel")
          .param(
              ParamSpec.builder("since", ParamType.STRING)
                  .description(
                      "only items published at or after this instant or date (UTC), such as"
                          + " 2026-01-31")
                  .build())
          .build();

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Violation> validate(Params params, ValidationContext ctx) {
    return SourceDownloads.checkSince(params, ctx.path("since")).stream().toList();
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    return SourceDownloads.run(ctx, params, MediaSource.Kind.CHANNEL);
  }
}
