package io.mediaflow;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.store.LibraryStore;
import io.mediaflow.api.store.Storage;
import io.mediaflow.internal.action.organise.OrganiseErrors;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The media library as the host sees it: the tags and collections that the organise actions ({@code
 * media.tag}, {@code media.add_to_collection}) keep and that follow a file through {@code
 * media.move}, {@code media.rename}, {@code media.copy} and {@code media.delete}. Reached with
 * {@link MediaFlow#library()}.
 *
 * <p>Every file goes through the engine's {@link Workspace} first, as in the actions: a relative
 * path starts at its base directory, links are followed, and a file outside the allowed roots is
 * refused with {@code PATH_NOT_ALLOWED}; so {@code Path.of("podcasts/a.mp3")} here and the absolute
 * path an action stored name the same file. Files come back as absolute paths.
 *
 * {@snippet :
 * List<Path> podcasts = flow.library().filesTagged("podcast", 0, 100);
 * flow.library().tag(Path.of("podcasts/ep1.mp3"), List.of("favourite"), List.of());
 * List<Path> archive = flow.library().collection("Archive", 0, 100);
 * }
 *
 * @see LibraryStore the store behind it, with its guarantees and argument rules
 */
public final class MediaLibrary {

  private final Supplier<LibraryStore> store;
  private final Workspace workspace;
  private final Clock clock;

  private MediaLibrary(Supplier<LibraryStore> store, Workspace workspace, Clock clock) {
    this.store = store;
    this.workspace = workspace;
    this.clock = clock;
  }

  /**
   * The library the organise actions use: the host's own {@link LibraryStore} if it registered one
   * as an action service, else the storage's, looked up when first used.
   */
  static MediaLibrary of(
      Map<Class<?>, Object> actionServices, Storage storage, Workspace workspace, Clock clock) {
    Object own = actionServices.get(LibraryStore.class);
    Supplier<LibraryStore> store =
        own != null ? () -> (LibraryStore) own : () -> storageLibrary(storage);
    return new MediaLibrary(store, workspace, clock);
  }

  private static LibraryStore storageLibrary(Storage storage) {
    try {
      return storage.library();
    } catch (UnsupportedOperationException e) {
      throw new MediaFlowException(
          OrganiseErrors.LIBRARY_UNAVAILABLE,
          "this engine's storage " + storage.getClass().getName() + " keeps no media library",
          "use InMemoryStorage or JdbcStorage (schema V5), whose library() stores tags and"
              + " collections");
    }
  }

  /** The tags of {@code file}, in code-point order; empty for a file never tagged. */
  public List<String> tags(Path file) {
    return store.get().tags(key(file));
  }

  /**
   * Removes {@code remove} from the tags of {@code file} and adds {@code add}, in one change.
   *
   * @return every tag the file has afterwards
   */
  public List<String> tag(Path file, Collection<String> add, Collection<String> remove) {
    return store.get().tag(key(file), add, remove);
  }

  /** One page (from 0, 1 to 1000 files) of the files tagged {@code tag}, in path order. */
  public List<Path> filesTagged(String tag, int page, int size) {
    return paths(store.get().filesTagged(tag, page, size));
  }

  /** Every tag some file has, each once, in code-point order. */
  public List<String> tagNames() {
    return store.get().tagNames();
  }

  /**
   * Adds {@code file} to {@code collection} at the engine clock's instant.
   *
   * @return false when it was in the collection already
   */
  public boolean addToCollection(String collection, Path file) {
    return store.get().addToCollection(collection, key(file), clock.instant());
  }

  /** Takes {@code file} out of {@code collection}; false when it was not in it. */
  public boolean removeFromCollection(String collection, Path file) {
    return store.get().removeFromCollection(collection, key(file));
  }

  /** One page (from 0, 1 to 1000 files) of the files in {@code collection}, in the order added. */
  public List<Path> collection(String collection, int page, int size) {
    return paths(store.get().collection(collection, page, size));
  }

  /** Every collection with at least one file, in code-point order. */
  public List<String> collectionNames() {
    return store.get().collectionNames();
  }

  /** The collections {@code file} is in, in code-point order. */
  public List<String> collectionsOf(Path file) {
    return store.get().collectionsOf(key(file));
  }

  /**
   * The file's name in the library: its real path inside the roots.
   *
   * @throws MediaFlowException {@code PATH_NOT_ALLOWED} for a file outside the roots
   */
  private String key(Path file) {
    Objects.requireNonNull(file, "file");
    return workspace.resolveFile(file.toString(), "file").toString();
  }

  private static List<Path> paths(List<String> files) {
    return files.stream().map(Path::of).toList();
  }
}
