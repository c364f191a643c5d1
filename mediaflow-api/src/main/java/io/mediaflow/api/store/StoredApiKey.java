package io.mediaflow.api.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An API key as {@link ApiKeyStore} keeps it: never the key itself, only its SHA-256 hash, so a
 * copy of the store grants nothing.
 *
 * @param id the key's id, shown in lists and logs (not secret)
 * @param name what the host called it, 1 to {@value ApiKeyStore#MAX_NAME_LENGTH} characters
 * @param hash the SHA-256 of the key's UTF-8 bytes, 64 lower-case hexadecimal digits
 * @param scope what the key may do
 * @param createdAt when it was made
 * @param revokedAt when it was revoked, or {@code null} while it is valid
 */
public record StoredApiKey(
    String id, String name, String hash, ApiScope scope, Instant createdAt, Instant revokedAt) {

  public StoredApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(createdAt, "createdAt");
    if (!hash.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("hash must be 64 lower-case hexadecimal digits");
    }
  }

  /** Whether the key still opens the door. */
  public boolean active() {
    return revokedAt == null;
  }

  /** When it was revoked, if it was. */
  public Optional<Instant> revoked() {
    return Optional.ofNullable(revokedAt);
  }

  /** This key, revoked at {@code at}. */
  public StoredApiKey revokedAt(Instant at) {
    return new StoredApiKey(id, name, hash, scope, createdAt, Objects.requireNonNull(at, "at"));
  }
}
