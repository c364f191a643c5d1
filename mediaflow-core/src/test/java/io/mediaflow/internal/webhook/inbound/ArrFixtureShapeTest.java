package io.mediaflow.internal.webhook.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every field of every fixture exists in the upstream class it stands for: the properties of
 * Radarr's and Sonarr's {@code src/NzbDrone.Core/Notifications/Webhook/*.cs}, camelCase as their
 * Newtonsoft serializer writes them (Radarr 1b9662d5, Sonarr 49df353f; see
 * docs/inbound-webhooks.md). A field maps to the class of its object (or of its array's objects),
 * or to "" for a plain value.
 */
class ArrFixtureShapeTest {

  private static final String PAYLOAD = "eventType instanceName applicationUrl";

  private static final Map<String, String> COMMON =
      Map.ofEntries(
          Map.entry("Language", "id name"),
          Map.entry("WebhookImage", "coverType url remoteUrl"),
          Map.entry(
              "WebhookCustomFormatInfo", "customFormats:WebhookCustomFormat customFormatScore"),
          Map.entry("WebhookCustomFormat", "id name"),
          Map.entry("WebhookDownloadClientItem", "quality qualityVersion title indexer size"),
          Map.entry("WebhookDownloadStatusMessage", "title messages"),
          Map.entry(
              "MediaInfo",
              "audioChannels audioCodec audioLanguages height width subtitles videoCodec"
                  + " videoDynamicRange videoDynamicRangeType"),
          Map.entry(
              "WebhookRelease",
              "quality qualityVersion releaseGroup releaseTitle indexer size customFormatScore"
                  + " customFormats languages:Language indexerFlags"),
          Map.entry("WebhookHealthPayload", PAYLOAD + " level message type wikiUrl"),
          Map.entry(
              "WebhookApplicationUpdatePayload", PAYLOAD + " message previousVersion newVersion"));

  private static final Map<String, String> RADARR =
      Map.ofEntries(
          Map.entry(
              "WebhookGrabPayload",
              PAYLOAD
                  + " movie:WebhookMovie remoteMovie:WebhookRemoteMovie release:WebhookRelease"
                  + " downloadClient downloadClientType downloadId"
                  + " customFormatInfo:WebhookCustomFormatInfo"),
          Map.entry(
              "WebhookImportPayload",
              PAYLOAD
                  + " movie:WebhookMovie remoteMovie:WebhookRemoteMovie movieFile:WebhookMovieFile"
                  + " isUpgrade downloadClient downloadClientType downloadId"
                  + " deletedFiles:WebhookMovieFile customFormatInfo:WebhookCustomFormatInfo"
                  + " release:WebhookGrabbedRelease"),
          Map.entry("WebhookAddedPayload", PAYLOAD + " movie:WebhookMovie addMethod"),
          Map.entry(
              "WebhookMovieDeletePayload",
              PAYLOAD + " movie:WebhookMovie deletedFiles movieFolderSize"),
          Map.entry(
              "WebhookMovieFileDeletePayload",
              PAYLOAD + " movie:WebhookMovie movieFile:WebhookMovieFile deleteReason"),
          Map.entry(
              "WebhookRenamePayload",
              PAYLOAD + " movie:WebhookMovie renamedMovieFiles:WebhookRenamedMovieFile"),
          Map.entry(
              "WebhookManualInteractionPayload",
              PAYLOAD
                  + " movie:WebhookMovie downloadInfo:WebhookDownloadClientItem downloadClient"
                  + " downloadClientType downloadId downloadStatus"
                  + " downloadStatusMessages:WebhookDownloadStatusMessage"
                  + " customFormatInfo:WebhookCustomFormatInfo release:WebhookGrabbedRelease"),
          Map.entry(
              "WebhookMovie",
              "id title year filePath releaseDate folderPath tmdbId imdbId overview genres"
                  + " images:WebhookImage tags originalLanguage:Language"),
          Map.entry("WebhookRemoteMovie", "tmdbId imdbId title year"),
          Map.entry("WebhookGrabbedRelease", "releaseTitle indexer size indexerFlags"),
          Map.entry("WebhookMovieFile", movieFile()),
          Map.entry("WebhookRenamedMovieFile", movieFile() + " previousRelativePath previousPath"));

  private static final Map<String, String> SONARR =
      Map.ofEntries(
          Map.entry(
              "WebhookGrabPayload",
              PAYLOAD
                  + " series:WebhookSeries episodes:WebhookEpisode release:WebhookRelease"
                  + " downloadClient downloadClientType downloadId"
                  + " customFormatInfo:WebhookCustomFormatInfo"),
          Map.entry(
              "WebhookImportPayload",
              PAYLOAD
                  + " series:WebhookSeries episodes:WebhookEpisode episodeFile:WebhookEpisodeFile"
                  + " isUpgrade downloadClient downloadClientType downloadId"
                  + " deletedFiles:WebhookEpisodeFile customFormatInfo:WebhookCustomFormatInfo"
                  + " release:WebhookGrabbedRelease"),
          Map.entry(
              "WebhookImportCompletePayload",
              PAYLOAD
                  + " series:WebhookSeries episodes:WebhookEpisode"
                  + " episodeFiles:WebhookEpisodeFile downloadClient downloadClientType"
                  + " downloadId release:WebhookGrabbedRelease fileCount sourcePath"
                  + " destinationPath"),
          Map.entry(
              "WebhookEpisodeDeletePayload",
              PAYLOAD
                  + " series:WebhookSeries episodes:WebhookEpisode episodeFile:WebhookEpisodeFile"
                  + " deleteReason"),
          Map.entry("WebhookSeriesAddPayload", PAYLOAD + " series:WebhookSeries"),
          Map.entry("WebhookSeriesDeletePayload", PAYLOAD + " series:WebhookSeries deletedFiles"),
          Map.entry(
              "WebhookRenamePayload",
              PAYLOAD + " series:WebhookSeries renamedEpisodeFiles:WebhookRenamedEpisodeFile"),
          Map.entry(
              "WebhookManualInteractionPayload",
              PAYLOAD
                  + " series:WebhookSeries episodes:WebhookEpisode"
                  + " downloadInfo:WebhookDownloadClientItem downloadClient downloadClientType"
                  + " downloadId downloadStatus downloadStatusMessages:WebhookDownloadStatusMessage"
                  + " customFormatInfo:WebhookCustomFormatInfo release:WebhookGrabbedRelease"),
          Map.entry(
              "WebhookSeries",
              "id title titleSlug path tvdbId tvMazeId tmdbId imdbId malIds aniListIds type year"
                  + " genres images:WebhookImage tags originalLanguage:Language originalCountry"),
          Map.entry(
              "WebhookEpisode",
              "id episodeNumber seasonNumber title overview airDate airDateUtc seriesId tvdbId"
                  + " finaleType"),
          Map.entry("WebhookGrabbedRelease", "releaseTitle indexer size indexerFlags releaseType"),
          Map.entry("WebhookEpisodeFile", episodeFile()),
          Map.entry(
              "WebhookRenamedEpisodeFile", episodeFile() + " previousRelativePath previousPath"));

  private static String movieFile() {
    return "id relativePath path quality qualityVersion releaseGroup sceneName indexerFlags size"
        + " dateAdded languages:Language mediaInfo:MediaInfo sourcePath recycleBinPath";
  }

  private static String episodeFile() {
    return "id relativePath path quality qualityVersion releaseGroup sceneName size dateAdded"
        + " languages:Language mediaInfo:MediaInfo sourcePath recycleBinPath";
  }

  @ParameterizedTest(name = "{0}/{1} is a {2}")
  @CsvSource({
    "RADARR, test, WebhookGrabPayload",
    "RADARR, grab, WebhookGrabPayload",
    "RADARR, download, WebhookImportPayload",
    "RADARR, download-upgrade, WebhookImportPayload",
    "RADARR, rename, WebhookRenamePayload",
    "RADARR, movie-added, WebhookAddedPayload",
    "RADARR, movie-delete, WebhookMovieDeletePayload",
    "RADARR, movie-file-delete, WebhookMovieFileDeletePayload",
    "RADARR, health, WebhookHealthPayload",
    "RADARR, health-restored, WebhookHealthPayload",
    "RADARR, application-update, WebhookApplicationUpdatePayload",
    "RADARR, manual-interaction-required, WebhookManualInteractionPayload",
    "SONARR, test, WebhookGrabPayload",
    "SONARR, grab, WebhookGrabPayload",
    "SONARR, download, WebhookImportPayload",
    "SONARR, download-upgrade, WebhookImportPayload",
    "SONARR, download-import-complete, WebhookImportCompletePayload",
    "SONARR, rename, WebhookRenamePayload",
    "SONARR, series-add, WebhookSeriesAddPayload",
    "SONARR, series-delete, WebhookSeriesDeletePayload",
    "SONARR, episode-file-delete, WebhookEpisodeDeletePayload",
    "SONARR, health, WebhookHealthPayload",
    "SONARR, health-restored, WebhookHealthPayload",
    "SONARR, application-update, WebhookApplicationUpdatePayload",
    "SONARR, manual-interaction-required, WebhookManualInteractionPayload"
  })
  void everyFieldExistsUpstream(ArrKind kind, String fixture, String payloadClass)
      throws IOException {
    JsonNode root = new ObjectMapper().readTree(ArrFixtures.body(kind, fixture));
    List<String> unknown = new ArrayList<>();
    walk(kind == ArrKind.RADARR ? RADARR : SONARR, payloadClass, root, "$", unknown);
    assertThat(unknown).as("fields not in the upstream classes").isEmpty();
  }

  private static void walk(
      Map<String, String> app, String type, JsonNode node, String path, List<String> unknown) {
    String fields = app.containsKey(type) ? app.get(type) : COMMON.get(type);
    assertThat(fields).as("class %s", type).isNotNull();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String childType = typeOf(fields, field.getKey());
      String at = path + "." + field.getKey();
      if (childType == null) {
        unknown.add(at + " (not in " + type + ")");
      } else if (!childType.isEmpty()) {
        JsonNode child = field.getValue();
        if (child.isArray()) {
          for (int i = 0; i < child.size(); i++) {
            walk(app, childType, child.get(i), at + "[" + i + "]", unknown);
          }
        } else {
          walk(app, childType, child, at, unknown);
        }
      }
    }
  }

  /** The field's class, "" for a plain value, null when the class has no such field. */
  private static String typeOf(String fields, String name) {
    for (String field : fields.split(" ")) {
      String[] parts = field.split(":");
      if (parts[0].equals(name)) {
        return parts.length == 2 ? parts[1] : "";
      }
    }
    return null;
  }
}
