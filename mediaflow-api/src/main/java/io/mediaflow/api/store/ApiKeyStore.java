package io.mediaflow.api.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The API keys of the HTTP host, the part of a {@link Storage} that {@link Storage#apiKeys()} hands
 * out. Keys are kept as SHA-256 hashes ({@link StoredApiKey#hash()}); the host looks a presented
 * key up by its hash on every request, so {@link #byHash} is an indexed read.
 *
 * <p>Every implementation guarantees, and the testkit's {@code ApiKeyStoreContract} proves:
 *
 * <ul>
 *   <li>ids and hashes are unique: adding a second key with a taken id or hash fails with {@link
 *       StorageException} and {@link io.mediaflow.api.ErrorCode#INVALID_VALUE}, and keeps the
 *       first;
 *   <li>a revoked key stays listed (with its revocation time) until it is deleted, and {@link
 *       #byHash} still finds it, so the caller can tell "revoked" from "unknown";
 *   <li>what one engine adds or revokes, another engine sharing the store sees on its next read.
 * </ul>
 *
 * <p><b>Arguments.</b> An id is 1 to {@value #MAX_ID_LENGTH} characters of {@code A-Z a-z 0-9 . _
 * -}; a name 1 to {@value #MAX_NAME_LENGTH} characters without U+0000. A null argument throws
 * {@link NullPointerException}; any other bad argument a {@link StorageException} with {@link
 * io.mediaflow.api.ErrorCode#INVALID_VALUE} naming it.
 */
public interface ApiKeyStore {

  /** The longest id, in characters. */
  int MAX_ID_LENGTH = 64;

  /** The longest name, in characters. */
  int MAX_NAME_LENGTH = 200;

  /** Adds a key, durable before it returns. */
  void add(StoredApiKey key);

  /** The key whose hash this is, active or revoked. */
  Optional<StoredApiKey> byHash(String hash);

  /** The key with this id, active or revoked. */
  Optional<StoredApiKey> get(String id);

  /** Every key, oldest first (then by id). */
  List<StoredApiKey> list();

  /**
   * Revokes a key: from now on it opens nothing.
   *
   * @return false when there is no such key or it was revoked already (its first revocation time is
   *     kept)
   */
  boolean revoke(String id, Instant at);

  /**
   * Deletes a key for good.
   *
   * @return false when there is no such key
   */
  boolean delete(String id);
}
