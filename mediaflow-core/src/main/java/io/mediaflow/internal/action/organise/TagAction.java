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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** {@code media.tag}: adds tags to a file and removes others, in the media library. */
final class TagAction implements Action {

  static final String TAGS = "tags";
  static final String REMOVE = "remove";

  private static final ActionDescriptor DESCRIPTOR =
      ActionDescriptor.builder("media.tag")
          .description("Adds tags to a file and removes others, in the media library")
          .category("organise")
          .param(OrganiseParams.FILE_SPEC)
          .param(
              ParamSpec.builder(TAGS, ParamType.ARRAY)
                  .defaultValue(List.of())
                  .description("tags to add, such as [\"podcast\", \"auto-converted\"]")
                  .build())
          .param(
              ParamSpec.builder(REMOVE, ParamType.ARRAY)
                  .defaultValue(List.of())
                  .description("tags to remove")
                  .build())
          .output(ActionOutput.of("file", "the tagged file", "/placeholder/file.mp4"))
          .output(ActionOutput.of("tags", "every tag the file has now", List.of("placeholder")))
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
    List<Violation> found = new ArrayList<>();
    List<String> add = tags(params, TAGS, ctx.paramsPath(), found);
    List<String> remove = tags(params, REMOVE, ctx.paramsPath(), found);
    for (String tag : add) {
      if (remove.contains(tag)) {
        found.add(
            new Violation(
                ctx.path(REMOVE),
                OrganiseErrors.INVALID_TAG,
                "tag '" + tag + "' is both added and removed",
                "name each tag in one of the two lists"));
      }
    }
    return found;
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    Path file = OrganiseParams.fileToRead(ctx, params);
    String where = "nodes[" + ctx.nodeId() + "].params";
    List<Violation> problems = new ArrayList<>();
    List<String> add = tags(params, TAGS, where, problems);
    List<String> remove = tags(params, REMOVE, where, problems);
    if (problems.isEmpty() && add.isEmpty() && remove.isEmpty()) {
      // told at run time: a template that fills the lists is unknown when the workflow is checked
      problems.add(
          new Violation(
              where,
              OrganiseErrors.INVALID_TAG,
              "media.tag names no tag to add or remove",
              "give \"tags\": [\"podcast\"] to add, \"remove\": [\"draft\"] to remove, or both"));
    }
    ValidationException.throwIfAny(problems);
    LibraryStore library = LibraryAccess.require(ctx, "media.tag");
    List<String> now;
    if (ctx.dryRun()) {
      TreeSet<String> after = new TreeSet<>(LibraryArguments.ORDER);
      after.addAll(library.tags(file.toString()));
      after.removeAll(remove);
      after.addAll(add);
      now = List.copyOf(after);
    } else {
      now = library.tag(file.toString(), add, remove);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("file", file.toString());
    out.put("tags", now);
    StringBuilder change = new StringBuilder();
    add.forEach(t -> change.append(" +").append(t));
    remove.forEach(t -> change.append(" -").append(t));
    return ActionResult.of(out)
        .withSummary(
            (ctx.dryRun() ? "test run: would tag " : "tagged ")
                + file.getFileName()
                + ":"
                + change
                + " → "
                + String.join(", ", now));
  }

  /**
   * The tags in parameter {@code name}, each stripped of white space at its ends; a value that is
   * not a valid tag adds a violation at its index.
   */
  static List<String> tags(Params params, String name, String paramsPath, List<Violation> found) {
    List<String> tags = new ArrayList<>();
    Object raw = params.get(name).orElse(List.of());
    List<?> values = raw instanceof List<?> l ? l : List.of();
    for (int i = 0; i < values.size(); i++) {
      String at = paramsPath + "." + name + "[" + i + "]";
      Object v = values.get(i);
      if (!(v instanceof String s)) {
        found.add(
            new Violation(
                at,
                OrganiseErrors.INVALID_TAG,
                "a tag is text but this is " + ParamType.describe(v),
                "write tags as strings: [\"podcast\"]"));
        continue;
      }
      String tag = s.strip();
      try {
        LibraryArguments.checkTag(tag);
        if (!tags.contains(tag)) {
          tags.add(tag);
        }
      } catch (StorageException e) {
        found.add(new Violation(at, OrganiseErrors.INVALID_TAG, e.detail(), e.suggestion()));
      }
    }
    return tags;
  }
}
