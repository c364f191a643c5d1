package io.mediaflow.api.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An outgoing webhook: events whose type matches any of {@link #patterns} are delivered to {@link
 * #url}, each delivery a durable job, signed with every one of {@link #secrets} (Standard
 * Webhooks).
 *
 * {@snippet :
 * WebhookRegistration hook = WebhookRegistration.builder("ops", "https://ops.example/hooks")
 *     .patterns("job.failed", "workflow.*")
 *     .secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
 *     .description("failures to the ops channel")
 *     .ordered(true)
 *     .createdAt(clock.instant())
 *     .build();
 * }
 *
 * <p>Secret rotation without downtime: add the new secret in front of the old one, let receivers
 * switch, then drop the old one. While both are listed, every delivery carries one signature per
 * secret and a receiver that knows either accepts it.
 *
 * @param id unique, chosen by the host
 * @param url where deliveries are POSTed (http or https; https only when the engine is in
 *     HTTPS-only mode)
 * @param patterns event type patterns ({@code job.*}, {@code **}); at least one
 * @param secrets the signing keys ({@code whsec_...} as {@code WebhookSecret.parse} reads them),
 *     newest first; at least one; never logged
 * @param active whether new events are delivered; a 410 Gone answer turns it off
 * @param description for people; may be empty
 * @param createdAt when it was first registered
 * @param ordered whether a delivery waits until the previous one to this registration has finished
 *     (delivered or dead)
 * @param ratePerSecond the most deliveries a second to this registration; 0 for no limit
 * @param allowedAddresses IP addresses or CIDR blocks ({@code 127.0.0.1}, {@code 10.0.0.0/8},
 *     {@code ::1}) this registration may reach although the SSRF guard refuses private, loopback
 *     and link-local addresses by default; cloud metadata addresses stay refused whatever is listed
 */
public record WebhookRegistration(
    String id,
    String url,
    List<String> patterns,
    List<String> secrets,
    boolean active,
    String description,
    Instant createdAt,
    boolean ordered,
    double ratePerSecond,
    List<String> allowedAddresses) {

  public WebhookRegistration {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    patterns = List.copyOf(patterns);
    secrets = List.copyOf(secrets);
    description = description == null ? "" : description;
    Objects.requireNonNull(createdAt, "createdAt");
    if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException(
          "ratePerSecond must be zero (no limit) or positive but was " + ratePerSecond);
    }
    allowedAddresses = List.copyOf(allowedAddresses);
  }

  /** A builder for a registration of {@code id} delivering to {@code url}. */
  public static Builder builder(String id, String url) {
    return new Builder(id, url);
  }

  /** A builder starting from this registration, to change some of it. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A copy with {@link #active} set to {@code value}. */
  public WebhookRegistration withActive(boolean value) {
    return toBuilder().active(value).build();
  }

  @Override
  public String toString() {
    return "WebhookRegistration[id="
        + id
        + ", url="
        + url
        + ", patterns="
        + patterns
        + ", secrets="
        + secrets.size()
        + " (redacted), active="
        + active
        + ", ordered="
        + ordered
        + ", ratePerSecond="
        + ratePerSecond
        + ", allowedAddresses="
        + allowedAddresses
        + ", createdAt="
        + createdAt
        + "]";
  }

  /**
   * Builds a {@link WebhookRegistration}. Defaults: every event ({@code **}), active, no
   * description, created at the epoch (set {@link #createdAt}), unordered, no rate limit, no
   * allowed private address.
   */
  public static final class Builder {
    private final String id;
    private String url;
    private List<String> patterns = List.of("**");
    private final List<String> secrets = new ArrayList<>();
    private boolean active = true;
    private String description = "";
    private Instant createdAt = Instant.EPOCH;
    private boolean ordered;
    private double ratePerSecond;
    private List<String> allowedAddresses = List.of();

    private Builder(String id, String url) {
      this.id = Objects.requireNonNull(id, "id");
      this.url = Objects.requireNonNull(url, "url");
    }

    private Builder(WebhookRegistration r) {
      this(r.id, r.url);
      patterns = r.patterns;
      secrets.addAll(r.secrets);
      active = r.active;
      description = r.description;
      createdAt = r.createdAt;
      ordered = r.ordered;
      ratePerSecond = r.ratePerSecond;
      allowedAddresses = r.allowedAddresses;
    }

    public Builder url(String value) {
      url = Objects.requireNonNull(value, "url");
      return this;
    }

    public Builder patterns(String... values) {
      return patterns(List.of(values));
    }

    public Builder patterns(List<String> values) {
      patterns = List.copyOf(values);
      return this;
    }

    /** Adds a signing secret after those already given (give the newest first). */
    public Builder secret(String value) {
      secrets.add(Objects.requireNonNull(value, "secret"));
      return this;
    }

    /** Replaces the signing secrets, newest first. */
    public Builder secrets(List<String> values) {
      secrets.clear();
      values.forEach(this::secret);
      return this;
    }

    public Builder active(boolean value) {
      active = value;
      return this;
    }

    public Builder description(String value) {
      description = Objects.requireNonNull(value, "description");
      return this;
    }

    public Builder createdAt(Instant value) {
      createdAt = Objects.requireNonNull(value, "createdAt");
      return this;
    }

    public Builder ordered(boolean value) {
      ordered = value;
      return this;
    }

    public Builder ratePerSecond(double value) {
      ratePerSecond = value;
      return this;
    }

    public Builder allowedAddresses(String... values) {
      return allowedAddresses(List.of(values));
    }

    public Builder allowedAddresses(List<String> values) {
      allowedAddresses = List.copyOf(values);
      return this;
    }

    public WebhookRegistration build() {
      return new WebhookRegistration(
          id,
          url,
          patterns,
          secrets,
          active,
          description,
          createdAt,
          ordered,
          ratePerSecond,
          allowedAddresses);
    }
  }
}
