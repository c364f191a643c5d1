package io.mediaflow.api.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The media library: tags on files and named collections of files, the part of a {@link Storage}
 * that {@link Storage#library()} hands out. The organise actions ({@code media.tag}, {@code
 * media.add_to_collection}) write it, the file actions ({@code media.move}, {@code media.rename},
 * {@code media.copy}, {@code media.delete}) keep it in step with the files, and a host reads it
 * through {@code MediaFlow.library()}.
 *
 * <p>A file is named by its path as text: the organise actions and {@code MediaFlow.library()}
 * always pass the real, absolute path inside the workspace's roots, so one file has one name. The
 * store never looks at the file system.
 *
 * <p>Every implementation guarantees, and the testkit's {@code LibraryStoreContract} proves:
 *
 * <ul>
 *   <li>a file's tags are a set: adding a tag it has, or removing one it lacks, changes nothing;
 *       {@link #tag} applies its removals and additions in one change;
 *   <li>a collection holds a file once; its members list in the order they were added (by the
 *       instant given, then by path);
 *   <li>{@link #moveFile} moves every tag and membership of one file to another in one change,
 *       replacing what the other had (a move that overwrote a file overwrote its tags too);
 *   <li>lists of tags, files and names are in code-point order of their text ({@link
 *       LibraryArguments#ORDER}), the same on every adapter;
 *   <li>bad arguments are refused with the codes and messages of {@link LibraryArguments}.
 * </ul>
 *
 * <p><b>Arguments.</b> A file is 1 to {@value #MAX_FILE_LENGTH} characters without U+0000; a tag or
 * a collection name 1 to {@value #MAX_NAME_LENGTH} characters, with no control character and no
 * white space at either end (a database that pads would otherwise call {@code "a"} and {@code "a "}
 * the same); a page size 1 to {@value #MAX_PAGE_SIZE}. A null argument throws {@link
 * NullPointerException}.
 */
public interface LibraryStore {

  /** The longest file path the library keeps, in characters. */
  int MAX_FILE_LENGTH = 4096;

  /** The longest tag or collection name, in characters. */
  int MAX_NAME_LENGTH = 128;

  /** The most tags one {@link #tag} call may add and remove together. */
  int MAX_TAGS_PER_CHANGE = 100;

  /** The largest page of files a query returns. */
  int MAX_PAGE_SIZE = 1000;

  /**
   * Removes {@code remove} from the tags of {@code file} and adds {@code add}, in one change.
   *
   * @return every tag the file has afterwards, in {@link LibraryArguments#ORDER}
   * @throws StorageException {@code INVALID_VALUE} for a bad file or tag, or a tag named in both
   *     lists; {@code OUT_OF_RANGE} for more than {@value #MAX_TAGS_PER_CHANGE} tags
   */
  List<String> tag(String file, Collection<String> add, Collection<String> remove);

  /** The tags of {@code file}, in {@link LibraryArguments#ORDER}; empty for a file never tagged. */
  List<String> tags(String file);

  /**
   * One page of the files tagged {@code tag}, in {@link LibraryArguments#ORDER} of their paths.
   *
   * @param page from 0
   * @param size 1 to {@value #MAX_PAGE_SIZE}
   */
  List<String> filesTagged(String tag, int page, int size);

  /** Every tag some file has, each once, in {@link LibraryArguments#ORDER}. */
  List<String> tagNames();

  /**
   * Adds {@code file} to {@code collection}, which exists from its first member on.
   *
   * @param now when it was added: members list in this order
   * @return false when the file was in the collection already (its place is kept)
   */
  boolean addToCollection(String collection, String file, Instant now);

  /** Takes {@code file} out of {@code collection}; false when it was not in it. */
  boolean removeFromCollection(String collection, String file);

  /**
   * One page of the files in {@code collection}, in the order they were added (then by path).
   *
   * @param page from 0
   * @param size 1 to {@value #MAX_PAGE_SIZE}
   */
  List<String> collection(String collection, int page, int size);

  /** Every collection with at least one file, in {@link LibraryArguments#ORDER}. */
  List<String> collectionNames();

  /** The collections {@code file} is in, in {@link LibraryArguments#ORDER}. */
  List<String> collectionsOf(String file);

  /**
   * Moves every tag and collection membership of {@code from} to {@code to}, in one change: what
   * {@code to} had before is dropped first (a file moved over another replaced it). A membership
   * keeps its place in its collection. Nothing happens when {@code from} equals {@code to}.
   */
  void moveFile(String from, String to);

  /**
   * Adds the tags of {@code from} to those of {@code to} (a copy); memberships stay with {@code
   * from}.
   */
  void copyTags(String from, String to);

  /** Forgets every tag and collection membership of {@code file} (it was deleted). */
  void forgetFile(String file);
}
