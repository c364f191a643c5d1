package io.mediaflow.internal.webhook.inbound;

import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code eventType} values Radarr and Sonarr send (their {@code WebhookEventType}) and the
 * {@code media.*} event each becomes. Informational ones (a test, health, an update) fire only the
 * rules that name them; no rule should start media work on them.
 */
enum ArrEventType {
  TEST("Test", "media.test", true, EnumSet.allOf(ArrKind.class)),
  GRAB("Grab", "media.grabbed", false, EnumSet.allOf(ArrKind.class)),
  /** {@code media.upgraded} instead when the payload says {@code isUpgrade: true}. */
  DOWNLOAD("Download", "media.downloaded", false, EnumSet.allOf(ArrKind.class)),
  RENAME("Rename", "media.renamed", false, EnumSet.allOf(ArrKind.class)),
  MOVIE_ADDED("MovieAdded", "media.added", false, EnumSet.of(ArrKind.RADARR)),
  SERIES_ADD("SeriesAdd", "media.added", false, EnumSet.of(ArrKind.SONARR)),
  MOVIE_DELETE("MovieDelete", "media.deleted", false, EnumSet.of(ArrKind.RADARR)),
  SERIES_DELETE("SeriesDelete", "media.deleted", false, EnumSet.of(ArrKind.SONARR)),
  MOVIE_FILE_DELETE("MovieFileDelete", "media.file_deleted", false, EnumSet.of(ArrKind.RADARR)),
  EPISODE_FILE_DELETE("EpisodeFileDelete", "media.file_deleted", false, EnumSet.of(ArrKind.SONARR)),
  HEALTH("Health", "media.health", true, EnumSet.allOf(ArrKind.class)),
  HEALTH_RESTORED("HealthRestored", "media.health_restored", true, EnumSet.allOf(ArrKind.class)),
  APPLICATION_UPDATE("ApplicationUpdate", "media.app_updated", true, EnumSet.allOf(ArrKind.class)),
  MANUAL_INTERACTION_REQUIRED(
      "ManualInteractionRequired", "media.manual_interaction", true, EnumSet.allOf(ArrKind.class)),
  /**
   * A type this version does not know (a newer Radarr or Sonarr, or the other application's): an
   * informational {@code media.unknown}, not an error, so that the sender does not mark the
   * connection as failing.
   */
  UNKNOWN("", "media.unknown", true, EnumSet.allOf(ArrKind.class));

  private final String wire;
  private final String mediaType;
  private final boolean informational;
  private final Set<ArrKind> senders;

  ArrEventType(String wire, String mediaType, boolean informational, Set<ArrKind> senders) {
    this.wire = wire;
    this.mediaType = mediaType;
    this.informational = informational;
    this.senders = senders;
  }

  /** The type named {@code wire} as {@code kind} sends it, or {@link #UNKNOWN}. */
  static ArrEventType of(ArrKind kind, String wire) {
    for (ArrEventType type : values()) {
      if (type != UNKNOWN && type.wire.equals(wire) && type.senders.contains(kind)) {
        return type;
      }
    }
    return UNKNOWN;
  }

  String mediaType() {
    return mediaType;
  }

  boolean informational() {
    return informational;
  }
}
