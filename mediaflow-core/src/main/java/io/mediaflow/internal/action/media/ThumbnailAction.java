package io.mediaflow.internal.action.media;

import io.mediaflow.api.Violation;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.VideoStream;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import io.mediaflow.api.spec.JobSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code media.thumbnail}: one picture at {@code at} (default a tenth into the clip, past a black
 * first frame), or {@code count} pictures spread evenly over the clip, all from one media job
 * ({@code thumbnail} operations, each optionally followed by a {@code scale} to {@code width}).
 */
final class ThumbnailAction implements Action {

  static final String NAME = "media.thumbnail";
  static final int MAX_COUNT = 100;

  private static final ActionDescriptor DESCRIPTOR =
      MediaActionErrors.writing(
          ActionDescriptor.builder(NAME)
              .description("Writes still pictures (jpg or png) taken from a video.")
              .category("media")
              .param(MediaFiles.input())
              .param(
                  MediaFiles.output(
                      "the picture to write (.jpg or .png); with \"count\" above 1 the pictures are"
                          + " NAME-1.jpg, NAME-2.jpg, ... Default: the input's name with .jpg, next"
                          + " to it"))
              .param(
                  ParamSpec.builder("at", ParamType.DURATION)
                      .description(
                          "when to take the picture (seconds, 1m30s, 00:01:30); default a tenth of"
                              + " the clip")
                      .build())
              .param(
                  ParamSpec.builder("count", ParamType.INT)
                      .range(1, MAX_COUNT)
                      .defaultValue(1)
                      .description(
                          "how many pictures, spread evenly over the clip (\"at\" is then"
                              + " not used)")
                      .build())
              .param(
                  ParamSpec.builder("width", ParamType.INT)
                      .range(16, 7680)
                      .description("scale each picture to this width, keeping the aspect ratio")
                      .build())
              .param(MediaFiles.overwrite())
              .output(
                  ActionOutput.of("path", "the (first) picture written", "/placeholder/thumb.jpg"))
              .output(ActionOutput.of("paths", "every picture written", List.of()))
              .output(ActionOutput.of("count", "how many pictures", 1))
              .output(ActionOutput.of("width", "the pictures' width in pixels", 0))
              .output(ActionOutput.of("height", "the pictures' height in pixels", 0))
              .dryRun(DryRun.DESCRIBES_ITSELF),
          MediaActionErrors.NO_VIDEO,
          MediaActionErrors.AT_OUT_OF_RANGE);

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Violation> validate(Params params, ValidationContext ctx) {
    Optional<String> out = MediaFiles.outputExtension(params);
    if (out.isPresent() && !MediaFiles.IMAGE_FORMATS.contains(out.get())) {
      return List.of(
          ctx.violation(
              MediaFiles.OUTPUT,
              MediaActionErrors.FORMAT_INVALID,
              "the extension of "
                  + MediaFiles.outputName(params).orElseThrow()
                  + " is not a picture format (jpg, png)"));
    }
    return List.of();
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    MediaPlace input = MediaFiles.input(params);
    MediaPlace first = MediaFiles.destination(ctx, params, input, "jpg");
    int count = Math.toIntExact(params.optLong("count").orElse(1L));
    List<MediaPlace> outputs = names(ctx, first, count);
    boolean overwrite = MediaFiles.overwrite(params);
    MediaFiles.check(ctx, NAME, input, outputs, overwrite);
    List<MediaDuration> times = times(ctx, params, input, count);
    JobSpec.Builder b = JobSpec.builder().input("main", input.spec());
    Optional<Long> width = params.optLong("width");
    for (int i = 0; i < count; i++) {
      String picture = "picture" + (i + 1);
      b.operation("thumbnail").from("main").to(picture).param("at", times.get(i).toSeconds());
      if (width.isPresent()) {
        b.operation("scale")
            .from(picture)
            .to(picture + "_scaled")
            .param("width", width.get())
            .param("height", -2);
        picture = picture + "_scaled";
      }
      JobSpec.OutputStep o = b.output(picture, outputs.get(i).spec());
      if (overwrite) {
        o.overwrite();
      }
    }
    MediaJobs.run(ctx, NAME, b.build());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", outputs.get(0).toString());
    out.put("paths", outputs.stream().map(MediaPlace::toString).toList());
    out.put("count", count);
    if (ctx.dryRun() || first.remote()) { // an uploaded picture is not fetched back to be measured
      out.put("width", width.orElse(0L));
      out.put("height", 0);
      return new ActionResult(
          out,
          (ctx.dryRun() ? "test run: would write " : "wrote ")
              + count
              + " picture(s) of "
              + input
              + " to "
              + first);
    }
    MediaInfo picture = MediaFiles.probe(ctx, NAME, outputs.get(0).local().orElseThrow());
    out.put("width", picture.primaryVideo().map(VideoStream::width).orElse(0));
    out.put("height", picture.primaryVideo().map(VideoStream::height).orElse(0));
    return new ActionResult(
        out, "wrote " + count + " picture(s) of " + input.name() + " to " + first);
  }

  /** The moments to take: {@code at} or a tenth of the clip for one, evenly spread for more. */
  private static List<MediaDuration> times(
      ActionContext ctx, Params params, MediaPlace input, int count) {
    Optional<MediaDuration> at = params.optDuration("at");
    List<MediaDuration> times = new ArrayList<>();
    if (ctx.dryRun()) { // no probe in a test run: the plan needs moments, not the right ones
      for (int i = 0; i < count; i++) {
        times.add(at.orElse(MediaDuration.ZERO));
      }
      return times;
    }
    MediaInfo info = MediaFiles.probe(ctx, NAME, input);
    if (!info.hasVideo()) {
      throw MediaActionErrors.at(
          NAME,
          MediaActionErrors.NO_VIDEO,
          input + " has no video track",
          "take pictures of video files only, e.g. behind a media condition on the resolution");
    }
    double seconds = info.duration().toSeconds();
    if (count == 1) {
      MediaDuration when = at.orElse(MediaDuration.ofSeconds(seconds / 10));
      if (at.isPresent() && when.toSeconds() >= seconds) {
        throw MediaActionErrors.at(
            NAME,
            MediaActionErrors.AT_OUT_OF_RANGE,
            String.format(
                java.util.Locale.ROOT,
                "\"at\" %.1f s is not before the end of %s (%.1f s)",
                when.toSeconds(),
                input,
                seconds),
            "give a moment inside the clip, or leave \"at\" out for a tenth into it");
      }
      times.add(when);
      return times;
    }
    for (int i = 1; i <= count; i++) {
      times.add(MediaDuration.ofSeconds(seconds * i / (count + 1)));
    }
    return times;
  }

  /** {@code first} alone, or NAME-1.EXT ... NAME-N.EXT beside it. */
  private static List<MediaPlace> names(ActionContext ctx, MediaPlace first, int count) {
    if (count == 1) {
      return List.of(first);
    }
    String stem = first.stem();
    String ext = first.extension();
    String at = "nodes." + ctx.nodeId() + ".params." + MediaFiles.OUTPUT;
    List<MediaPlace> all = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      all.add(first.sibling(ctx, stem + "-" + i + (ext.isEmpty() ? "" : "." + ext), at));
    }
    return all;
  }
}
