package io.mediaflow.internal.action.media;

import io.mediaflow.api.Violation;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.JobSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code media.extract_audio}: the audio track of a file, as an audio file ({@code format} mp3 by
 * default, at {@code bitrate} kbit/s), through the {@code extract_audio} operator.
 */
final class ExtractAudioAction implements Action {

  static final String NAME = "media.extract_audio";

  private static final ActionDescriptor DESCRIPTOR =
      MediaActionErrors.writing(
          ActionDescriptor.builder(NAME)
              .description("Writes the audio track of a media file as an audio file.")
              .category("media")
              .param(MediaFiles.input())
              .param(
                  MediaFiles.output(
                      "the audio file to write; default: the input's name with the format's"
                          + " extension, next to it"))
              .param(
                  ParamSpec.builder("format", ParamType.ENUM)
                      .allowed(MediaFiles.AUDIO_FORMATS.toArray(String[]::new))
                      .defaultValue("mp3")
                      .description("the audio format when \"output\" is not given; default mp3")
                      .build())
              .param(
                  ParamSpec.builder("bitrate", ParamType.INT)
                      .range(8, 640)
                      .description("kbit/s of the encoded audio, such as 192; default the format's")
                      .build())
              .param(MediaFiles.overwrite())
              .output(ActionOutput.of("path", "the audio file written", "/placeholder/audio.mp3"))
              .output(ActionOutput.of("size", "its size in bytes", 0))
              .output(ActionOutput.of("duration", "its playing time in seconds", 0.0))
              .output(ActionOutput.of("container", "its format (the extension)", "mp3"))
              .dryRun(DryRun.DESCRIBES_ITSELF),
          MediaActionErrors.NO_AUDIO);

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Violation> validate(Params params, ValidationContext ctx) {
    Optional<String> out = MediaFiles.outputExtension(params);
    if (out.isPresent() && !MediaFiles.AUDIO_FORMATS.contains(out.get())) {
      return List.of(
          ctx.violation(
              MediaFiles.OUTPUT,
              MediaActionErrors.FORMAT_INVALID,
              "the extension of "
                  + MediaFiles.outputName(params).orElseThrow()
                  + " is not an audio format ("
                  + String.join(", ", MediaFiles.AUDIO_FORMATS)
                  + ")"));
    }
    return List.of();
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    MediaPlace input = MediaFiles.input(params);
    MediaPlace output =
        MediaFiles.destination(ctx, params, input, params.optString("format").orElse("mp3"));
    String format = output.extension();
    boolean overwrite = MediaFiles.overwrite(params);
    MediaFiles.check(ctx, NAME, input, List.of(output), overwrite);
    if (!ctx.dryRun()) {
      MediaInfo info = MediaFiles.probe(ctx, NAME, input);
      if (!info.hasAudio()) {
        throw MediaActionErrors.at(
            NAME,
            MediaActionErrors.NO_AUDIO,
            input + " has no audio track",
            "route files without audio elsewhere, e.g. with a media condition on the audio codec");
      }
    }
    CodecSpec.Builder codec = CodecSpec.builder().container(format);
    params.optLong("bitrate").ifPresent(k -> codec.audioBitrate(k + "k"));
    JobSpec.OutputStep o =
        JobSpec.builder()
            .input("main", input.spec())
            .operation("extract_audio")
            .from("main")
            .to("audio")
            .output("audio", output.spec())
            .codec(codec.build());
    if (overwrite) {
      o.overwrite();
    }
    MediaJobs.run(ctx, NAME, o.build());
    if (ctx.dryRun()) {
      return new ActionResult(
          MediaFiles.planned(output),
          "test run: would extract the audio of " + input + " to " + output);
    }
    Map<String, Object> out = MediaFiles.written(ctx, NAME, output);
    return new ActionResult(
        out,
        "extracted the audio of "
            + input.name()
            + " to "
            + (output.remote() ? output.toString() : output.name())
            + " ("
            + (output.remote() ? "uploaded" : MediaFiles.human((Long) out.get("size")))
            + ")");
  }
}
