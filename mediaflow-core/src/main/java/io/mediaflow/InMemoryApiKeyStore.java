package io.mediaflow;

import io.mediaflow.api.store.ApiKeyArguments;
import io.mediaflow.api.store.ApiKeyStore;
import io.mediaflow.api.store.StoredApiKey;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The API keys of {@link InMemoryStorage}: two maps (by id, by hash) under one monitor. */
final class InMemoryApiKeyStore implements ApiKeyStore {

  private final Map<String, StoredApiKey> byId = new LinkedHashMap<>();
  private final Map<String, String> idByHash = new HashMap<>();

  @Override
  public synchronized void add(StoredApiKey key) {
    ApiKeyArguments.checkKey(key);
    if (byId.containsKey(key.id())) {
      throw ApiKeyArguments.taken(key, true);
    }
    if (idByHash.containsKey(key.hash())) {
      throw ApiKeyArguments.taken(key, false);
    }
    byId.put(key.id(), key);
    idByHash.put(key.hash(), key.id());
  }

  @Override
  public synchronized Optional<StoredApiKey> byHash(String hash) {
    ApiKeyArguments.checkHash(hash);
    String id = idByHash.get(hash);
    return id == null ? Optional.empty() : Optional.of(byId.get(id));
  }

  @Override
  public synchronized Optional<StoredApiKey> get(String id) {
    ApiKeyArguments.checkId(id);
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public synchronized List<StoredApiKey> list() {
    return byId.values().stream()
        .sorted(Comparator.comparing(StoredApiKey::createdAt).thenComparing(StoredApiKey::id))
        .toList();
  }

  @Override
  public synchronized boolean revoke(String id, Instant at) {
    ApiKeyArguments.checkId(id);
    Objects.requireNonNull(at, "at");
    StoredApiKey key = byId.get(id);
    if (key == null || !key.active()) {
      return false;
    }
    byId.put(id, key.revokedAt(at));
    return true;
  }

  @Override
  public synchronized boolean delete(String id) {
    ApiKeyArguments.checkId(id);
    StoredApiKey key = byId.remove(id);
    if (key == null) {
      return false;
    }
    idByHash.remove(key.hash());
    return true;
  }
}
