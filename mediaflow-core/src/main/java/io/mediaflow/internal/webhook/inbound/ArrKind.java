package io.mediaflow.internal.webhook.inbound;

import java.util.Locale;

/** Which *arr application sends a source's webhooks: it decides how the payload is read. */
public enum ArrKind {
  /** Radarr: movies ({@code movie}, {@code movieFile}, …). */
  RADARR,
  /** Sonarr: series and episodes ({@code series}, {@code episodes}, {@code episodeFile}, …). */
  SONARR;

  /**
   * The lower-case name that events carry as {@code data.source}: {@code radarr}, {@code sonarr}.
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
