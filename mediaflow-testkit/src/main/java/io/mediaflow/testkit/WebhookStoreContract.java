package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.store.DeliveryAttempt;
import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.api.store.WebhookStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The {@link WebhookStore} contract, every guarantee its javadoc states: registrations saved with
 * every field, replaced in place, listed in the order first saved, switched on and off without
 * losing a concurrent save, and deleted with their attempts; delivery attempts recorded with every
 * field (only for a registration that exists), listed newest first up to a limit, by delivery first
 * attempt first, and purged by age.
 *
 * <p>Subclass it (or {@link StorageContract}, which runs every suite) and return a fresh, empty
 * store from {@link #newStorage()}.
 */
public abstract class WebhookStoreContract extends StorageContractSupport {

  /** Text no single-byte or three-byte encoding keeps: accents, CJK, an emoji, quotes, escapes. */
  private static final String UNICODE =
      "Ops \u00e9\u00df \u65e5\u672c\u8a9e \ud83d\ude80 \"q\" \\ \n";

  private WebhookStore hooks() {
    return storage.webhooks();
  }

  /** A registration with every field away from its default. */
  private static WebhookRegistration full(String id) {
    return WebhookRegistration.builder(id, "https://hooks.example/" + id + "?q=\u00fc")
        .patterns("job.failed", "workflow.*", "m\u00e9dia.**")
        .secrets(List.of("whsec_newest", "whsec_middle", "whsec_oldest"))
        .active(false)
        .description(UNICODE)
        .createdAt(T0.plusMillis(123))
        .ordered(true)
        .ratePerSecond(2.5)
        .allowedAddresses("127.0.0.1", "10.0.0.0/8", "::1")
        .build();
  }

  private static DeliveryAttempt attempt(
      String registrationId, String deliveryId, int n, Instant at) {
    return new DeliveryAttempt(
        registrationId,
        deliveryId,
        "msg_" + deliveryId,
        "job.failed",
        n,
        at,
        503,
        Duration.ofMillis(250),
        false,
        "busy",
        "503 Service Unavailable");
  }

  // ---- registrations ----

  @Test
  void webhooks_can_be_saved_replaced_listed_and_deleted() {
    WebhookRegistration a =
        WebhookRegistration.builder("a", "https://a.example/hook")
            .patterns("job.*")
            .secret("s1")
            .build();
    WebhookRegistration b =
        WebhookRegistration.builder("b", "https://b.example/hook")
            .secret("s2")
            .active(false)
            .build();
    assertThat(hooks().list()).isEmpty();

    hooks().save(a);
    hooks().save(b);
    assertThat(hooks().list()).containsExactly(a, b);

    WebhookRegistration a2 =
        a.toBuilder()
            .url("https://a.example/v2")
            .patterns("job.failed", "media.*")
            .secrets(List.of("s3"))
            .active(false)
            .build();
    hooks().save(a2);
    assertThat(hooks().list()).containsExactly(a2, b);

    assertThat(hooks().delete("a")).isTrue();
    assertThat(hooks().delete("a")).isFalse();
    assertThat(hooks().delete("never")).isFalse();
    assertThat(hooks().list()).containsExactly(b);
  }

  @Test
  void a_registration_keeps_every_field_and_its_secrets_in_order() {
    WebhookRegistration full = full("full");
    WebhookRegistration plain = WebhookRegistration.builder("plain", "http://plain").build();
    hooks().save(full);
    hooks().save(plain);

    assertThat(hooks().get("full")).contains(full);
    assertThat(hooks().get("full").orElseThrow().secrets())
        .containsExactly("whsec_newest", "whsec_middle", "whsec_oldest");
    assertThat(hooks().get("plain")).contains(plain);
    assertThat(plain.secrets()).as("no secret at all is kept as none").isEmpty();
    assertThat(hooks().list()).containsExactly(full, plain);
    assertThat(hooks().get("missing")).isEmpty();
  }

  @Test
  void a_save_replaces_every_field_in_place_and_the_first_save_keeps_the_position() {
    hooks().save(full("a"));
    hooks().save(full("b"));
    hooks().save(full("c"));
    WebhookRegistration changed =
        WebhookRegistration.builder("a", "http://other.example/")
            .patterns("**")
            .secrets(List.of("whsec_rotated", "whsec_newest"))
            .active(true)
            .description("")
            .createdAt(T0.plusSeconds(3600))
            .ordered(false)
            .ratePerSecond(0.1)
            .allowedAddresses(List.of())
            .build();

    hooks().save(changed);

    assertThat(hooks().get("a")).contains(changed);
    assertThat(hooks().list()).containsExactly(changed, full("b"), full("c"));
    assertThat(hooks().delete("a")).isTrue();
    hooks().save(full("a"));
    assertThat(hooks().list())
        .as("saved again after a delete: a first save")
        .extracting(WebhookRegistration::id)
        .containsExactly("b", "c", "a");
  }

  @Test
  void set_active_changes_that_field_alone() {
    WebhookRegistration full = full("h");
    hooks().save(full);
    hooks().save(full("other"));

    assertThat(hooks().setActive("h", true)).isTrue();
    assertThat(hooks().get("h")).contains(full.withActive(true));
    assertThat(hooks().setActive("h", true)).as("already on: still there").isTrue();
    assertThat(hooks().get("h")).contains(full.withActive(true));
    assertThat(hooks().setActive("h", false)).isTrue();
    assertThat(hooks().get("h")).contains(full);
    assertThat(hooks().get("other")).contains(full("other"));

    assertThat(hooks().setActive("missing", true)).isFalse();
    assertThat(hooks().get("missing")).as("not created").isEmpty();
    assertThat(hooks().list()).extracting(WebhookRegistration::id).containsExactly("h", "other");
  }

  @Test
  void concurrent_saves_and_set_active_lose_no_field() throws Exception {
    int savers = 4;
    int saves = 40;
    for (int s = 0; s < savers; s++) {
      hooks().save(version("h" + s, 0));
    }
    AtomicInteger running = new AtomicInteger(savers);
    race(
        savers + 4,
        thread -> {
          if (thread < savers) {
            String id = "h" + thread;
            try {
              for (int v = 1; v <= saves; v++) {
                hooks().save(version(id, v));
                // only this thread changes the other fields: a switch in between must not undo it
                WebhookRegistration read = hooks().get(id).orElseThrow();
                assertThat(read.withActive(true)).isEqualTo(version(id, v));
              }
            } finally {
              running.decrementAndGet();
            }
          } else {
            while (running.get() > 0) {
              String id = "h" + ThreadLocalRandom.current().nextInt(savers);
              assertThat(hooks().setActive(id, ThreadLocalRandom.current().nextBoolean())).isTrue();
            }
          }
        });
    for (int s = 0; s < savers; s++) {
      assertThat(hooks().get("h" + s).orElseThrow().withActive(true))
          .isEqualTo(version("h" + s, saves));
    }
    assertThat(hooks().list()).hasSize(savers);
  }

  /** Version {@code v} of registration {@code id}: every field but {@code active} differs. */
  private static WebhookRegistration version(String id, int v) {
    return WebhookRegistration.builder(id, "https://hooks.example/" + id + "/" + v)
        .patterns("job." + v)
        .secrets(List.of("whsec_" + v, "whsec_" + (v - 1)))
        .description("version " + v)
        .createdAt(T0.plusSeconds(v))
        .ordered(v % 2 == 0)
        .ratePerSecond(v)
        .allowedAddresses("10.0.0." + v)
        .build();
  }

  // ---- delivery attempts ----

  @Test
  void an_attempt_keeps_every_field() {
    hooks().save(full("h"));
    DeliveryAttempt failed =
        new DeliveryAttempt(
            "h",
            "job-1",
            "msg_2Zq",
            "m\u00e9dia.completed",
            1,
            T0.plusMillis(5),
            0,
            Duration.ofNanos(1_234_567_891),
            false,
            "",
            "connection refused: " + UNICODE);
    DeliveryAttempt delivered =
        new DeliveryAttempt(
            "h",
            "job-1",
            "msg_2Zq",
            "m\u00e9dia.completed",
            2,
            T0.plusSeconds(60),
            204,
            Duration.ofMillis(12),
            true,
            UNICODE,
            "");

    hooks().recordAttempt(failed);
    hooks().recordAttempt(delivered);

    assertThat(hooks().attempts("h", 10)).containsExactly(delivered, failed);
    assertThat(hooks().attemptsOf("job-1")).containsExactly(failed, delivered);
  }

  @Test
  void a_long_response_snippet_is_kept_cut_at_max_snippet() {
    hooks().save(full("h"));
    String emoji = "\ud83d\ude00";
    DeliveryAttempt longText = withSnippet(1, "\u00e9".repeat(5000));
    DeliveryAttempt splitPair = withSnippet(2, "a".repeat(DeliveryAttempt.MAX_SNIPPET - 1) + emoji);
    DeliveryAttempt fourByte = withSnippet(3, emoji.repeat(DeliveryAttempt.MAX_SNIPPET));

    hooks().recordAttempt(longText);
    hooks().recordAttempt(splitPair);
    hooks().recordAttempt(fourByte);

    assertThat(longText.responseSnippet()).hasSize(DeliveryAttempt.MAX_SNIPPET);
    assertThat(splitPair.responseSnippet())
        .as("a surrogate pair is not split")
        .isEqualTo("a".repeat(DeliveryAttempt.MAX_SNIPPET - 1));
    assertThat(fourByte.responseSnippet()).isEqualTo(emoji.repeat(DeliveryAttempt.MAX_SNIPPET / 2));
    assertThat(hooks().attemptsOf("d")).containsExactly(longText, splitPair, fourByte);
  }

  private static DeliveryAttempt withSnippet(int n, String snippet) {
    return new DeliveryAttempt(
        "h", "d", "msg", "job.failed", n, at(n), 500, Duration.ofMillis(1), false, snippet, "500");
  }

  @Test
  void attempts_list_newest_first_up_to_the_limit() {
    hooks().save(full("h"));
    hooks().save(full("other"));
    for (int i = 1; i <= 5; i++) {
      hooks().recordAttempt(attempt("h", "d" + (i % 2), i, at(i)));
      hooks().recordAttempt(attempt("other", "o" + i, 1, at(i)));
    }
    // recorded late but sent earlier: listed by when it was sent
    hooks().recordAttempt(attempt("h", "late", 1, at(0)));
    // sent at the same time as the newest: recorded later, listed first
    DeliveryAttempt tie = attempt("h", "tie", 1, at(5));
    hooks().recordAttempt(tie);

    assertThat(hooks().attempts("h", 3))
        .containsExactly(tie, attempt("h", "d1", 5, at(5)), attempt("h", "d0", 4, at(4)));
    assertThat(hooks().attempts("h", 1000))
        .extracting(DeliveryAttempt::at)
        .containsExactly(at(5), at(5), at(4), at(3), at(2), at(1), at(0));
    assertThat(hooks().attempts("h", 1)).containsExactly(tie);
    assertThat(hooks().attempts("other", 1000))
        .extracting(DeliveryAttempt::registrationId)
        .containsOnly("other")
        .hasSize(5);
    assertThat(hooks().attempts("missing", 10)).isEmpty();
  }

  @Test
  void a_limit_out_of_range_is_refused() {
    hooks().save(full("h"));
    for (int limit : new int[] {0, -1, 1001, Integer.MIN_VALUE}) {
      assertThatThrownBy(() -> hooks().attempts("h", limit))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("limit must be between 1 and 1000 but was " + limit);
    }
    assertThat(hooks().attempts("h", 1)).isEmpty();
    assertThat(hooks().attempts("h", 1000)).isEmpty();
  }

  @Test
  void attempts_of_a_delivery_list_first_attempt_first() {
    hooks().save(full("h"));
    hooks().save(full("other"));
    for (int n = 1; n <= 3; n++) {
      hooks().recordAttempt(attempt("h", "d1", n, at(n * 60)));
      hooks().recordAttempt(attempt("h", "d2", n, at(n * 60 + 1)));
      hooks().recordAttempt(attempt("other", "d3", n, at(n * 60 + 2)));
    }

    assertThat(hooks().attemptsOf("d1"))
        .containsExactly(
            attempt("h", "d1", 1, at(60)),
            attempt("h", "d1", 2, at(120)),
            attempt("h", "d1", 3, at(180)));
    assertThat(hooks().attemptsOf("d3"))
        .extracting(DeliveryAttempt::attempt)
        .containsExactly(1, 2, 3);
    assertThat(hooks().attemptsOf("missing")).isEmpty();
  }

  @Test
  void a_purge_deletes_the_attempts_before_the_cutoff_and_counts_them() {
    hooks().save(full("a"));
    hooks().save(full("b"));
    for (int i = 1; i <= 3; i++) {
      hooks().recordAttempt(attempt("a", "a" + i, 1, at(i)));
      hooks().recordAttempt(attempt("b", "b" + i, 1, at(i)));
    }

    assertThat(hooks().purgeAttempts(at(2))).as("those before, not at, the cutoff").isEqualTo(2);
    assertThat(hooks().attempts("a", 10))
        .extracting(DeliveryAttempt::at)
        .containsExactly(at(3), at(2));
    assertThat(hooks().attempts("b", 10))
        .extracting(DeliveryAttempt::at)
        .containsExactly(at(3), at(2));
    assertThat(hooks().purgeAttempts(at(2))).isZero();
    assertThat(hooks().purgeAttempts(at(4))).isEqualTo(4);
    assertThat(hooks().attempts("a", 10)).isEmpty();
    assertThat(hooks().list()).as("registrations stay").hasSize(2);
  }

  @Test
  void a_delete_removes_the_attempts_too() {
    hooks().save(full("a"));
    hooks().save(full("b"));
    hooks().recordAttempt(attempt("a", "da", 1, at(1)));
    hooks().recordAttempt(attempt("a", "da", 2, at(2)));
    hooks().recordAttempt(attempt("b", "db", 1, at(1)));

    assertThat(hooks().delete("a")).isTrue();

    assertThat(hooks().attempts("a", 10)).isEmpty();
    assertThat(hooks().attemptsOf("da")).isEmpty();
    assertThat(hooks().attempts("b", 10)).containsExactly(attempt("b", "db", 1, at(1)));
    hooks().save(full("a"));
    assertThat(hooks().attempts("a", 10)).as("a new registration of the same id").isEmpty();
    assertThat(hooks().purgeAttempts(at(100))).as("nothing left behind").isEqualTo(1);
  }

  @Test
  void an_attempt_for_a_registration_that_is_gone_stores_nothing() {
    hooks().recordAttempt(attempt("never", "d1", 1, at(1)));
    hooks().save(full("gone"));
    assertThat(hooks().delete("gone")).isTrue();
    hooks().recordAttempt(attempt("gone", "d2", 1, at(2)));

    assertThat(hooks().attempts("never", 10)).isEmpty();
    assertThat(hooks().attemptsOf("d1")).isEmpty();
    hooks().save(full("gone"));
    assertThat(hooks().attempts("gone", 10)).isEmpty();
    assertThat(hooks().attemptsOf("d2")).isEmpty();
    assertThat(hooks().purgeAttempts(at(100))).isZero();
  }

  @Test
  void attempts_recorded_while_their_registration_is_deleted_fail_nothing_and_leave_nothing()
      throws Exception {
    for (int round = 0; round < 5; round++) {
      hooks().save(full("h"));
      AtomicInteger recorded = new AtomicInteger();
      race(
          4,
          thread -> {
            if (thread == 0) {
              while (recorded.get() < 3) {
                Thread.onSpinWait();
              }
              assertThat(hooks().delete("h")).isTrue();
            } else {
              for (int n = 1; n <= 20; n++) {
                hooks().recordAttempt(attempt("h", "d" + thread, n, at(n)));
                recorded.incrementAndGet();
              }
            }
          });
      assertThat(hooks().get("h")).isEmpty();
      assertThat(hooks().attemptsOf("d1")).isEmpty();
    }
    hooks().save(full("h"));
    assertThat(hooks().attempts("h", 1000)).isEmpty();
    assertThat(hooks().purgeAttempts(at(1000))).as("nothing left behind").isZero();
  }

  @Test
  void null_arguments_are_refused_with_their_name() {
    assertNull("registration", () -> hooks().save(null));
    assertNull("id", () -> hooks().get(null));
    assertNull("id", () -> hooks().setActive(null, true));
    assertNull("id", () -> hooks().delete(null));
    assertNull("attempt", () -> hooks().recordAttempt(null));
    assertNull("registrationId", () -> hooks().attempts(null, 10));
    assertNull("deliveryId", () -> hooks().attemptsOf(null));
    assertNull("cutoff", () -> hooks().purgeAttempts(null));
  }

  private static void assertNull(String name, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage(name);
  }
}
