package io.mediaflow.api.action;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.operator.ParamSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an action is, for validation, test runs and the catalogue: its name, its parameters (the
 * same {@link ParamSpec} types operators declare), its outputs, what a test run means for it, and
 * the error codes it raises.
 *
 * {@snippet :
 * ActionDescriptor d = ActionDescriptor.builder("media.extract_audio")
 *     .description("Writes the audio of a file as MP3")
 *     .category("media")
 *     .param(ParamSpec.builder("input", ParamType.PATH).required().build())
 *     .output(ActionOutput.of("path", "the audio file", "/placeholder/audio.mp3"))
 *     .dryRun(DryRun.DESCRIBES_ITSELF)
 *     .error(MediaErrors.NO_AUDIO)
 *     .build();
 * }
 *
 * @param name the stable id workflows use: lower case, dot-separated segments ({@code
 *     media.convert}, {@code notify.webhook})
 * @param description one sentence for people
 * @param category for grouping in a catalogue ({@code media}, {@code organise}, {@code notify})
 * @param params declared parameters, in catalogue order
 * @param outputs declared outputs
 * @param dryRun what a test run does with it
 * @param errors the codes it raises, each with its retryable flag, so that a workflow's error
 *     handling can tell what a retry may fix
 */
public record ActionDescriptor(
    String name,
    String description,
    String category,
    List<ParamSpec> params,
    List<ActionOutput> outputs,
    DryRun dryRun,
    List<ErrorCode> errors) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

  public ActionDescriptor {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "action name '"
              + name
              + "' must be lower-case words joined by dots, such as media.convert");
    }
    description = description == null ? "" : description;
    category = category == null ? "" : category;
    params = List.copyOf(params);
    outputs = List.copyOf(outputs);
    Objects.requireNonNull(dryRun, "dryRun");
    errors = List.copyOf(errors);
    List<String> seen = new ArrayList<>();
    for (ParamSpec p : params) {
      if (seen.contains(p.name())) {
        throw new IllegalArgumentException(
            "action '" + name + "' declares parameter '" + p.name() + "' twice");
      }
      seen.add(p.name());
    }
    seen.clear();
    for (ActionOutput o : outputs) {
      if (seen.contains(o.name())) {
        throw new IllegalArgumentException(
            "action '" + name + "' declares output '" + o.name() + "' twice");
      }
      seen.add(o.name());
    }
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The declared parameter with this name, if any. */
  public Optional<ParamSpec> param(String paramName) {
    return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
  }

  /** The declared output with this name, if any. */
  public Optional<ActionOutput> output(String outputName) {
    return outputs.stream().filter(o -> o.name().equals(outputName)).findFirst();
  }

  /**
   * Builds an {@link ActionDescriptor}; a test run means {@link DryRun#PLACEHOLDERS} by default.
   */
  public static final class Builder {
    private final String name;
    private String description = "";
    private String category = "";
    private final List<ParamSpec> params = new ArrayList<>();
    private final List<ActionOutput> outputs = new ArrayList<>();
    private DryRun dryRun = DryRun.PLACEHOLDERS;
    private final List<ErrorCode> errors = new ArrayList<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    public Builder description(String text) {
      this.description = text;
      return this;
    }

    public Builder category(String text) {
      this.category = text;
      return this;
    }

    public Builder param(ParamSpec spec) {
      params.add(Objects.requireNonNull(spec, "spec"));
      return this;
    }

    public Builder output(ActionOutput output) {
      outputs.add(Objects.requireNonNull(output, "output"));
      return this;
    }

    public Builder dryRun(DryRun value) {
      this.dryRun = Objects.requireNonNull(value, "dryRun");
      return this;
    }

    public Builder error(ErrorCode code) {
      errors.add(Objects.requireNonNull(code, "code"));
      return this;
    }

    public ActionDescriptor build() {
      return new ActionDescriptor(name, description, category, params, outputs, dryRun, errors);
    }
  }
}
