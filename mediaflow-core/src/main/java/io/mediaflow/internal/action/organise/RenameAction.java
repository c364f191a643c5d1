package io.mediaflow.internal.action.organise;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import io.mediaflow.internal.action.organise.FilePlacer.Mode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code media.rename}: gives a file a new name in its folder, carrying its tags. */
final class RenameAction implements Action {

  static final String NAME = "name";

  /** The longest file name the common file systems take, in UTF-8 bytes. */
  private static final int MAX_NAME_BYTES = 255;

  private static final ActionDescriptor DESCRIPTOR =
      ActionDescriptor.builder("media.rename")
          .description(
              "Renames a file in its folder, atomically; its tags and collections follow it")
          .category("organise")
          .param(OrganiseParams.FILE_SPEC)
          .param(
              ParamSpec.builder(NAME, ParamType.STRING)
                  .required()
                  .description(
                      "the new file name: one name, no folder (no / or \\), not . or .., no"
                          + " leading -")
                  .build())
          .param(OrganiseParams.CONFLICT_SPEC)
          .output(OrganiseParams.PATH_OUT)
          .output(OrganiseParams.FROM_OUT)
          .output(OrganiseParams.NAME_OUT)
          .output(OrganiseParams.SIZE_OUT)
          .dryRun(DryRun.DESCRIBES_ITSELF)
          .error(ErrorCode.PATH_NOT_ALLOWED)
          .error(OrganiseErrors.FILE_NOT_FOUND)
          .error(OrganiseErrors.INVALID_NAME)
          .error(OrganiseErrors.DESTINATION_EXISTS)
          .error(OrganiseErrors.NO_FREE_NAME)
          .error(OrganiseErrors.IO_FAILED)
          .build();

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Violation> validate(Params params, ValidationContext ctx) {
    return params
        .optString(NAME)
        .flatMap(RenameAction::problem)
        .map(
            why ->
                List.of(
                    new Violation(
                        ctx.path(NAME),
                        OrganiseErrors.INVALID_NAME,
                        "file name \"" + OrganiseErrors.shown(params.getString(NAME)) + "\" " + why,
                        "give one plain file name such as \"episode-1.mp3\"; use media.move to"
                            + " change folders")))
        .orElse(List.of());
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    Path source = OrganiseParams.file(params);
    String name = params.getString(NAME);
    String at = OrganiseParams.at(ctx, NAME);
    Optional<String> problem = problem(name);
    if (problem.isPresent()) {
      throw OrganiseErrors.invalidName(at, name, problem.get());
    }
    Path target = Destinations.sibling(ctx, source, name, at);
    return Relocations.run(
        ctx,
        "rename",
        new Relocations.Request(
            Mode.MOVE, source, target, OrganiseParams.conflict(params), false, false, at));
  }

  /** What is wrong with {@code name} as a file name, if anything. */
  static Optional<String> problem(String name) {
    if (name.isBlank()) {
      return Optional.of("is empty");
    }
    if (name.contains("/") || name.contains("\\")) {
      return Optional.of("holds a folder separator");
    }
    if (name.equals(".") || name.equals("..")) {
      return Optional.of("names a folder, not a file");
    }
    if (name.startsWith("-")) {
      return Optional.of("starts with -, which tools would read as an option");
    }
    if (!name.equals(name.strip())) {
      return Optional.of("begins or ends with white space");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        return Optional.of(
            String.format("holds the control character U+%04X", (int) name.charAt(i)));
      }
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_NAME_BYTES) {
      return Optional.of(
          "is " + bytes + " bytes long; file systems take at most " + MAX_NAME_BYTES);
    }
    return Optional.empty();
  }
}
