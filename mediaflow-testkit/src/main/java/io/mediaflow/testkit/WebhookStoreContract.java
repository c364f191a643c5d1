package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.store.WebhookRegistration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link io.mediaflow.api.store.WebhookStore} contract: registrations saved, replaced in place,
 * listed in the order first saved, and deleted.
 *
 * <p>Subclass it (or {@link StorageContract}, which runs every suite) and return a fresh, empty
 * store from {@link #newStorage()}.
 */
public abstract class WebhookStoreContract extends StorageContractSupport {

  // ---- webhooks ----

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
    assertThat(storage.webhooks().list()).isEmpty();

    storage.webhooks().save(a);
    storage.webhooks().save(b);
    assertThat(storage.webhooks().list()).containsExactlyInAnyOrder(a, b);

    WebhookRegistration a2 =
        a.toBuilder()
            .url("https://a.example/v2")
            .patterns("job.failed", "media.*")
            .secrets(List.of("s3"))
            .active(false)
            .build();
    storage.webhooks().save(a2);
    assertThat(storage.webhooks().list()).containsExactlyInAnyOrder(a2, b);

    assertThat(storage.webhooks().delete("a")).isTrue();
    assertThat(storage.webhooks().delete("a")).isFalse();
    assertThat(storage.webhooks().delete("never")).isFalse();
    assertThat(storage.webhooks().list()).containsExactly(b);
  }
}
