package io.mediaflow.jdbc;

import io.mediaflow.api.store.ApiKeyArguments;
import io.mediaflow.api.store.ApiKeyStore;
import io.mediaflow.api.store.ApiScope;
import io.mediaflow.api.store.StoredApiKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The API keys of a {@link JdbcStorage} (schema V10): one row per key, the hash uniquely indexed,
 * so {@link #byHash} (run on every request of the HTTP host) is one indexed {@code SELECT}. Each
 * call is one statement in auto-commit, the same plain SQL on the three databases.
 *
 * <ul>
 *   <li>An add is a plain {@code INSERT}: the primary key and the unique index on the hash refuse a
 *       taken id or hash, also when engines add at once (the database makes the later ones wait for
 *       the first to commit, then refuses them). Which one refused is read afterwards, by id.
 *   <li>A revoke is {@code UPDATE … WHERE id = ? AND revoked_at IS NULL}: of two revokes, one
 *       changes the row and the first revocation time is kept.
 * </ul>
 */
final class JdbcApiKeyStore implements ApiKeyStore {

  private static final String COLUMNS = "id, name, key_hash, scope, created_at, revoked_at";

  private final Transactions db;
  private final String insert;
  private final String byHash;
  private final String byId;
  private final String idTaken;
  private final String list;
  private final String revoke;
  private final String delete;

  JdbcApiKeyStore(Transactions db, Tables t) {
    this.db = db;
    String table = t.apiKeys();
    this.insert = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";
    String select = "SELECT " + COLUMNS + " FROM " + table;
    this.byHash = select + " WHERE key_hash = ?";
    this.byId = select + " WHERE id = ?";
    this.idTaken = "SELECT 1 FROM " + table + " WHERE id = ?";
    this.list = select + " ORDER BY created_at, id";
    this.revoke = "UPDATE " + table + " SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";
    this.delete = "DELETE FROM " + table + " WHERE id = ?";
  }

  @Override
  public void add(StoredApiKey key) {
    ApiKeyArguments.checkKey(key);
    db.autoRetrying(
        "addApiKey",
        null,
        c -> {
          try {
            return insert(c, key);
          } catch (SQLException e) {
            if (!Transactions.isIntegrityViolation(e)) {
              throw e;
            }
            throw ApiKeyArguments.taken(
                key, Sql.first(c, idTaken, rs -> true, key.id()).isPresent());
          }
        });
  }

  private int insert(Connection c, StoredApiKey key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(insert)) {
      ps.setString(1, key.id());
      ps.setString(2, key.name());
      ps.setString(3, key.hash());
      ps.setString(4, key.scope().name());
      ps.setLong(5, Rows.micros(key.createdAt()));
      if (key.revokedAt() == null) {
        ps.setNull(6, Types.BIGINT);
      } else {
        ps.setLong(6, Rows.micros(key.revokedAt()));
      }
      return ps.executeUpdate();
    }
  }

  @Override
  public Optional<StoredApiKey> byHash(String hash) {
    ApiKeyArguments.checkHash(hash);
    return db.auto("apiKeyByHash", null, c -> Sql.first(c, byHash, JdbcApiKeyStore::key, hash));
  }

  @Override
  public Optional<StoredApiKey> get(String id) {
    ApiKeyArguments.checkId(id);
    return db.auto("apiKey", null, c -> Sql.first(c, byId, JdbcApiKeyStore::key, id));
  }

  @Override
  public List<StoredApiKey> list() {
    return db.auto("apiKeys", null, c -> Sql.list(c, list, JdbcApiKeyStore::key, List.of()));
  }

  @Override
  public boolean revoke(String id, Instant at) {
    ApiKeyArguments.checkId(id);
    Objects.requireNonNull(at, "at");
    return db.autoRetrying(
        "revokeApiKey", null, c -> Sql.update(c, revoke, Rows.micros(at), id) > 0);
  }

  @Override
  public boolean delete(String id) {
    ApiKeyArguments.checkId(id);
    return db.autoRetrying("deleteApiKey", null, c -> Sql.update(c, delete, id) > 0);
  }

  private static StoredApiKey key(ResultSet rs) throws SQLException {
    long revoked = rs.getLong("revoked_at");
    Instant revokedAt = rs.wasNull() ? null : Rows.instant(revoked);
    return new StoredApiKey(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("key_hash"),
        ApiScope.valueOf(rs.getString("scope")),
        Rows.instant(rs.getLong("created_at")),
        revokedAt);
  }
}
