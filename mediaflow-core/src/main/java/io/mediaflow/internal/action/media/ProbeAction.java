package io.mediaflow.internal.action.media;

import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.media.AudioStream;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.VideoStream;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.storage.MediaStorage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code media.probe}: what a media file holds (container, duration, size, tracks, tags), through
 * {@link ActionContext#probe}, for later nodes' conditions and templates. It writes nothing; a test
 * run still runs no media tool and reports the outputs' shape.
 */
final class ProbeAction implements Action {

  static final String NAME = "media.probe";

  private static final ActionDescriptor DESCRIPTOR =
      ActionDescriptor.builder(NAME)
          .description("Reads what a media file holds: format, duration, size, tracks and tags.")
          .category("media")
          .param(MediaFiles.input())
          .output(ActionOutput.of("path", "the file probed", "/placeholder/input.mp4"))
          .output(ActionOutput.of("container", "the format as the backend names it", "mp4"))
          .output(ActionOutput.of("duration", "playing time in seconds", 0.0))
          .output(ActionOutput.of("size", "size in bytes", 0))
          .output(ActionOutput.of("bitrate", "overall bits per second; 0 when unknown", 0))
          .output(ActionOutput.of("hasVideo", "whether it has a video track", false))
          .output(ActionOutput.of("hasAudio", "whether it has an audio track", false))
          .output(ActionOutput.of("width", "the first video track's width; 0 without", 0))
          .output(ActionOutput.of("height", "the first video track's height; 0 without", 0))
          .output(ActionOutput.of("fps", "its frames per second; 0 without", 0.0))
          .output(ActionOutput.of("videoCodec", "its codec; empty without", ""))
          .output(ActionOutput.of("audioCodec", "the first audio track's codec; empty without", ""))
          .output(ActionOutput.of("audioTracks", "how many audio tracks", 0))
          .output(ActionOutput.of("subtitleTracks", "how many subtitle tracks", 0))
          .output(ActionOutput.of("tags", "container tags", Map.of()))
          .dryRun(DryRun.DESCRIBES_ITSELF)
          .error(MediaActionErrors.INPUT_MISSING)
          .error(MediaActionErrors.PROBE_FAILED)
          .build();

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) {
    MediaPlace input = MediaFiles.input(params);
    if (ctx.dryRun()) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (ActionOutput o : DESCRIPTOR.outputs()) {
        out.put(o.name(), o.placeholder());
      }
      out.put("path", input.toString());
      return new ActionResult(out, "test run: would probe " + input);
    }
    input.require(ctx, MediaStorage.Operation.FETCH, "nodes." + ctx.nodeId() + ".params.input");
    input.local().ifPresent(file -> MediaFiles.requireInput(NAME, file));
    MediaInfo info = MediaFiles.probe(ctx, NAME, input);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", input.toString());
    out.put("container", info.container());
    out.put("duration", info.duration().toSeconds());
    out.put("size", input.local().map(MediaFiles::size).orElse(info.sizeBytes()));
    out.put("bitrate", info.bitRate());
    out.put("hasVideo", info.hasVideo());
    out.put("hasAudio", info.hasAudio());
    VideoStream v = info.primaryVideo().orElse(null);
    out.put("width", v == null ? 0 : v.width());
    out.put("height", v == null ? 0 : v.height());
    out.put("fps", v == null ? 0.0 : v.fps());
    out.put("videoCodec", v == null ? "" : v.codec());
    out.put("audioCodec", info.primaryAudio().map(AudioStream::codec).orElse(""));
    out.put("audioTracks", info.audio().size());
    out.put("subtitleTracks", info.subtitles().size());
    out.put("tags", new TreeMap<>(info.tags()));
    return new ActionResult(
        out,
        "probed "
            + input.name()
            + ": "
            + info.duration()
            + (v == null ? "" : ", " + v.width() + "x" + v.height() + " " + v.codec())
            + info.primaryAudio().map(a -> ", " + a.codec()).orElse(""));
  }
}
