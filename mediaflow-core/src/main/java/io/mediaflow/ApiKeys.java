package io.mediaflow;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.store.ApiKeyStore;
import io.mediaflow.api.store.ApiScope;
import io.mediaflow.api.store.StoredApiKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The API keys of the HTTP host: {@code flow.apiKeys()}. A key is made here, shown once ({@link
 * Created#key()}) and stored only as its SHA-256 hash, so a leaked store grants nothing; every
 * request's key is hashed and looked up ({@link #authenticate}).
 *
 * <pre>{@code
 * ApiKeys.Created ci = flow.apiKeys().create("ci-deploy", ApiScope.WRITE);
 * System.out.println("give this to the CI, it is not shown again: " + ci.key());
 * }</pre>
 *
 * <p><b>Caching.</b> A looked-up key is remembered for {@link #CACHE_TIME} so a busy client costs
 * one store read per few seconds, not one per request. A key revoked or deleted through this engine
 * stops working at once; through another engine sharing the store, within {@link #CACHE_TIME}.
 */
public final class ApiKeys {

  /** How long a looked-up key is trusted without reading the store again. */
  public static final Duration CACHE_TIME = Duration.ofSeconds(5);

  /**
   * The prefix of every key this class makes, so a leaked key is easy to recognise and scan for.
   */
  public static final String KEY_PREFIX = "mf_";

  static final int MAX_CACHED = 10_000;

  private final Supplier<ApiKeyStore> store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  /**
   * A key just made.
   *
   * @param id its id (not secret)
   * @param key the key itself: give it to its user now, it is not kept and cannot be shown again
   * @param stored what the store keeps of it
   */
  public record Created(String id, String key, StoredApiKey stored) {
    /** Never the key itself: a {@code Created} in a log line leaks nothing. */
    @Override
    public String toString() {
      return "Created[id=" + id + ", key=<redacted>, scope=" + stored.scope() + "]";
    }
  }

  private record Cached(Optional<StoredApiKey> key, Instant until) {}

  ApiKeys(Supplier<ApiKeyStore> store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Makes a key with a random id and 256 random bits, and stores its hash.
   *
   * @param name who uses it, 1 to {@value ApiKeyStore#MAX_NAME_LENGTH} characters
   * @throws io.mediaflow.api.store.StorageException {@code INVALID_VALUE} for a bad name
   */
  public Created create(String name, ApiScope scope) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scope, "scope");
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    byte[] idBytes = new byte[8];
    random.nextBytes(idBytes);
    String id = "key-" + HexFormat.of().formatHex(idBytes);
    StoredApiKey stored = new StoredApiKey(id, name, hash(key), scope, clock.instant(), null);
    store.get().add(stored);
    return new Created(id, key, stored);
  }

  /** Every key, active and revoked, oldest first; never the keys themselves. */
  public List<StoredApiKey> list() {
    return store.get().list();
  }

  /** The key with this id. */
  public Optional<StoredApiKey> get(String id) {
    return store.get().get(id);
  }

  /**
   * Revokes a key: it stops working on this engine at once.
   *
   * @return false when there is no such key or it was revoked already
   */
  public boolean revoke(String id) {
    boolean revoked = store.get().revoke(id, clock.instant());
    cache.clear();
    return revoked;
  }

  /**
   * Deletes a key for good.
   *
   * @return false when there is no such key
   */
  public boolean delete(String id) {
    boolean deleted = store.get().delete(id);
    cache.clear();
    return deleted;
  }

  /**
   * The active key a request presented, if it is one: unknown, revoked, malformed and empty keys
   * all give empty (the caller answers them alike, so a guesser learns nothing).
   */
  public Optional<StoredApiKey> authenticate(String presented) {
    if (presented == null || presented.isEmpty() || presented.length() > 512) {
      return Optional.empty();
    }
    String hash = hash(presented);
    Instant now = clock.instant();
    Cached cached = cache.get(hash);
    if (cached == null || !now.isBefore(cached.until())) {
      if (cache.size() >= MAX_CACHED) {
        cache.clear(); // a flood of wrong keys must not grow the heap
      }
      cached = new Cached(store.get().byHash(hash), now.plus(CACHE_TIME));
      cache.put(hash, cached);
    }
    return cached.key().filter(StoredApiKey::active);
  }

  /** Whether a presented key is active and its scope includes {@code needed}. */
  public boolean allows(String presented, ApiScope needed) {
    return authenticate(presented).map(k -> k.scope().includes(needed)).orElse(false);
  }

  /** How many looked-up hashes are remembered (tests). */
  int cached() {
    return cache.size();
  }

  /** The SHA-256 of a key's UTF-8 bytes, as lower-case hex: what the store keeps. */
  public static String hash(String key) {
    Objects.requireNonNull(key, "key");
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new MediaFlowException(
          ErrorCode.INTERNAL, "SHA-256 is missing from this JVM", "use a standard JDK", false, e);
    }
  }
}
