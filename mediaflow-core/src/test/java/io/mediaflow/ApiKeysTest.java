package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.store.ApiScope;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.StoredApiKey;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

  private final ManualClock clock = ManualClock.at(Instant.parse("2026-12-04T10:00:00Z"));
  private final InMemoryStorage storage = new InMemoryStorage();
  private final ApiKeys keys = new ApiKeys(storage::apiKeys, clock);

  @Test
  void a_created_key_authenticates_and_only_its_hash_is_stored() {
    ApiKeys.Created created = keys.create("ci-deploy", ApiScope.WRITE);

    assertThat(created.key()).startsWith(ApiKeys.KEY_PREFIX).hasSize(46);
    assertThat(keys.authenticate(created.key())).map(StoredApiKey::id).contains(created.id());
    StoredApiKey stored = keys.get(created.id()).orElseThrow();
    assertThat(stored.hash()).isEqualTo(ApiKeys.hash(created.key())).doesNotContain(created.key());
    assertThat(stored.createdAt()).isEqualTo(clock.instant());
    assertThat(created.toString()).doesNotContain(created.key()).contains("<redacted>");
  }

  @Test
  void scopes_include_the_lower_ones() {
    ApiKeys.Created reader = keys.create("reader", ApiScope.READ);
    ApiKeys.Created writer = keys.create("writer", ApiScope.WRITE);
    ApiKeys.Created admin = keys.create("admin", ApiScope.ADMIN);

    assertThat(keys.allows(reader.key(), ApiScope.READ)).isTrue();
    assertThat(keys.allows(reader.key(), ApiScope.WRITE)).isFalse();
    assertThat(keys.allows(writer.key(), ApiScope.WRITE)).isTrue();
    assertThat(keys.allows(writer.key(), ApiScope.ADMIN)).isFalse();
    assertThat(keys.allows(admin.key(), ApiScope.ADMIN)).isTrue();
    assertThat(keys.allows(admin.key(), ApiScope.READ)).isTrue();
  }

  @Test
  void unknown_empty_null_and_huge_keys_authenticate_as_nobody() {
    keys.create("someone", ApiScope.ADMIN);

    assertThat(keys.authenticate("mf_guess")).isEmpty();
    assertThat(keys.authenticate("")).isEmpty();
    assertThat(keys.authenticate(null)).isEmpty();
    assertThat(keys.authenticate("x".repeat(10_000))).isEmpty();
  }

  @Test
  void a_revoked_key_stops_working_at_once_on_this_engine_and_stays_listed() {
    ApiKeys.Created created = keys.create("leaked", ApiScope.WRITE);
    assertThat(keys.authenticate(created.key())).isPresent(); // now cached

    assertThat(keys.revoke(created.id())).isTrue();

    assertThat(keys.authenticate(created.key())).isEmpty();
    assertThat(keys.revoke(created.id())).isFalse();
    assertThat(keys.list())
        .singleElement()
        .satisfies(k -> assertThat(k.revoked()).contains(clock.instant()));
    assertThat(keys.delete(created.id())).isTrue();
    assertThat(keys.list()).isEmpty();
    assertThat(keys.delete(created.id())).isFalse();
  }

  @Test
  void a_key_revoked_by_another_engine_stops_working_within_the_cache_time() {
    ApiKeys other = new ApiKeys(storage::apiKeys, clock);
    ApiKeys.Created created = keys.create("shared", ApiScope.READ);
    assertThat(keys.authenticate(created.key())).isPresent();

    other.revoke(created.id());

    assertThat(keys.authenticate(created.key())).as("still cached").isPresent();
    clock.advance(ApiKeys.CACHE_TIME);
    assertThat(keys.authenticate(created.key())).isEmpty();
  }

  @Test
  void a_bad_name_is_invalid_value_naming_the_rule() {
    assertThatThrownBy(() -> keys.create("", ApiScope.READ))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE);
              assertThat(e.getMessage()).contains("API key name", "1 to 200 characters");
              assertThat(e.suggestion()).contains("ci-deploy");
            });
    assertThatThrownBy(() -> keys.create("a".repeat(201), ApiScope.READ))
        .hasMessageContaining("it has 201");
    assertThat(keys.list()).isEmpty();
  }

  @Test
  void a_bad_id_is_invalid_value() {
    assertThatThrownBy(() -> keys.revoke("no spaces"))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE);
              assertThat(e.getMessage()).contains("API key id 'no spaces' is not valid");
            });
  }

  @Test
  void the_cache_does_not_grow_without_bound_under_a_flood_of_wrong_keys() {
    for (int i = 0; i < 20_000; i++) {
      keys.authenticate("mf_wrong" + i);
      assertThat(keys.cached()).isLessThanOrEqualTo(ApiKeys.MAX_CACHED);
    }
    clock.advance(Duration.ofMillis(1));
    ApiKeys.Created created = keys.create("after-flood", ApiScope.READ);
    assertThat(keys.authenticate(created.key())).isPresent();
  }
}
