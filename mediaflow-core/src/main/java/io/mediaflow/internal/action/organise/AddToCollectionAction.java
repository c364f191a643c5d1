package io.mediaflow.internal.action.organise;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import io.mediaflow.api.store.LibraryArguments;
import io.mediaflow.api.store.LibraryStore;
import io.mediaflow.api.store.StorageException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code media.add_to_collection}: adds a file to a named collection of the media library. */
final class AddToCollectionAction implements Action {

  static final String COLLECTION = "collection";

  private static final ActionDescriptor DESCRIPTOR =
      ActionDescriptor.builder("media.add_to_collection")
          .description(
              "Adds a file to a named collection of the media library (made with its first file);"
                  + " a file is in a collection once")
          .category("organise")
          .param(OrganiseParams.FILE_SPEC)
          .param(
              ParamSpec.builder(COLLECTION, ParamType.STRING)
                  .required()
                  .description("the collection's name, such as \"Podcasts\"")
                  .build())
          .output(ActionOutput.of("file", "the file", "/placeholder/file.mp4"))
          .output(ActionOutput.of("collection", "the collection's name", "placeholder"))
          .output(
              ActionOutput.of("added", "false when the file was in the collection already", true))
          .dryRun(DryRun.DESCRIBES_ITSELF)
          .error(ErrorCode.PATH_NOT_ALLOWED)
          .error(OrganiseErrors.FILE_NOT_FOUND)
          .error(OrganiseErrors.INVALID_TAG)
          .error(OrganiseErrors.LIBRARY_UNAVAILABLE)
          .error(StorageException.STORAGE_UNAVAILABLE)
          .build();

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Violation> validate(Params params, ValidationContext ctx) {
    return params
        .optString(COLLECTION)
        .flatMap(name -> problem(name.strip(), ctx.path(COLLECTION)))
        .map(List::of)
        .orElse(List.of());
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    Path file = OrganiseParams.fileToRead(ctx, params);
    String collection = params.getString(COLLECTION).strip();
    Optional<Violation> problem = problem(collection, OrganiseParams.at(ctx, COLLECTION));
    if (problem.isPresent()) {
      throw new ValidationException(problem.get());
    }
    LibraryStore library = LibraryAccess.require(ctx, "media.add_to_collection");
    boolean added;
    if (ctx.dryRun()) {
      added = !library.collectionsOf(file.toString()).contains(collection);
    } else {
      added = library.addToCollection(collection, file.toString(), ctx.clock().instant());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("file", file.toString());
    out.put("collection", collection);
    out.put("added", added);
    String what =
        added
            ? (ctx.dryRun() ? "test run: would add " : "added ") + file.getFileName() + " to"
            : file.getFileName() + " is already in";
    return ActionResult.of(out).withSummary(what + " collection '" + collection + "'");
  }

  private static Optional<Violation> problem(String collection, String at) {
    try {
      LibraryArguments.checkCollection(collection);
      return Optional.empty();
    } catch (StorageException e) {
      return Optional.of(new Violation(at, OrganiseErrors.INVALID_TAG, e.detail(), e.suggestion()));
    }
  }
}
