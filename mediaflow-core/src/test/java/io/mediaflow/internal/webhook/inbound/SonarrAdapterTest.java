package io.mediaflow.internal.webhook.inbound;

import static io.mediaflow.internal.webhook.inbound.ArrFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.event.Event;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SonarrAdapterTest {

  private static final ArrKind SONARR = ArrKind.SONARR;
  private static final String SEASON = "/tv/Severance/Season 02/";
  private static final String E1 = SEASON + "Severance - S02E01 - Hello, Ms. Cobel WEBDL-2160p.mkv";
  private static final String E2 =
      SEASON + "Severance - S02E02 - Goodbye, Mrs. Selvig WEBDL-2160p.mkv";
  private static final String TORRENT = "6F1D8E0A4B6C2E9F0D3A5B7C9E1F2A4B6C8D0E2F";

  @Test
  void grabCarriesTheSeriesTheEpisodesAndTheRelease() {
    Event e = event(SONARR, "grab");
    assertThat(e.type()).isEqualTo("media.grabbed");
    assertThat(e.data())
        .containsEntry("source", "sonarr")
        .containsEntry("hook", "sonarr-main")
        .containsEntry("eventType", "Grab")
        .containsEntry("informational", false)
        .containsEntry("seriesId", 12)
        .containsEntry("tvdbId", 371980)
        .containsEntry("tmdbId", 95396)
        .containsEntry("imdbId", "tt11280740")
        .containsEntry("title", "Severance")
        .containsEntry("year", 2022)
        .containsEntry("seriesType", "standard")
        .containsEntry("folderPath", "/tv/Severance")
        .containsEntry("episodeIds", List.of(301))
        .containsEntry(
            "episodes",
            List.of(
                Map.of(
                    "id", 301,
                    "seasonNumber", 2,
                    "episodeNumber", 1,
                    "title", "Hello, Ms. Cobel",
                    "airDate", "2025-01-16")))
        .containsEntry("quality", "WEBDL-2160p")
        .containsEntry("releaseGroup", "FLUX")
        .containsEntry("size", 6123456789L)
        .containsEntry("downloadClient", "qBittorrent")
        .containsEntry("downloadId", TORRENT);
  }

  @Test
  void downloadCarriesTheEpisodeFile() {
    Event e = event(SONARR, "download");
    assertThat(e.type()).isEqualTo("media.downloaded");
    assertThat(e.data())
        .containsEntry("isUpgrade", false)
        .containsEntry("path", E1)
        .containsEntry("paths", List.of(E1))
        .containsEntry("fileId", 501)
        .containsEntry("quality", "WEBDL-2160p")
        .containsEntry("releaseGroup", "FLUX")
        .containsEntry("size", 6123456789L)
        .containsEntry("releaseTitle", "Severance.S02E01.2160p.ATVP.WEB-DL.DDP5.1.DV.H.265-FLUX")
        .containsEntry("episodeIds", List.of(301));
  }

  @Test
  void downloadThatIsAnUpgradeBecomesUpgraded() {
    Event e = event(SONARR, "download-upgrade");
    assertThat(e.type()).isEqualTo("media.upgraded");
    assertThat(e.data())
        .containsEntry("isUpgrade", true)
        .containsEntry(
            "deletedPaths",
            List.of(SEASON + "Severance - S02E01 - Hello, Ms. Cobel WEBDL-1080p.mkv"));
  }

  @Test
  void importCompleteWithSeveralFilesCarriesAllPaths() {
    Event e = event(SONARR, "download-import-complete");
    assertThat(e.type()).isEqualTo("media.downloaded");
    assertThat(e.data())
        .containsEntry("isUpgrade", false)
        .containsEntry("paths", List.of(E1, E2))
        .containsEntry("fileIds", List.of(501, 502))
        .containsEntry("size", 6123456789L + 6234567890L)
        .containsEntry("quality", "WEBDL-2160p")
        .containsEntry("episodeIds", List.of(301, 302))
        .containsEntry(
            "sourcePath", "/downloads/Severance.S02.2160p.ATVP.WEB-DL.DDP5.1.DV.H.265-FLUX")
        .containsEntry("destinationPath", "/tv/Severance/Season 02")
        .doesNotContainKey("path");
  }

  @Test
  void renameOfTwoFilesCarriesBothPathsAndTheirPreviousOnes() {
    Event e = event(SONARR, "rename");
    assertThat(e.type()).isEqualTo("media.renamed");
    assertThat(e.data())
        .containsEntry(
            "paths",
            List.of(
                SEASON + "Severance - S02E01 - Hello, Ms. Cobel [WEBDL-2160p].mkv",
                SEASON + "Severance - S02E02 - Goodbye, Mrs. Selvig [WEBDL-2160p].mkv"))
        .containsEntry("previousPaths", List.of(E1, E2))
        .doesNotContainKeys("path", "previousPath");
  }

  @Test
  void seriesAddCarriesTheSeries() {
    Event e = event(SONARR, "series-add");
    assertThat(e.type()).isEqualTo("media.added");
    assertThat(e.data()).containsEntry("tvdbId", 371980).doesNotContainKey("episodeIds");
  }

  @Test
  void seriesDeleteSaysWhetherTheFilesWentToo() {
    Event e = event(SONARR, "series-delete");
    assertThat(e.type()).isEqualTo("media.deleted");
    assertThat(e.data()).containsEntry("deletedFiles", true).containsEntry("seriesId", 12);
  }

  @Test
  void episodeFileDeleteCarriesThePathAndTheReason() {
    Event e = event(SONARR, "episode-file-delete");
    assertThat(e.type()).isEqualTo("media.file_deleted");
    assertThat(e.data())
        .containsEntry("path", E1)
        .containsEntry("deleteReason", "upgrade")
        .containsEntry("episodeIds", List.of(301));
  }

  @Test
  void healthAndHealthRestoredAreInformational() {
    Event health = event(SONARR, "health");
    assertThat(health.type()).isEqualTo("media.health");
    assertThat(health.data())
        .containsEntry("informational", true)
        .containsEntry("level", "error")
        .containsEntry("message", "No download client is available")
        .containsEntry("type", "DownloadClientCheck")
        .containsEntry(
            "wikiUrl", "https://wiki.servarr.com/sonarr/system#no-download-client-is-available");
    Event restored = event(SONARR, "health-restored");
    assertThat(restored.type()).isEqualTo("media.health_restored");
    assertThat(restored.data()).containsEntry("informational", true);
  }

  @Test
  void applicationUpdateCarriesBothVersions() {
    Event e = event(SONARR, "application-update");
    assertThat(e.type()).isEqualTo("media.app_updated");
    assertThat(e.data())
        .containsEntry("informational", true)
        .containsEntry("previousVersion", "4.0.14.2939")
        .containsEntry("newVersion", "4.0.15.2941");
  }

  @Test
  void manualInteractionCarriesTheSeriesAndTheDownload() {
    Event e = event(SONARR, "manual-interaction-required");
    assertThat(e.type()).isEqualTo("media.manual_interaction");
    assertThat(e.data())
        .containsEntry("informational", true)
        .containsEntry("seriesId", 12)
        .containsEntry("episodeIds", List.of(301))
        .containsEntry("downloadStatus", "Warning")
        .containsEntry("downloadId", TORRENT)
        .containsEntry("quality", "WEBDL-2160p");
  }

  @Test
  void testIsInformationalAndCarriesTheTestSeries() {
    Event e = event(SONARR, "test");
    assertThat(e.type()).isEqualTo("media.test");
    assertThat(e.data())
        .containsEntry("informational", true)
        .containsEntry("seriesId", 1)
        .containsEntry("tvdbId", 1234)
        .containsEntry("folderPath", "C:\\testpath")
        .containsEntry("episodeIds", List.of(123));
  }
}
