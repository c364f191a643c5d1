package io.mediaflow.internal.action.media;

import io.mediaflow.api.Violation;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.media.Resolution;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.JobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code media.convert}: writes a file in another format, codec, quality or size, as one media job
 * (a {@code scale} operation when {@code resolution} is given, then the output's encoding).
 */
final class ConvertAction implements Action {

  static final String NAME = "media.convert";

  private static final String BITRATE = "\\d+(\\.\\d+)?[kKmM]?";
  private static final List<String> FORMATS = formats();

  private static final ActionDescriptor DESCRIPTOR =
      MediaActionErrors.writing(
          ActionDescriptor.builder(NAME)
              .description("Converts a media file to another format, codec, quality or size.")
              .category("media")
              .param(MediaFiles.input())
              .param(
                  MediaFiles.output(
                      "the file to write; its extension gives the format unless \"format\" is set."
                          + " Default: the input's name with the format's extension, next to it"))
              .param(
                  ParamSpec.builder("format", ParamType.ENUM)
                      .allowed(FORMATS.toArray(String[]::new))
                      .description("the container to write; needed when \"output\" is not given")
                      .build())
              .param(codec("video", "video codec: h264, hevc, vp9, av1, copy or none"))
              .param(codec("audio", "audio codec: aac, mp3, opus, flac, copy or none"))
              .param(
                  ParamSpec.builder("crf", ParamType.INT)
                      .range(0, 51)
                      .description("constant rate factor, lower is better (h264 default 23)")
                      .build())
              .param(
                  ParamSpec.builder("preset", ParamType.ENUM)
                      .allowed(
                          "ultrafast",
                          "superfast",
                          "veryfast",
                          "faster",
                          "fast",
                          "medium",
                          "slow",
                          "slower",
                          "veryslow")
                      .description("encoder speed against size (default veryfast)")
                      .build())
              .param(
                  ParamSpec.builder("videoBitrate", ParamType.STRING)
                      .pattern(BITRATE)
                      .description("video bits per second, such as 2500k or 4M (instead of crf)")
                      .build())
              .param(
                  ParamSpec.builder("audioBitrate", ParamType.STRING)
                      .pattern(BITRATE)
                      .description("audio bits per second, such as 192k")
                      .build())
              .param(
                  ParamSpec.builder("resolution", ParamType.RESOLUTION)
                      .description(
                          "scale to this height, keeping the aspect ratio: 720p, 1080p or WxH (the"
                              + " width follows the picture)")
                      .build())
              .param(MediaFiles.overwrite())
              .output(ActionOutput.of("path", "the file written", "/placeholder/converted.mp4"))
              .output(ActionOutput.of("size", "its size in bytes", 0))
              .output(ActionOutput.of("duration", "its playing time in seconds", 0.0))
              .output(ActionOutput.of("container", "its format (the extension)", "mp4"))
              .dryRun(DryRun.DESCRIBES_ITSELF),
          MediaActionErrors.NO_DESTINATION);

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Violation> validate(Params params, ValidationContext ctx) {
    List<Violation> found = new ArrayList<>();
    Optional<String> format = params.optString("format");
    Optional<String> output = MediaFiles.outputExtension(params);
    if (format.isEmpty() && output.isEmpty()) {
      found.add(
          ctx.violation(
              "format",
              MediaActionErrors.NO_DESTINATION,
              "neither \"output\" nor \"format\" says what to write"));
    }
    if (format.isEmpty() && output.isPresent()) {
      String ext = output.get();
      if (!FORMATS.contains(ext)) {
        found.add(
            ctx.violation(
                MediaFiles.OUTPUT,
                MediaActionErrors.FORMAT_INVALID,
                "the extension of "
                    + MediaFiles.outputName(params).orElseThrow()
                    + " is not a format media.convert writes ("
                    + String.join(", ", FORMATS)
                    + "); set \"format\""));
      }
    }
    return found;
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    MediaPlace input = MediaFiles.input(params);
    String format =
        params
            .optString("format")
            .orElseGet(() -> MediaFiles.outputExtension(params).orElseThrow());
    MediaPlace output = MediaFiles.destination(ctx, params, input, format);
    boolean overwrite = MediaFiles.overwrite(params);
    MediaFiles.check(ctx, NAME, input, List.of(output), overwrite);
    JobSpec spec = spec(params, input, output, format, overwrite);
    MediaJobs.run(ctx, NAME, spec);
    if (ctx.dryRun()) {
      return new ActionResult(
          MediaFiles.planned(output),
          "test run: would convert " + input + " to " + output + describeCodec(params));
    }
    Map<String, Object> out = MediaFiles.written(ctx, NAME, output);
    return new ActionResult(
        out,
        "converted "
            + input.name()
            + " to "
            + (output.remote() ? output.toString() : output.name())
            + " ("
            + (output.remote() ? "uploaded" : MediaFiles.human((Long) out.get("size")))
            + ")");
  }

  private static JobSpec spec(
      Params params, MediaPlace input, MediaPlace output, String format, boolean overwrite) {
    JobSpec.Builder b = JobSpec.builder().input("main", input.spec());
    String from = "main";
    Optional<Resolution> size = params.optResolution("resolution");
    if (size.isPresent()) {
      b.operation("scale")
          .from("main")
          .to("scaled")
          .param("width", -2)
          .param("height", size.get().height());
      from = "scaled";
    }
    CodecSpec.Builder codec = CodecSpec.builder().container(format);
    params.optString("video").ifPresent(codec::video);
    params.optString("audio").ifPresent(codec::audio);
    params.optLong("crf").ifPresent(v -> codec.crf(Math.toIntExact(v)));
    params.optString("preset").ifPresent(codec::preset);
    params.optString("videoBitrate").ifPresent(codec::videoBitrate);
    params.optString("audioBitrate").ifPresent(codec::audioBitrate);
    JobSpec.OutputStep o = b.output(from, output.spec()).codec(codec.build());
    if (overwrite) {
      o.overwrite();
    }
    return o.build();
  }

  private static String describeCodec(Params params) {
    List<String> parts = new ArrayList<>();
    params.optString("video").ifPresent(v -> parts.add("video " + v));
    params.optString("audio").ifPresent(a -> parts.add("audio " + a));
    params.optResolution("resolution").ifPresent(r -> parts.add(r.height() + "p"));
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  private static ParamSpec codec(String name, String description) {
    return ParamSpec.builder(name, ParamType.CODEC).description(description).build();
  }

  private static List<String> formats() {
    List<String> all = new ArrayList<>(MediaFiles.VIDEO_FORMATS);
    all.addAll(MediaFiles.AUDIO_FORMATS);
    return List.copyOf(all);
  }
}
