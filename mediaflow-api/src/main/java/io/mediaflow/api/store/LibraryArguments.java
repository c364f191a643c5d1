package io.mediaflow.api.store;

import io.mediaflow.api.ErrorCode;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The argument rules of {@link LibraryStore}, the errors that break them and the order its lists
 * keep, for storage adapters: every adapter checks with these, so all word their errors alike (the
 * testkit's {@code LibraryStoreContract} holds them to it).
 */
public final class LibraryArguments {

  /**
   * The order of every list the library returns: by Unicode code point, which is how PostgreSQL's
   * {@code "C"} collation, MariaDB's {@code utf8mb4_bin} and a byte-wise UTF-8 comparison order
   * text ({@link String#compareTo} differs from them above U+FFFF).
   */
  public static final Comparator<String> ORDER = LibraryArguments::compareCodePoints;

  private LibraryArguments() {}

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** Checks a file: 1 to {@link LibraryStore#MAX_FILE_LENGTH} characters, no U+0000. */
  public static void checkFile(String file) {
    Objects.requireNonNull(file, "file");
    if (file.isEmpty() || file.length() > LibraryStore.MAX_FILE_LENGTH) {
      throw new StorageException(
          ErrorCode.INVALID_VALUE,
          "a file in the library is a path of 1 to "
              + LibraryStore.MAX_FILE_LENGTH
              + " characters but this one has "
              + file.length(),
          "name the file by its absolute path");
    }
    int at = file.indexOf('\0');
    if (at >= 0) {
      throw new StorageException(
          ErrorCode.INVALID_VALUE,
          "file '" + WorkflowArguments.shown(file) + "' holds a U+0000 character at index " + at,
          "no file path holds U+0000; check where the path came from");
    }
  }

  /** Checks a tag: see {@link #checkName}. */
  public static void checkTag(String tag) {
    checkName("tag", tag);
  }

  /** Checks a collection name: see {@link #checkName}. */
  public static void checkCollection(String collection) {
    checkName("collection name", collection);
  }

  /**
   * Checks a tag or a collection name ({@code what}): 1 to {@link LibraryStore#MAX_NAME_LENGTH}
   * characters, no control character, no white space at either end.
   */
  public static void checkName(String what, String name) {
    Objects.requireNonNull(name, what);
    if (name.isEmpty() || name.length() > LibraryStore.MAX_NAME_LENGTH) {
      throw new StorageException(
          ErrorCode.INVALID_VALUE,
          "a "
              + what
              + " is 1 to "
              + LibraryStore.MAX_NAME_LENGTH
              + " characters but '"
              + WorkflowArguments.shown(name)
              + "' has "
              + name.length(),
          name.isEmpty() ? "give it a name such as 'podcast'" : "use a shorter " + what);
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new StorageException(
            ErrorCode.INVALID_VALUE,
            String.format(
                "%s '%s' holds the control character U+%04X at index %d",
                what, WorkflowArguments.shown(name), (int) name.charAt(i), i),
            "remove line breaks, tabs and other control characters");
      }
    }
    if (Character.isWhitespace(name.charAt(0))
        || Character.isWhitespace(name.charAt(name.length() - 1))) {
      throw new StorageException(
          ErrorCode.INVALID_VALUE,
          what + " '" + WorkflowArguments.shown(name) + "' begins or ends with white space",
          "trim it: '" + WorkflowArguments.shown(name.strip()) + "'");
    }
  }

  /** Checks the arguments of {@link LibraryStore#tag}. */
  public static void checkTagChange(
      String file, Collection<String> add, Collection<String> remove) {
    checkFile(file);
    Objects.requireNonNull(add, "add");
    Objects.requireNonNull(remove, "remove");
    if (add.size() + remove.size() > LibraryStore.MAX_TAGS_PER_CHANGE) {
      throw new StorageException(
          ErrorCode.OUT_OF_RANGE,
          "one change adds and removes at most "
              + LibraryStore.MAX_TAGS_PER_CHANGE
              + " tags but this one has "
              + (add.size() + remove.size()),
          "split it into several changes");
    }
    add.forEach(LibraryArguments::checkTag);
    remove.forEach(LibraryArguments::checkTag);
    Set<String> added = new HashSet<>(add);
    for (String tag : remove) {
      if (added.contains(tag)) {
        throw new StorageException(
            ErrorCode.INVALID_VALUE,
            "tag '" + WorkflowArguments.shown(tag) + "' is both added and removed",
            "name each tag in one of the two lists");
      }
    }
  }

  /** Checks a page of {@link LibraryStore#filesTagged} or {@link LibraryStore#collection}. */
  public static void checkPage(int page, int size) {
    if (page < 0) {
      throw new StorageException(
          ErrorCode.OUT_OF_RANGE,
          "page must be 0 or more but was " + page,
          "pages are numbered from 0");
    }
    if (size < 1 || size > LibraryStore.MAX_PAGE_SIZE) {
      throw new StorageException(
          ErrorCode.OUT_OF_RANGE,
          "size must be between 1 and " + LibraryStore.MAX_PAGE_SIZE + " but was " + size,
          "ask for at most " + LibraryStore.MAX_PAGE_SIZE + " files per page");
    }
  }
}
