package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.store.ApiKeyStore;
import io.mediaflow.api.store.ApiScope;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.StoredApiKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The {@link ApiKeyStore} contract: a key reads back as added, by id and by hash; keys list oldest
 * first, then by id; a revoked key stays listed and found by its hash with its first revocation
 * time; a deleted key is gone and frees its id and hash; a taken id or hash is refused and the
 * first key kept, also when sixteen threads add at once; a second store on the same data sees each
 * write at once; and the errors for bad arguments.
 *
 * <p>Subclass it (or {@link StorageContract}, which runs every suite), return a fresh, empty store
 * from {@link #newStorage()}, and, for a store over a database, a second one on the same database
 * from {@link #openSharing(Storage)}.
 */
public abstract class ApiKeyStoreContract extends StorageContractSupport {

  /** Not whole seconds: a store must keep microseconds. */
  private static final Instant T1 = T0.plusNanos(123_456_000);

  private ApiKeyStore keys() {
    return storage.apiKeys();
  }

  /** A key made at {@code createdAt} whose hash is the SHA-256 of {@code secret}. */
  private static StoredApiKey key(String id, String secret, Instant createdAt) {
    return new StoredApiKey(id, "key " + id, sha256(secret), ApiScope.READ, createdAt, null);
  }

  // ---- add, get, byHash ----

  @Test
  void a_key_reads_back_as_added_by_id_and_by_hash() {
    assertThat(keys().list()).as("a fresh store").isEmpty();
    StoredApiKey reader = key("reader", "s1", T1);
    StoredApiKey writer =
        new StoredApiKey(
            "w.2_x-Y", "déploiement « CI » 🎬", sha256("s2"), ApiScope.WRITE, at(1), null);
    StoredApiKey admin =
        new StoredApiKey("admin", "root", sha256("s3"), ApiScope.ADMIN, at(2), at(3));
    for (StoredApiKey k : List.of(reader, writer, admin)) {
      keys().add(k);
    }

    for (StoredApiKey k : List.of(reader, writer, admin)) {
      assertThat(keys().get(k.id())).contains(k);
      assertThat(keys().byHash(k.hash())).contains(k);
    }
    assertThat(keys().get("nobody")).isEmpty();
    assertThat(keys().byHash(sha256("unknown"))).isEmpty();
  }

  @Test
  void the_longest_id_and_name_are_kept_exactly() {
    String id = "i".repeat(ApiKeyStore.MAX_ID_LENGTH);
    String name = "é".repeat(ApiKeyStore.MAX_NAME_LENGTH - 2) + "🎬";
    StoredApiKey longest = new StoredApiKey(id, name, sha256("x"), ApiScope.ADMIN, T1, null);

    keys().add(longest);

    assertThat(keys().get(id)).contains(longest);
    assertThat(keys().list()).containsExactly(longest);
  }

  // ---- list ----

  @Test
  void list_is_oldest_first_then_by_id_in_code_point_order() {
    List<String> ids = List.of("b", "B", "_", "a", "0", "-", ".");
    for (int i = 0; i < ids.size(); i++) {
      keys().add(key(ids.get(i), "same-time-" + i, at(5)));
    }
    keys().add(key("zz-old", "old", T1));
    keys().add(key("aa-new", "new", at(6)));

    assertThat(keys().list().stream().map(StoredApiKey::id).toList())
        .containsExactly("zz-old", "-", ".", "0", "B", "_", "a", "b", "aa-new");
  }

  // ---- revoke ----

  @Test
  void a_revoked_key_stays_listed_and_found_by_hash_with_its_first_revocation_time() {
    StoredApiKey k = key("ci", "secret", T1);
    keys().add(k);
    Instant revokedAt = at(10).plusNanos(7_000);

    assertThat(keys().revoke("ci", revokedAt)).isTrue();
    assertThat(keys().revoke("ci", at(20))).as("revoked already").isFalse();

    StoredApiKey revoked = k.revokedAt(revokedAt);
    assertThat(keys().get("ci")).contains(revoked);
    assertThat(keys().byHash(k.hash())).contains(revoked);
    assertThat(keys().list()).containsExactly(revoked);
    assertThat(revoked.active()).isFalse();
    assertThat(keys().revoke("nobody", at(1))).isFalse();
    assertThat(keys().get("nobody")).isEmpty();
  }

  @Test
  void a_key_added_revoked_cannot_be_revoked_again() {
    StoredApiKey k = new StoredApiKey("old", "old", sha256("o"), ApiScope.READ, T0, at(1));
    keys().add(k);

    assertThat(keys().revoke("old", at(2))).isFalse();
    assertThat(keys().get("old")).contains(k);
  }

  // ---- delete ----

  @Test
  void a_deleted_key_is_gone_and_frees_its_id_and_hash() {
    StoredApiKey k = key("ci", "secret", T1);
    StoredApiKey other = key("other", "other", T1);
    keys().add(k);
    keys().add(other);
    keys().revoke("ci", at(1));

    assertThat(keys().delete("ci")).isTrue();
    assertThat(keys().delete("ci")).isFalse();
    assertThat(keys().delete("nobody")).isFalse();

    assertThat(keys().get("ci")).isEmpty();
    assertThat(keys().byHash(k.hash())).isEmpty();
    assertThat(keys().list()).containsExactly(other);
    StoredApiKey again = new StoredApiKey("ci", "again", k.hash(), ApiScope.ADMIN, at(2), null);
    keys().add(again);
    assertThat(keys().byHash(k.hash())).contains(again);
    assertThat(keys().revoke("ci", at(3))).as("the new key is active").isTrue();
  }

  // ---- uniqueness ----

  @Test
  void a_taken_id_is_refused_and_the_first_key_kept() {
    StoredApiKey first = key("ci", "first", T1);
    keys().add(first);
    StoredApiKey second =
        new StoredApiKey("ci", "second", sha256("second"), ApiScope.ADMIN, at(1), null);

    assertRefused(
        ErrorCode.INVALID_VALUE,
        () -> keys().add(second),
        "an API key with id 'ci' exists already");
    assertThat(keys().get("ci")).contains(first);
    assertThat(keys().byHash(second.hash())).isEmpty();
    assertThat(keys().list()).containsExactly(first);
  }

  @Test
  void a_taken_hash_is_refused_and_the_first_key_kept() {
    StoredApiKey first = key("ci", "same", T1);
    keys().add(first);
    keys().revoke("ci", at(1));
    StoredApiKey second = key("other", "same", at(2));

    assertRefused(
        ErrorCode.INVALID_VALUE,
        () -> keys().add(second),
        "an API key with the same hash exists already",
        "'other'");
    assertThat(keys().byHash(first.hash())).contains(first.revokedAt(at(1)));
    assertThat(keys().get("other")).isEmpty();
    assertThat(keys().list()).hasSize(1);
  }

  @Test
  void of_sixteen_threads_adding_the_same_id_exactly_one_wins() throws Exception {
    for (int round = 0; round < 5; round++) {
      String id = "race-" + round;
      int r = round;
      ConcurrentLinkedQueue<StoredApiKey> won = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<MediaFlowException> refused = new ConcurrentLinkedQueue<>();
      race(
          16,
          t -> {
            StoredApiKey mine = key(id, "id-" + r + "-" + t, at(t));
            try {
              keys().add(mine);
              won.add(mine);
            } catch (MediaFlowException e) {
              refused.add(e);
            }
          });

      assertThat(won).as("one winner in round %s", round).hasSize(1);
      assertThat(refused).hasSize(15);
      assertThat(refused)
          .allSatisfy(
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE);
                assertThat(e.detail()).contains("an API key with id '" + id + "' exists already");
              });
      StoredApiKey winner = won.peek();
      assertThat(keys().get(id)).contains(winner);
      assertThat(keys().byHash(winner.hash())).contains(winner);
    }
    assertThat(keys().list()).hasSize(5);
  }

  @Test
  void of_sixteen_threads_adding_the_same_hash_exactly_one_wins() throws Exception {
    String hash = sha256("shared");
    ConcurrentLinkedQueue<StoredApiKey> won = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<MediaFlowException> refused = new ConcurrentLinkedQueue<>();
    race(
        16,
        t -> {
          StoredApiKey mine = new StoredApiKey("k" + t, "n", hash, ApiScope.READ, T1, null);
          try {
            keys().add(mine);
            won.add(mine);
          } catch (MediaFlowException e) {
            refused.add(e);
          }
        });

    assertThat(won).hasSize(1);
    assertThat(refused)
        .hasSize(15)
        .allSatisfy(
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE);
              assertThat(e.detail()).contains("an API key with the same hash exists already");
            });
    assertThat(keys().byHash(hash)).contains(won.peek());
    assertThat(keys().list()).containsExactly(won.peek());
  }

  // ---- two stores on the same data ----

  @Test
  void a_second_store_on_the_same_data_sees_each_write_at_once() throws Exception {
    Storage other = openSharing(storage);
    try {
      StoredApiKey k = key("ci", "secret", T1);
      keys().add(k);
      assertThat(other.apiKeys().byHash(k.hash())).contains(k);
      assertThat(other.apiKeys().list()).containsExactly(k);

      assertRefused(
          ErrorCode.INVALID_VALUE, () -> other.apiKeys().add(k), "id 'ci' exists already");
      assertThat(other.apiKeys().revoke("ci", at(1))).isTrue();
      assertThat(keys().byHash(k.hash())).contains(k.revokedAt(at(1)));
      assertThat(keys().revoke("ci", at(2))).isFalse();

      StoredApiKey second = key("second", "two", at(3));
      other.apiKeys().add(second);
      assertThat(keys().list()).containsExactly(k.revokedAt(at(1)), second);
      assertThat(keys().delete("ci")).isTrue();
      assertThat(other.apiKeys().byHash(k.hash())).isEmpty();
      assertThat(other.apiKeys().delete("ci")).isFalse();
      assertThat(other.apiKeys().list()).containsExactly(second);
    } finally {
      if (other != storage) {
        other.close();
      }
    }
  }

  // ---- bad arguments ----

  @Test
  void a_bad_id_is_refused_naming_it_by_every_method() {
    String tooLong = "i".repeat(ApiKeyStore.MAX_ID_LENGTH + 1);
    for (String id : List.of("", "has space", "é", "a/b", "a\0b", "x'y", tooLong)) {
      String shown = id.length() > 40 ? id.substring(0, 40) : id;
      List<ThrowingCallable> calls =
          List.of(
              () -> keys().add(key(id, "s", T0)),
              () -> keys().get(id),
              () -> keys().revoke(id, T0),
              () -> keys().delete(id));
      for (ThrowingCallable call : calls) {
        assertRefused(
            ErrorCode.INVALID_VALUE,
            call,
            "API key id '" + shown,
            "is not valid: an id is 1 to " + ApiKeyStore.MAX_ID_LENGTH + " characters");
        assertSuggests(call, "use the id that creating the key returned");
      }
    }
    assertThat(keys().list()).as("nothing added").isEmpty();
  }

  @Test
  void a_bad_hash_is_refused() {
    String hex = sha256("x");
    for (String hash :
        List.of("", hex.toUpperCase(), hex.substring(1), hex + "0", "g" + hex.substring(1))) {
      ThrowingCallable call = () -> keys().byHash(hash);
      assertRefused(
          ErrorCode.INVALID_VALUE,
          call,
          "API key hash is not valid: it must be a SHA-256 as 64 lower-case hexadecimal digits");
      assertSuggests(call, "hash the key's UTF-8 bytes with SHA-256");
    }
  }

  @Test
  void a_bad_name_is_refused_naming_it_and_its_length() {
    String tooLong = "n".repeat(ApiKeyStore.MAX_NAME_LENGTH + 1);
    for (String name : List.of("", tooLong, "a\0b")) {
      String shown = name.length() > 40 ? name.substring(0, 40) : name;
      StoredApiKey bad = new StoredApiKey("ci", name, sha256("s"), ApiScope.READ, T0, null);
      ThrowingCallable call = () -> keys().add(bad);
      assertRefused(
          ErrorCode.INVALID_VALUE,
          call,
          "API key name '" + shown,
          "a name is 1 to " + ApiKeyStore.MAX_NAME_LENGTH + " characters without U+0000",
          "(it has " + name.length() + ")");
      assertSuggests(call, "name the key after who uses it");
    }
    assertThat(keys().get("ci")).as("nothing added").isEmpty();
  }

  @Test
  void null_arguments_are_refused() {
    List<ThrowingCallable> calls =
        List.of(
            () -> keys().add(null),
            () -> keys().byHash(null),
            () -> keys().get(null),
            () -> keys().revoke(null, T0),
            () -> keys().revoke("nobody", null),
            () -> keys().delete(null));
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call).isInstanceOf(NullPointerException.class);
    }
    keys().add(key("ci", "s", T0));
    assertThatThrownBy(() -> keys().revoke("ci", null)).isInstanceOf(NullPointerException.class);
    assertThat(keys().get("ci").orElseThrow().active()).as("not revoked").isTrue();
  }

  // ---- helpers ----

  private static void assertSuggests(ThrowingCallable call, String part) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            MediaFlowException.class, e -> assertThat(e.suggestion()).contains(part));
  }

  /** The SHA-256 of {@code text}'s UTF-8 bytes, as lower-case hex. */
  protected static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
