package io.mediaflow.jdbc;

import io.mediaflow.api.store.DeliveryAttempt;
import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.api.store.WebhookStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The webhook registrations of a {@link JdbcStorage}, in the order each id was first saved. */
final class JdbcWebhookStore implements WebhookStore {

  private final Transactions db;
  private final String upsert;
  private final String list;
  private final String delete;

  JdbcWebhookStore(Transactions db, Dialect dialect, Tables t) {
    this.db = db;
    this.upsert = dialect.upsertWebhook(t);
    this.list = "SELECT id, url, patterns, secret, active FROM " + t.webhooks() + " ORDER BY seq";
    this.delete = "DELETE FROM " + t.webhooks() + " WHERE id = ?";
  }

  @Override
  public void save(WebhookRegistration r) {
    Objects.requireNonNull(r, "registration");
    db.auto(
        "saveWebhook",
        null,
        c ->
            Sql.update(
                c,
                upsert,
                r.id(),
                r.url(),
                Rows.stringsText(r.patterns()),
                // interim: the secrets in the one V1 column until V9 gives the new fields theirs
                Rows.stringsText(r.secrets()),
                r.active()));
  }

  @Override
  public List<WebhookRegistration> list() {
    return db.auto(
        "webhooks",
        null,
        c ->
            Sql.list(
                c,
                list,
                rs ->
                    WebhookRegistration.builder(rs.getString(1), rs.getString(2))
                        .patterns(Rows.strings(rs.getString(3)))
                        .secrets(Rows.strings(rs.getString(4)))
                        .active(rs.getBoolean(5))
                        .build(),
                List.of()));
  }

  @Override
  public boolean delete(String id) {
    Objects.requireNonNull(id, "id");
    return db.auto("deleteWebhook", null, c -> Sql.update(c, delete, id) > 0);
  }

  @Override
  public Optional<WebhookRegistration> get(String id) {
    Objects.requireNonNull(id, "id");
    return list().stream().filter(r -> r.id().equals(id)).findFirst();
  }

  @Override
  public boolean setActive(String id, boolean active) {
    Optional<WebhookRegistration> r = get(id);
    r.ifPresent(found -> save(found.withActive(active)));
    return r.isPresent();
  }

  @Override
  public void recordAttempt(DeliveryAttempt attempt) {
    throw new UnsupportedOperationException("delivery history arrives with the V9 migration");
  }

  @Override
  public List<DeliveryAttempt> attempts(String registrationId, int limit) {
    throw new UnsupportedOperationException("delivery history arrives with the V9 migration");
  }

  @Override
  public List<DeliveryAttempt> attemptsOf(String deliveryId) {
    throw new UnsupportedOperationException("delivery history arrives with the V9 migration");
  }

  @Override
  public int purgeAttempts(Instant cutoff) {
    throw new UnsupportedOperationException("delivery history arrives with the V9 migration");
  }
}
