package io.mediaflow.jdbc;

import io.mediaflow.api.store.DeliveryAttempt;
import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.api.store.WebhookStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The webhook registrations of a {@link JdbcStorage} and the history of their delivery attempts
 * (schema V9), each change one statement.
 *
 * <ul>
 *   <li>A save is the dialect's upsert of every column but {@code seq}, which keeps the order of
 *       first saves; {@link #setActive} is one {@code UPDATE} of {@code active} alone, so a save
 *       running at the same time loses nothing.
 *   <li>An attempt is an {@code INSERT … SELECT … FROM webhooks WHERE id = ?}: nothing for a
 *       registration that is gone. On PostgreSQL it commits without waiting for the disk ({@link
 *       Dialect#commitWithoutFlush}): the delivery job's completion, retry or failure, which the
 *       engine always commits after it, makes it durable; a database crash in between loses the
 *       record with the job's outcome, and the delivery runs again.
 *   <li>A delete is one {@code DELETE} of the registration; the foreign key ({@code ON DELETE
 *       CASCADE}) removes its attempts in the same statement.
 *   <li>Racing a delete, an attempt inserted first goes with the registration, and one inserted
 *       after is refused by the foreign key (counted as nothing recorded) or finds no row to select
 *       from: the foreign key check locks the registration's row, and on H2, whose check does not
 *       see a delete not yet committed, the {@code SELECT} locks it ({@link
 *       Dialect#lockParentRow}). A deadlock victim, should the database pick one, runs again.
 * </ul>
 */
final class JdbcWebhookStore implements WebhookStore {

  /** The columns {@link Dialect#upsertWebhook} writes, in the order it binds them. */
  static final String COLUMNS =
      "id, url, patterns, secret, secrets, active, description, created_at, ordered,"
          + " rate_per_second, allowed_addresses";

  /** The most attempts one {@link #attempts} call lists. */
  static final int MAX_LIMIT = 1000;

  private static final String ATTEMPT_COLUMNS =
      "registration_id, delivery_id, message_id, event_type, attempt, attempted_at, status,"
          + " duration_ns, delivered, response_snippet, error";

  private final Transactions db;
  private final String upsert;
  private final String list;
  private final String find;
  private final String activate;
  private final String delete;
  private final String record;
  private final String newestFirst;
  private final String ofDelivery;
  private final String purge;

  JdbcWebhookStore(Transactions db, Dialect dialect, Tables t) {
    this.db = db;
    String hooks = t.webhooks();
    String attempts = t.webhookAttempts();
    this.upsert = dialect.upsertWebhook(t);
    String select = "SELECT " + COLUMNS + " FROM " + hooks;
    this.list = select + " ORDER BY seq";
    this.find = select + " WHERE id = ?";
    this.activate = "UPDATE " + hooks + " SET active = ? WHERE id = ?";
    this.delete = "DELETE FROM " + hooks + " WHERE id = ?";
    this.record =
        "INSERT INTO "
            + attempts
            + " ("
            + ATTEMPT_COLUMNS
            + ") SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM "
            + hooks
            + dialect.commitWithoutFlush()
            + " WHERE id = ?"
            + dialect.lockParentRow();
    String selectAttempts = "SELECT " + ATTEMPT_COLUMNS + " FROM " + attempts;
    this.newestFirst =
        selectAttempts + " WHERE registration_id = ? ORDER BY attempted_at DESC, id DESC LIMIT ?";
    this.ofDelivery = selectAttempts + " WHERE delivery_id = ? ORDER BY attempt, id";
    this.purge = "DELETE FROM " + attempts + " WHERE attempted_at < ?";
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
                // the newest secret, what a mediaflow before schema V9 reads
                r.secrets().isEmpty() ? "" : r.secrets().get(0),
                Rows.stringsText(r.secrets()),
                r.active(),
                r.description(),
                Rows.micros(r.createdAt()),
                r.ordered(),
                r.ratePerSecond(),
                Rows.stringsText(r.allowedAddresses())));
  }

  @Override
  public Optional<WebhookRegistration> get(String id) {
    Objects.requireNonNull(id, "id");
    return db.auto("webhook", null, c -> Sql.first(c, find, JdbcWebhookStore::registration, id));
  }

  @Override
  public List<WebhookRegistration> list() {
    return db.auto(
        "webhooks", null, c -> Sql.list(c, list, JdbcWebhookStore::registration, List.of()));
  }

  @Override
  public boolean setActive(String id, boolean active) {
    Objects.requireNonNull(id, "id");
    return db.auto("setWebhookActive", null, c -> Sql.update(c, activate, active, id) > 0);
  }

  @Override
  public boolean delete(String id) {
    Objects.requireNonNull(id, "id");
    return db.autoRetrying("deleteWebhook", null, c -> Sql.update(c, delete, id) > 0);
  }

  @Override
  public void recordAttempt(DeliveryAttempt a) {
    Objects.requireNonNull(a, "attempt");
    db.autoRetrying(
        "recordWebhookAttempt",
        a.deliveryId(),
        c -> {
          try {
            return Sql.update(
                c,
                record,
                a.deliveryId(),
                a.messageId(),
                a.eventType(),
                a.attempt(),
                Rows.micros(a.at()),
                a.status(),
                nanos(a.duration()),
                a.delivered(),
                a.responseSnippet(),
                a.error(),
                a.registrationId());
          } catch (SQLException e) {
            if (Transactions.isIntegrityViolation(e)) {
              return 0; // the registration was deleted between the SELECT and the INSERT
            }
            throw e;
          }
        });
  }

  @Override
  public List<DeliveryAttempt> attempts(String registrationId, int limit) {
    Objects.requireNonNull(registrationId, "registrationId");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + " but was " + limit);
    }
    return db.auto(
        "webhookAttempts",
        null,
        c -> Sql.list(c, newestFirst, JdbcWebhookStore::attempt, List.of(registrationId, limit)));
  }

  @Override
  public List<DeliveryAttempt> attemptsOf(String deliveryId) {
    Objects.requireNonNull(deliveryId, "deliveryId");
    return db.auto(
        "deliveryAttempts",
        deliveryId,
        c -> Sql.list(c, ofDelivery, JdbcWebhookStore::attempt, List.of(deliveryId)));
  }

  @Override
  public int purgeAttempts(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    return db.autoRetrying(
        "purgeWebhookAttempts", null, c -> Sql.update(c, purge, Rows.micros(cutoff)));
  }

  private static WebhookRegistration registration(ResultSet rs) throws SQLException {
    String secrets = rs.getString("secrets");
    String description = rs.getString("description");
    String allowed = rs.getString("allowed_addresses");
    return WebhookRegistration.builder(rs.getString("id"), rs.getString("url"))
        .patterns(Rows.strings(rs.getString("patterns")))
        // NULL: a row a mediaflow before schema V9 inserted, with its one secret
        .secrets(secrets == null ? List.of(rs.getString("secret")) : Rows.strings(secrets))
        .active(rs.getBoolean("active"))
        .description(description == null ? "" : description)
        .createdAt(Rows.instant(rs.getLong("created_at")))
        .ordered(rs.getBoolean("ordered"))
        .ratePerSecond(rs.getDouble("rate_per_second"))
        .allowedAddresses(allowed == null ? List.of() : Rows.strings(allowed))
        .build();
  }

  private static DeliveryAttempt attempt(ResultSet rs) throws SQLException {
    return new DeliveryAttempt(
        rs.getString("registration_id"),
        rs.getString("delivery_id"),
        rs.getString("message_id"),
        rs.getString("event_type"),
        rs.getInt("attempt"),
        Rows.instant(rs.getLong("attempted_at")),
        rs.getInt("status"),
        Duration.ofNanos(rs.getLong("duration_ns")),
        rs.getBoolean("delivered"),
        rs.getString("response_snippet"),
        rs.getString("error"));
  }

  /** A duration in nanoseconds; one too long for a long (292 years) is kept as the longest. */
  private static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
