package io.mediaflow.jdbc;

import io.mediaflow.api.store.LibraryArguments;
import io.mediaflow.api.store.LibraryStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The media library of a {@link JdbcStorage} (schema V5): {@code library_tags}, a row per (file,
 * tag), and {@code library_members}, a row per (collection, file). A file is found by {@code
 * file_hash}, the SHA-256 of its path, since a path may be longer than an index entry may be. A
 * change of several rows (a tag change, a file's move) is one transaction; an insert of a row that
 * is there already inserts nothing, and one that loses a race for the key counts as the same.
 */
final class JdbcLibraryStore implements LibraryStore {

  private final Transactions db;
  private final String insertTag;
  private final String deleteTag;
  private final String tagsOf;
  private final String filesTagged;
  private final String tagNames;
  private final String insertMember;
  private final String deleteMember;
  private final String members;
  private final String collectionNames;
  private final String collectionsOf;
  private final String dropTags;
  private final String moveTags;
  private final String dropMemberships;
  private final String moveMemberships;

  JdbcLibraryStore(Transactions db, Dialect dialect, Tables t) {
    this.db = db;
    String tags = t.libraryTags();
    String in = t.libraryMembers();
    this.insertTag =
        "INSERT INTO "
            + tags
            + " (file_hash, file, tag) SELECT ?, ?, ?"
            + dialect.fromNoTable()
            + " WHERE NOT EXISTS (SELECT 1 FROM "
            + tags
            + " WHERE file_hash = ? AND tag = ?)"
            + dialect.onConflictDoNothing();
    this.deleteTag = "DELETE FROM " + tags + " WHERE file_hash = ? AND tag = ?";
    this.tagsOf = "SELECT tag FROM " + tags + " WHERE file_hash = ?";
    this.filesTagged = "SELECT file FROM " + tags + " WHERE tag = ? ORDER BY file LIMIT ? OFFSET ?";
    this.tagNames = "SELECT DISTINCT tag FROM " + tags;
    this.insertMember =
        "INSERT INTO "
            + in
            + " (collection, file_hash, file, added_at) SELECT ?, ?, ?, ?"
            + dialect.fromNoTable()
            + " WHERE NOT EXISTS (SELECT 1 FROM "
            + in
            + " WHERE collection = ? AND file_hash = ?)"
            + dialect.onConflictDoNothing();
    this.deleteMember = "DELETE FROM " + in + " WHERE collection = ? AND file_hash = ?";
    this.members =
        "SELECT file FROM " + in + " WHERE collection = ? ORDER BY added_at, file LIMIT ? OFFSET ?";
    this.collectionNames = "SELECT DISTINCT collection FROM " + in;
    this.collectionsOf = "SELECT collection FROM " + in + " WHERE file_hash = ?";
    this.dropTags = "DELETE FROM " + tags + " WHERE file_hash = ?";
    this.moveTags = "UPDATE " + tags + " SET file_hash = ?, file = ? WHERE file_hash = ?";
    this.dropMemberships = "DELETE FROM " + in + " WHERE file_hash = ?";
    this.moveMemberships = "UPDATE " + in + " SET file_hash = ?, file = ? WHERE file_hash = ?";
  }

  @Override
  public List<String> tag(String file, Collection<String> add, Collection<String> remove) {
    LibraryArguments.checkTagChange(file, add, remove);
    String hash = hash(file);
    return db.tx(
        "tag",
        null,
        c -> {
          for (String tag : new LinkedHashSet<>(remove)) {
            Sql.update(c, deleteTag, hash, tag);
          }
          for (String tag : new LinkedHashSet<>(add)) {
            insertIgnoringRace(c, insertTag, hash, file, tag, hash, tag);
          }
          return sorted(Sql.list(c, tagsOf, rs -> rs.getString(1), List.of(hash)));
        });
  }

  @Override
  public List<String> tags(String file) {
    LibraryArguments.checkFile(file);
    return sorted(
        db.auto(
            "tags", null, c -> Sql.list(c, tagsOf, rs -> rs.getString(1), List.of(hash(file)))));
  }

  @Override
  public List<String> filesTagged(String tag, int page, int size) {
    LibraryArguments.checkTag(tag);
    LibraryArguments.checkPage(page, size);
    long offset = (long) page * size;
    return db.auto(
        "filesTagged",
        null,
        c -> Sql.list(c, filesTagged, rs -> rs.getString(1), List.of(tag, size, offset)));
  }

  @Override
  public List<String> tagNames() {
    return sorted(
        db.auto("tagNames", null, c -> Sql.list(c, tagNames, rs -> rs.getString(1), List.of())));
  }

  @Override
  public boolean addToCollection(String collection, String file, Instant now) {
    LibraryArguments.checkCollection(collection);
    LibraryArguments.checkFile(file);
    Objects.requireNonNull(now, "now");
    String hash = hash(file);
    return db.autoRetrying(
        "addToCollection",
        null,
        c ->
            insertIgnoringRace(
                    c, insertMember, collection, hash, file, Rows.micros(now), collection, hash)
                > 0);
  }

  @Override
  public boolean removeFromCollection(String collection, String file) {
    LibraryArguments.checkCollection(collection);
    LibraryArguments.checkFile(file);
    return db.autoRetrying(
        "removeFromCollection", null, c -> Sql.update(c, deleteMember, collection, hash(file)) > 0);
  }

  @Override
  public List<String> collection(String collection, int page, int size) {
    LibraryArguments.checkCollection(collection);
    LibraryArguments.checkPage(page, size);
    long offset = (long) page * size;
    return db.auto(
        "collection",
        null,
        c -> Sql.list(c, members, rs -> rs.getString(1), List.of(collection, size, offset)));
  }

  @Override
  public List<String> collectionNames() {
    return sorted(
        db.auto(
            "collectionNames",
            null,
            c -> Sql.list(c, collectionNames, rs -> rs.getString(1), List.of())));
  }

  @Override
  public List<String> collectionsOf(String file) {
    LibraryArguments.checkFile(file);
    return sorted(
        db.auto(
            "collectionsOf",
            null,
            c -> Sql.list(c, collectionsOf, rs -> rs.getString(1), List.of(hash(file)))));
  }

  @Override
  public void moveFile(String from, String to) {
    LibraryArguments.checkFile(from);
    LibraryArguments.checkFile(to);
    if (from.equals(to)) {
      return;
    }
    String fromHash = hash(from);
    String toHash = hash(to);
    db.tx(
        "moveFile",
        null,
        c -> {
          Sql.update(c, dropTags, toHash);
          Sql.update(c, moveTags, toHash, to, fromHash);
          Sql.update(c, dropMemberships, toHash);
          Sql.update(c, moveMemberships, toHash, to, fromHash);
          return null;
        });
  }

  @Override
  public void copyTags(String from, String to) {
    LibraryArguments.checkFile(from);
    LibraryArguments.checkFile(to);
    if (from.equals(to)) {
      return;
    }
    String fromHash = hash(from);
    String toHash = hash(to);
    db.tx(
        "copyTags",
        null,
        c -> {
          for (String tag : Sql.list(c, tagsOf, rs -> rs.getString(1), List.of(fromHash))) {
            insertIgnoringRace(c, insertTag, toHash, to, tag, toHash, tag);
          }
          return null;
        });
  }

  @Override
  public void forgetFile(String file) {
    LibraryArguments.checkFile(file);
    String hash = hash(file);
    db.tx(
        "forgetFile",
        null,
        c -> {
          Sql.update(c, dropTags, hash);
          Sql.update(c, dropMemberships, hash);
          return null;
        });
  }

  /**
   * An insert-if-absent: 0 when the row is there, also when a racing insert of the same key came
   * first and this one failed on the key (not on PostgreSQL, where the insert says {@code ON
   * CONFLICT DO NOTHING} and so leaves the transaction usable).
   */
  private static int insertIgnoringRace(Connection c, String sql, Object... args)
      throws SQLException {
    try {
      return Sql.update(c, sql, args);
    } catch (SQLException e) {
      if (Transactions.isIntegrityViolation(e)) {
        return 0;
      }
      throw e;
    }
  }

  private static List<String> sorted(List<String> found) {
    List<String> out = new ArrayList<>(found);
    out.sort(LibraryArguments.ORDER);
    return List.copyOf(out);
  }

  /** The SHA-256 (hex) of a file's path: its key in both tables. */
  static String hash(String file) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(file.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
