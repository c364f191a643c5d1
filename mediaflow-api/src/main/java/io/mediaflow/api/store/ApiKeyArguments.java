package io.mediaflow.api.store;

import io.mediaflow.api.ErrorCode;
import java.util.Objects;

/**
 * The argument rules of {@link ApiKeyStore} and the errors that break them, for storage adapters:
 * every adapter checks its arguments with these, so all word their errors the same (the testkit's
 * {@code ApiKeyStoreContract} holds them to the code, the argument named and a suggestion).
 */
public final class ApiKeyArguments {

  private ApiKeyArguments() {}

  /** Checks an id: 1 to {@link ApiKeyStore#MAX_ID_LENGTH} of {@code A-Za-z0-9._-}. */
  public static void checkId(String id) {
    Objects.requireNonNull(id, "id");
    if (!id.matches("[A-Za-z0-9._-]{1," + ApiKeyStore.MAX_ID_LENGTH + "}")) {
      throw new StorageException(
          ErrorCode.INVALID_VALUE,
          "API key id '"
              + WorkflowArguments.shown(id)
              + "' is not valid: an id is 1 to "
              + ApiKeyStore.MAX_ID_LENGTH
              + " characters of A-Z a-z 0-9 . _ -",
          "use the id that creating the key returned");
    }
  }

  /** Checks a hash: 64 lower-case hexadecimal digits (a SHA-256). */
  public static void checkHash(String hash) {
    Objects.requireNonNull(hash, "hash");
    if (!hash.matches("[0-9a-f]{64}")) {
      throw new StorageException(
          ErrorCode.INVALID_VALUE,
          "API key hash is not valid: it must be a SHA-256 as 64 lower-case hexadecimal digits",
          "hash the key's UTF-8 bytes with SHA-256 and write them as lower-case hex");
    }
  }

  /** Checks a key to add: its id and its name (1 to {@link ApiKeyStore#MAX_NAME_LENGTH}). */
  public static void checkKey(StoredApiKey key) {
    Objects.requireNonNull(key, "key");
    checkId(key.id());
    String name = key.name();
    if (name.isEmpty() || name.length() > ApiKeyStore.MAX_NAME_LENGTH || name.indexOf('\0') >= 0) {
      throw new StorageException(
          ErrorCode.INVALID_VALUE,
          "API key name '"
              + WorkflowArguments.shown(name)
              + "' is not valid: a name is 1 to "
              + ApiKeyStore.MAX_NAME_LENGTH
              + " characters without U+0000 (it has "
              + name.length()
              + ")",
          "name the key after who uses it, such as 'ci-deploy'");
    }
  }

  /** {@code INVALID_VALUE}: the id or the hash of a key to add is taken. */
  public static StorageException taken(StoredApiKey key, boolean idTaken) {
    return new StorageException(
        ErrorCode.INVALID_VALUE,
        idTaken
            ? "an API key with id '" + key.id() + "' exists already"
            : "an API key with the same hash exists already (key id '" + key.id() + "')",
        idTaken ? "choose another id" : "make a new random key: this one is in use");
  }
}
