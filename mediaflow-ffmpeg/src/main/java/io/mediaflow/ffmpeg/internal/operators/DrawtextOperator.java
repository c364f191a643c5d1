package io.mediaflow.ffmpeg.internal.operators;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code drawtext}: writes {@code text} on the picture at {@code x}, {@code y}. The text is shown
 * exactly as given: {@code expansion=none} turns off FFmpeg's {@code %{...}} expansion, and the
 * backend escapes every level of the filter graph syntax, so no text can add a filter, an option or
 * a pad. Line feeds start new lines; other control characters are refused. Audio passes through
 * untouched.
 *
 * <p>{@code fontFile} is a {@link ParamType#PATH}: relative to the spec's folder, confined to the
 * allowed folders like inputs and outputs (symbolic links followed), and it must then be an
 * existing, readable {@code .ttf}, {@code .otf} or {@code .ttc} file. FFmpeg opens it outside the
 * input protocol whitelist, so the filter gets the real path that was checked; without it,
 * fontconfig's default sans-serif font is used.
 */
public final class DrawtextOperator implements Operator {

  static final String TEXT = "text";
  static final String X = "x";
  static final String Y = "y";
  static final String FONT_SIZE = "fontSize";
  static final String FONT_COLOR = "fontColor";
  static final String FONT_FILE = "fontFile";

  static final int MAX_TEXT = 1000;
  static final List<String> FONT_EXTENSIONS = List.of(".ttf", ".otf", ".ttc");

  private static final OperatorDescriptor DESCRIPTOR =
      OperatorDescriptor.builder("drawtext")
          .description("Writes text on the picture, exactly as given.")
          .inputs(1, 1)
          .param(
              ParamSpec.builder(TEXT, ParamType.STRING)
                  .required()
                  .check(DrawtextOperator::textProblem)
                  .description("the text, shown as given; \\n starts a new line")
                  .build())
          .param(
              PositionExpression.param(
                  X, "0", PositionExpression.DRAWTEXT, "where the text's left edge goes"))
          .param(
              PositionExpression.param(
                  Y, "0", PositionExpression.DRAWTEXT, "where the text's top edge goes"))
          .param(
              ParamSpec.builder(FONT_SIZE, ParamType.INT)
                  .range(1, 500)
                  .defaultValue(24)
                  .description("font size in pixels, 1 to 500")
                  .build())
          .param(Colors.param(FONT_COLOR, "white", "the text color"))
          .param(
              ParamSpec.builder(FONT_FILE, ParamType.PATH)
                  .description(
                      "a .ttf, .otf or .ttc font file, relative to the spec's folder and inside"
                          + " the allowed folders; by default fontconfig's sans-serif font")
                  .build())
          .build();

  /** Used by {@link java.util.ServiceLoader}. */
  public DrawtextOperator() {}

  @Override
  public OperatorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Violation> validate(Params params, ValidationContext ctx) {
    List<Violation> violations = new ArrayList<>();
    params
        .optPath(FONT_FILE)
        .flatMap(DrawtextOperator::fontProblem)
        .ifPresent(
            problem ->
                violations.add(
                    new Violation(
                        ctx.path(FONT_FILE),
                        ErrorCode.INVALID_VALUE,
                        problem,
                        "give the path of a readable "
                            + String.join(", ", FONT_EXTENSIONS)
                            + " file, or leave fontFile out for the default font")));
    return violations;
  }

  @Override
  public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
    MediaInfo input = inputs.get(0);
    return input.withDuration(input.duration());
  }

  @Override
  public FilterFragment compile(Params params, CompileContext ctx) {
    List<FilterArg> args = new ArrayList<>();
    args.add(FilterArg.of("text", params.getString(TEXT)));
    args.add(FilterArg.of("expansion", "none"));
    args.add(
        FilterArg.of(
            "x", PositionExpression.parse(params.getString(X), PositionExpression.DRAWTEXT)));
    args.add(
        FilterArg.of(
            "y", PositionExpression.parse(params.getString(Y), PositionExpression.DRAWTEXT)));
    args.add(FilterArg.of("fontsize", params.getLong(FONT_SIZE)));
    args.add(FilterArg.of("fontcolor", params.getString(FONT_COLOR)));
    // the file the binder resolved and the check looked at, links already followed
    params.optPath(FONT_FILE).ifPresent(f -> args.add(FilterArg.of("fontfile", f.toString())));
    FilterFragment.Builder fragment = FilterFragment.builder();
    fragment.chain(
        StreamType.VIDEO, 0, FilterFragment.filter("drawtext", args.toArray(FilterArg[]::new)));
    if (ctx.inputs().get(0).hasAudio()) {
      fragment.passThrough(StreamType.AUDIO, 0);
    }
    return fragment.build();
  }

  @Override
  public Estimate estimate(Params params, List<MediaInfo> inputs) {
    MediaInfo input = inputs.get(0);
    return Costs.filtering(input, input.duration(), 1.0);
  }

  private static Optional<String> textProblem(Object value) {
    String text = (String) value;
    if (text.isEmpty()) {
      return Optional.of("must not be empty");
    }
    if (text.length() > MAX_TEXT) {
      return Optional.of("must be at most " + MAX_TEXT + " characters but had " + text.length());
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\t') {
        return Optional.of(
            String.format(
                "must not contain control characters but has U+%04X at character %d",
                (int) c, i + 1));
      }
    }
    return Optional.empty();
  }

  /**
   * The binder has already confined {@code file} to the allowed folders, so what this says about
   * the file never reveals anything outside them.
   */
  static Optional<String> fontProblem(Path file) {
    String lower = file.getFileName() == null ? "" : file.getFileName().toString();
    lower = lower.toLowerCase(Locale.ROOT);
    if (FONT_EXTENSIONS.stream().noneMatch(lower::endsWith)) {
      return Optional.of(
          "font file " + file + " must end with " + String.join(", ", FONT_EXTENSIONS));
    }
    if (!Files.isRegularFile(file)) {
      return Optional.of("font file " + file + " does not exist or is not a file");
    }
    if (!Files.isReadable(file)) {
      return Optional.of("font file " + file + " cannot be read");
    }
    return Optional.empty();
  }
}
