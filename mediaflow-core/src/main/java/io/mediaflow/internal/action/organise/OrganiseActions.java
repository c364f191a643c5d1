package io.mediaflow.internal.action.organise;

import io.mediaflow.api.action.Action;
import java.util.List;

/**
 * The built-in organise actions: media.move, media.copy, media.rename, media.delete, media.tag,
 * media.add_to_collection, media.find.
 */
public final class OrganiseActions {

  private OrganiseActions() {}

  /** One instance of each. */
  public static List<Action> all() {
    return List.of(
        new MoveAction(),
        new CopyAction(),
        new RenameAction(),
        new DeleteAction(),
        new TagAction(),
        new AddToCollectionAction(),
        new FindAction());
  }
}
