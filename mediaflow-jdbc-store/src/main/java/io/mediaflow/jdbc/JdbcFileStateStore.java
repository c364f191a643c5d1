package io.mediaflow.jdbc;

import io.mediaflow.api.store.FileStateArguments;
import io.mediaflow.api.store.FileStateStore;
import io.mediaflow.api.store.SeenFile;
import io.mediaflow.api.store.StorageException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The handled files of watched folders in a {@link JdbcStorage} (schema V7): one row per watch and
 * path, keyed by the SHA-256 of the path (a path of 4096 characters is too long for an index on
 * MariaDB and PostgreSQL), holding the version last claimed with its modification time to the
 * nanosecond, which a file system keeps and a timestamp column would round.
 *
 * <p>A claim is one transaction per call: it reads the stored versions of its files (a version
 * stored was claimed for good, so those need no lock); reads the others again with {@code SELECT …
 * FOR UPDATE}, which locks them against other claimers; updates those whose version differs; and
 * inserts the files not there. Files go in the order of their keys, so two claims lock shared rows
 * in the same order. Two engines inserting the same new file at once both insert: the key refuses
 * the second when the first commits, and the second transaction runs again whole, now finding the
 * row. The same plain SQL serves the three databases.
 */
final class JdbcFileStateStore implements FileStateStore {

  /** Keys per statement: well under every database's limit of parameters. */
  private static final int CHUNK = 500;

  private final Transactions db;
  private final Dialect dialect;
  private final Tables tables;
  private final String table;
  private final String insert;
  private final String update;
  private final String page;

  JdbcFileStateStore(Transactions db, Dialect dialect, Tables t) {
    this.db = db;
    this.dialect = dialect;
    this.tables = t;
    this.table = t.watchedFiles();
    this.insert =
        "INSERT INTO "
            + table
            + " (watch_id, path_key, path, size, modified_s, modified_ns, claimed_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)";
    this.update =
        "UPDATE "
            + table
            + " SET size = ?, modified_s = ?, modified_ns = ?, claimed_at = ?"
            + " WHERE watch_id = ? AND path_key = ?";
    this.page =
        "SELECT path, size, modified_s, modified_ns FROM "
            + table
            + " WHERE watch_id = ? ORDER BY path, path_key LIMIT ? OFFSET ?";
  }

  @Override
  public Set<SeenFile> claim(String watchId, Collection<SeenFile> files, Instant now) {
    FileStateArguments.checkClaim(watchId, files, now);
    if (files.isEmpty()) {
      return Set.of();
    }
    TreeMap<String, SeenFile> byKey = new TreeMap<>();
    for (SeenFile file : files) {
      byKey.put(key(file.path()), file);
    }
    long claimedAt = Rows.micros(now);
    for (int attempt = 1; ; attempt++) {
      try {
        Set<SeenFile> claimed =
            db.tx("claimFiles", null, c -> claimInOne(c, watchId, byKey, claimedAt));
        // the caller's order, not the keys'
        Set<SeenFile> inOrder = new LinkedHashSet<>();
        for (SeenFile file : files) {
          if (claimed.contains(file)) {
            inOrder.add(file);
          }
        }
        return inOrder;
      } catch (StorageException e) {
        if (attempt >= Transactions.CONFLICT_RETRIES || !insertedFirstByAnother(e)) {
          throw e;
        }
      }
    }
  }

  private Set<SeenFile> claimInOne(
      Connection c, String watchId, TreeMap<String, SeenFile> byKey, long claimedAt)
      throws SQLException {
    // a version stored is claimed for good: those need no lock, and a rescan mostly finds them
    List<String> open = new ArrayList<>();
    for (List<String> chunk : chunks(new ArrayList<>(byKey.keySet()))) {
      Map<String, SeenFile> stored = read(c, watchId, chunk, "");
      for (String k : chunk) {
        if (!byKey.get(k).equals(stored.get(k))) {
          open.add(k);
        }
      }
    }
    Map<String, SeenFile> known = new HashMap<>();
    for (List<String> chunk : chunks(open)) {
      known.putAll(read(c, watchId, chunk, " FOR UPDATE"));
    }
    Set<SeenFile> claimed = new HashSet<>();
    try (PreparedStatement ins = c.prepareStatement(insert);
        PreparedStatement upd = c.prepareStatement(update)) {
      for (String k : open) {
        SeenFile file = byKey.get(k);
        SeenFile before = known.get(k);
        if (before == null) {
          ins.setString(1, watchId);
          ins.setString(2, k);
          ins.setString(3, file.path());
          bindVersion(ins, 4, file, claimedAt);
          ins.addBatch();
        } else if (!before.equals(file)) {
          bindVersion(upd, 1, file, claimedAt);
          upd.setString(5, watchId);
          upd.setString(6, k);
          upd.addBatch();
        } else {
          continue;
        }
        claimed.add(file);
      }
      ins.executeBatch();
      upd.executeBatch(); // the rows are locked by this transaction: every update applies
    }
    return claimed;
  }

  /** Binds size, modified (seconds, nanoseconds) and the claim time from parameter {@code at}. */
  private static void bindVersion(PreparedStatement ps, int at, SeenFile file, long claimedAt)
      throws SQLException {
    ps.setLong(at, file.size());
    ps.setLong(at + 1, file.modified().getEpochSecond());
    ps.setInt(at + 2, file.modified().getNano());
    ps.setLong(at + 3, claimedAt);
  }

  /** The stored versions of {@code keys}; with {@code FOR UPDATE}, locked until the end. */
  private Map<String, SeenFile> read(Connection c, String watchId, List<String> keys, String lock)
      throws SQLException {
    Optional<String> byArray = dialect.readFilesByKeyArray(tables, lock);
    if (byArray.isPresent()) {
      Map<String, SeenFile> known = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement(byArray.get())) {
        ps.setArray(1, c.createArrayOf("varchar", keys.toArray()));
        ps.setString(2, watchId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            known.put(rs.getString(1), file(rs, 2));
          }
        }
      }
      return known;
    }
    String sql =
        "SELECT path_key, path, size, modified_s, modified_ns FROM "
            + table
            + " WHERE watch_id = ? AND path_key IN ("
            + placeholders(keys.size())
            + ")"
            + lock;
    List<Object> args = new ArrayList<>(keys.size() + 1);
    args.add(watchId);
    args.addAll(keys);
    Map<String, SeenFile> known = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Sql.bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          known.put(rs.getString(1), file(rs, 2));
        }
      }
    }
    return known;
  }

  @Override
  public List<SeenFile> claimed(String watchId, int page, int size) {
    FileStateArguments.checkPage(watchId, page, size);
    long offset = (long) page * size;
    return db.auto(
        "listClaimedFiles",
        null,
        c -> Sql.list(c, this.page, rs -> file(rs, 1), List.of(watchId, size, offset)));
  }

  @Override
  public int forgetMissing(String watchId, Collection<String> present) {
    FileStateArguments.checkForgetMissing(watchId, present);
    Set<String> kept = new HashSet<>();
    for (String path : present) {
      kept.add(key(path));
    }
    return db.tx(
        "forgetMissingFiles",
        null,
        c -> {
          List<String> gone = new ArrayList<>();
          for (String k :
              Sql.list(
                  c,
                  "SELECT path_key FROM " + table + " WHERE watch_id = ?",
                  rs -> rs.getString(1),
                  List.of(watchId))) {
            if (!kept.contains(k)) {
              gone.add(k);
            }
          }
          Collections.sort(gone); // the order claims lock in
          int removed = 0;
          for (List<String> chunk : chunks(gone)) {
            List<Object> args = new ArrayList<>(chunk.size() + 1);
            args.add(watchId);
            args.addAll(chunk);
            removed +=
                Sql.update(
                    c,
                    "DELETE FROM "
                        + table
                        + " WHERE watch_id = ? AND path_key IN ("
                        + placeholders(chunk.size())
                        + ")",
                    args.toArray());
          }
          return removed;
        });
  }

  @Override
  public int forget(String watchId) {
    FileStateArguments.checkWatchId(watchId);
    return db.auto(
        "forgetFiles",
        null,
        c -> Sql.update(c, "DELETE FROM " + table + " WHERE watch_id = ?", watchId));
  }

  // ---- helpers ----

  /** The row's version from column {@code at} on: path, size, modified seconds and nanoseconds. */
  private static SeenFile file(ResultSet rs, int at) throws SQLException {
    return new SeenFile(
        rs.getString(at),
        rs.getLong(at + 1),
        Instant.ofEpochSecond(rs.getLong(at + 2), rs.getInt(at + 3)));
  }

  /** Whether the claim failed because another claimer inserted one of its files first. */
  private static boolean insertedFirstByAnother(StorageException e) {
    return e.getCause() instanceof SQLException s && Transactions.isIntegrityViolation(s);
  }

  /** The key of a path: its SHA-256 over UTF-8, in lower-case hex. */
  static String key(String path) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(path.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static List<List<String>> chunks(List<String> keys) {
    List<List<String>> out = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += CHUNK) {
      out.add(keys.subList(from, Math.min(keys.size(), from + CHUNK)));
    }
    return out;
  }

  private static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }
}
