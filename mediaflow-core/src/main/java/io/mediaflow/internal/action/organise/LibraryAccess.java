package io.mediaflow.internal.action.organise;

import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.store.LibraryStore;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The media library as the organise actions reach it: the engine registers its storage's {@link
 * LibraryStore} as an action service (a host may register another).
 */
final class LibraryAccess {

  private LibraryAccess() {}

  /** The library, or {@code ORGANISE_LIBRARY_UNAVAILABLE} for an action that exists to write it. */
  static LibraryStore require(ActionContext ctx, String action) {
    return ctx.service(LibraryStore.class)
        .orElseThrow(() -> OrganiseErrors.libraryUnavailable(action));
  }

  /**
   * Keeps the library in step with a file that was moved, copied or deleted. The file is already
   * where it is, so a library that fails now does not fail the node (a retry would find the file
   * gone): the failure is logged at WARN and told in the summary.
   *
   * @return what became of the library, for the summary: empty when it was updated or there is none
   */
  static Optional<String> follow(ActionContext ctx, Consumer<LibraryStore> change) {
    Optional<LibraryStore> library = ctx.service(LibraryStore.class);
    if (library.isEmpty()) {
      return Optional.empty();
    }
    try {
      change.accept(library.get());
      return Optional.empty();
    } catch (RuntimeException e) {
      ctx.log("WARN", "the media library was not updated: " + e.getMessage());
      return Optional.of("; its tags and collections were not updated: " + e.getMessage());
    }
  }
}
