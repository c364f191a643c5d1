package io.mediaflow;

import io.mediaflow.internal.webhook.inbound.ArrKind;
import io.mediaflow.internal.webhook.inbound.InboundAuth;
import io.mediaflow.internal.webhook.inbound.InboundLimits;
import io.mediaflow.internal.webhook.inbound.InboundSettings;
import java.util.Optional;

/**
 * One sender of inbound webhooks ({@code docs/inbound-webhooks.md}): its name (the {@code {source}}
 * of {@code POST /v1/hooks/{source}}), what it sends, how it proves itself, and the largest body it
 * may send. Radarr and Sonarr become {@code media.*} events; any other JSON sender becomes {@code
 * webhook.<name>} events with its body as their data. Immutable; its {@code toString()} shows no
 * credential.
 *
 * {@snippet :
 * InboundSource radarr = InboundSource.radarr("radarr-main")
 *     .basicAuth("radarr", System.getenv("RADARR_HOOK_PASSWORD"))
 *     .build();
 * }
 *
 * <p>Choosing how the sender proves itself is required: {@link Builder#noAuth()} must be asked for
 * by name.
 */
public final class InboundSource {

  private final InboundSettings settings;

  private InboundSource(InboundSettings settings) {
    this.settings = settings;
  }

  /**
   * A Radarr instance (Settings → Connect → Webhook): events {@code media.*}.
   *
   * @param name 1 to 64 letters, digits, {@code _} and {@code -}; checked at once
   */
  public static Builder radarr(String name) {
    return new Builder(name, Optional.of(ArrKind.RADARR));
  }

  /** A Sonarr instance (Settings → Connect → Webhook): events {@code media.*}. */
  public static Builder sonarr(String name) {
    return new Builder(name, Optional.of(ArrKind.SONARR));
  }

  /**
   * Any sender of one JSON object per request: each becomes a {@code webhook.<name>} event whose
   * data is the object, with {@code hook} and {@code eventId} set by mediaflow.
   */
  public static Builder json(String name) {
    return new Builder(name, Optional.empty());
  }

  /** The source's name. */
  public String name() {
    return settings.name();
  }

  /** {@code radarr}, {@code sonarr} or {@code json}. */
  public String kind() {
    return settings.kind();
  }

  /** The largest body accepted, in bytes. */
  public int maxBodyBytes() {
    return settings.limits().maxBodyBytes();
  }

  InboundSettings settings() {
    return settings;
  }

  /** {@code InboundSource[radarr-main, radarr, Basic[username=radarr, password=***], …]}. */
  @Override
  public String toString() {
    return "InboundSource["
        + name()
        + ", "
        + kind()
        + ", "
        + settings.auth()
        + ", maxBodyBytes="
        + maxBodyBytes()
        + "]";
  }

  /** Builds an {@link InboundSource}; each option may be set once. */
  public static final class Builder {
    private final String name;
    private final Optional<ArrKind> arr;
    private InboundAuth auth;
    private InboundLimits limits;

    private Builder(String name, Optional<ArrKind> arr) {
      this.name = InboundSettings.checkName(name);
      this.arr = arr;
    }

    /**
     * HTTP basic auth, as Radarr and Sonarr send the username and password of their webhook
     * settings.
     */
    public Builder basicAuth(String username, String password) {
      return auth(InboundAuth.basic(username, password));
    }

    /**
     * A header that must carry a token, such as {@code X-Api-Key} (Radarr's and Sonarr's webhook
     * settings can add headers).
     */
    public Builder headerToken(String header, String token) {
      return auth(InboundAuth.headerToken(header, token));
    }

    /** A Standard Webhooks signature, checked by {@code verifier} ({@link WebhookVerifier}). */
    public Builder signed(WebhookVerifier verifier) {
      return auth(InboundAuth.signed(verifier));
    }

    /** No proof at all: only for a sender on a network the host trusts. */
    public Builder noAuth() {
      return auth(InboundAuth.none());
    }

    /** The largest body accepted; default 1 MiB, which Radarr's and Sonarr's bodies stay under. */
    public Builder maxBodyBytes(int value) {
      if (limits != null) {
        throw new IllegalStateException("maxBodyBytes is set twice for source " + name);
      }
      limits = new InboundLimits(value);
      return this;
    }

    private Builder auth(InboundAuth value) {
      if (auth != null) {
        throw new IllegalStateException(
            "source " + name + " already has its proof (" + auth + "); choose one");
      }
      auth = value;
      return this;
    }

    /**
     * The source.
     *
     * @throws IllegalStateException when no proof was chosen
     */
    public InboundSource build() {
      if (auth == null) {
        throw new IllegalStateException(
            "source "
                + name
                + " has no proof of its sender: call basicAuth, headerToken or signed, or"
                + " noAuth() for a sender on a trusted network");
      }
      return new InboundSource(
          new InboundSettings(
              name, arr, auth, limits == null ? InboundLimits.ofDefaults() : limits));
    }
  }
}
