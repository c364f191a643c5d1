package io.mediaflow.jdbc;

import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.api.store.WebhookStore;
import java.util.List;
import java.util.Objects;

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
                r.secret(),
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
                    new WebhookRegistration(
                        rs.getString(1),
                        rs.getString(2),
                        Rows.strings(rs.getString(3)),
                        rs.getString(4),
                        rs.getBoolean(5)),
                List.of()));
  }

  @Override
  public boolean delete(String id) {
    Objects.requireNonNull(id, "id");
    return db.auto("deleteWebhook", null, c -> Sql.update(c, delete, id) > 0);
  }
}
