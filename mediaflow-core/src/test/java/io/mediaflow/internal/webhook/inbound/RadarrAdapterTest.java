package io.mediaflow.internal.webhook.inbound;

import static io.mediaflow.internal.webhook.inbound.ArrFixtures.RECEIVED;
import static io.mediaflow.internal.webhook.inbound.ArrFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.event.Event;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RadarrAdapterTest {

  private static final ArrKind RADARR = ArrKind.RADARR;
  private static final String FOLDER = "/movies/Arrival (2016)";
  private static final String FILE = FOLDER + "/Arrival (2016) Bluray-2160p.mkv";

  @Test
  void grabCarriesTheMovieTheReleaseAndTheDownload() {
    Event e = event(RADARR, "grab");
    assertThat(e.type()).isEqualTo("media.grabbed");
    assertThat(e.time()).isEqualTo(RECEIVED);
    assertThat(e.data())
        .containsEntry("source", "radarr")
        .containsEntry("hook", "radarr-main")
        .containsEntry("eventType", "Grab")
        .containsEntry("informational", false)
        .containsEntry("instanceName", "Radarr")
        .containsEntry("movieId", 7)
        .containsEntry("tmdbId", 329865)
        .containsEntry("imdbId", "tt2543164")
        .containsEntry("title", "Arrival")
        .containsEntry("year", 2016)
        .containsEntry("folderPath", FOLDER)
        .containsEntry("quality", "Bluray-2160p")
        .containsEntry("releaseGroup", "FraMeSToR")
        .containsEntry("releaseTitle", "Arrival.2016.2160p.UHD.BluRay.x265-FraMeSToR")
        .containsEntry("indexer", "NZBgeek")
        .containsEntry("size", 58123456789L)
        .containsEntry("downloadClient", "SABnzbd")
        .containsEntry("downloadId", "SABnzbd_nzo_kq3b1x")
        .doesNotContainKeys("path", "paths");
    assertThat((String) e.data().get("eventId")).hasSize(64);
  }

  @Test
  void downloadCarriesTheImportedFile() {
    Event e = event(RADARR, "download");
    assertThat(e.type()).isEqualTo("media.downloaded");
    assertThat(e.data())
        .containsEntry("isUpgrade", false)
        .containsEntry("path", FILE)
        .containsEntry("paths", List.of(FILE))
        .containsEntry("fileId", 41)
        .containsEntry("relativePath", "Arrival (2016) Bluray-2160p.mkv")
        .containsEntry("quality", "Bluray-2160p")
        .containsEntry("qualityVersion", 1)
        .containsEntry("releaseGroup", "FraMeSToR")
        .containsEntry("size", 58123456789L)
        .containsEntry(
            "sourcePath",
            "/downloads/complete/Arrival.2016.2160p.UHD.BluRay.x265-FraMeSToR/arrival.mkv")
        .containsEntry("downloadClientType", "SABnzbd")
        .containsEntry("downloadId", "SABnzbd_nzo_kq3b1x")
        .doesNotContainKey("deletedPaths");
  }

  @Test
  void downloadThatIsAnUpgradeBecomesUpgradedWithTheReplacedFiles() {
    Event e = event(RADARR, "download-upgrade");
    assertThat(e.type()).isEqualTo("media.upgraded");
    assertThat(e.data())
        .containsEntry("eventType", "Download")
        .containsEntry("sourceEventType", "Download")
        .containsEntry("isUpgrade", true)
        .containsEntry("path", FILE)
        .containsEntry("deletedPaths", List.of(FOLDER + "/Arrival (2016) Bluray-1080p.mkv"));
  }

  @Test
  void renameCarriesTheNewAndThePreviousPath() {
    Event e = event(RADARR, "rename");
    assertThat(e.type()).isEqualTo("media.renamed");
    assertThat(e.data())
        .containsEntry("path", FOLDER + "/Arrival (2016) {tmdb-329865} Bluray-2160p.mkv")
        .containsEntry("previousPath", FILE)
        .containsEntry("previousPaths", List.of(FILE))
        .containsEntry("movieId", 7);
  }

  @Test
  void movieAddedCarriesTheMovieAndHowItWasAdded() {
    Event e = event(RADARR, "movie-added");
    assertThat(e.type()).isEqualTo("media.added");
    assertThat(e.data())
        .containsEntry("addMethod", "manual")
        .containsEntry("tmdbId", 329865)
        .containsEntry("informational", false);
  }

  @Test
  void movieDeleteSaysWhetherTheFilesWentToo() {
    Event e = event(RADARR, "movie-delete");
    assertThat(e.type()).isEqualTo("media.deleted");
    assertThat(e.data())
        .containsEntry("deletedFiles", true)
        .containsEntry("movieFolderSize", 58123456789L)
        .containsEntry("folderPath", FOLDER);
  }

  @Test
  void movieFileDeleteCarriesThePathAndTheReason() {
    Event e = event(RADARR, "movie-file-delete");
    assertThat(e.type()).isEqualTo("media.file_deleted");
    assertThat(e.data())
        .containsEntry("path", FILE)
        .containsEntry("deleteReason", "manual")
        .containsEntry("quality", "Bluray-2160p");
  }

  @Test
  void healthIsInformationalWithLevelMessageTypeAndWikiUrl() {
    Event e = event(RADARR, "health");
    assertThat(e.type()).isEqualTo("media.health");
    assertThat(e.data())
        .containsEntry("informational", true)
        .containsEntry("level", "warning")
        .containsEntry(
            "message", "Indexers unavailable due to failures for more than 6 hours: NZBgeek")
        .containsEntry("type", "IndexerLongTermStatusCheck")
        .containsEntry(
            "wikiUrl",
            "https://wiki.servarr.com/radarr/system#indexers-are-unavailable-due-to-failures");
  }

  @Test
  void healthRestoredIsInformational() {
    Event e = event(RADARR, "health-restored");
    assertThat(e.type()).isEqualTo("media.health_restored");
    assertThat(e.data())
        .containsEntry("informational", true)
        .containsEntry("type", "IndexerLongTermStatusCheck")
        .doesNotContainKey("applicationUrl");
  }

  @Test
  void applicationUpdateCarriesBothVersions() {
    Event e = event(RADARR, "application-update");
    assertThat(e.type()).isEqualTo("media.app_updated");
    assertThat(e.data())
        .containsEntry("informational", true)
        .containsEntry("previousVersion", "5.26.2.10099")
        .containsEntry("newVersion", "5.27.5.10198");
  }

  @Test
  void manualInteractionCarriesTheDownloadAndItsMessages() {
    Event e = event(RADARR, "manual-interaction-required");
    assertThat(e.type()).isEqualTo("media.manual_interaction");
    assertThat(e.data())
        .containsEntry("informational", true)
        .containsEntry("downloadStatus", "Warning")
        .containsEntry("downloadTitle", "Arrival.2016.2160p.UHD.BluRay.x265-FraMeSToR")
        .containsEntry("quality", "Bluray-2160p")
        .containsEntry("downloadId", "SABnzbd_nzo_kq3b1x")
        .containsEntry("movieId", 7)
        .containsEntry(
            "statusMessages",
            List.of("Arrival.2016.2160p.UHD.BluRay.x265-FraMeSToR: Unable to parse file"));
  }

  @Test
  void testIsInformationalAndCarriesTheTestMovie() {
    Event e = event(RADARR, "test");
    assertThat(e.type()).isEqualTo("media.test");
    Map<String, Object> data = e.data();
    assertThat(data)
        .containsEntry("informational", true)
        .containsEntry("movieId", 1)
        .containsEntry("title", "Test Title")
        .containsEntry("folderPath", "C:\\testpath")
        .containsEntry("quality", "Test Quality")
        .containsEntry("releaseGroup", "Test Group");
  }

  @Test
  void theSameBodyGivesTheSameEventIdAndOtherEventsOthers() {
    Object grab = event(RADARR, "grab").data().get("eventId");
    assertThat(event(RADARR, "grab").data().get("eventId")).isEqualTo(grab);
    assertThat(event(RADARR, "download").data().get("eventId")).isNotEqualTo(grab);
    assertThat(event(RADARR, "health").data().get("eventId"))
        .isNotEqualTo(event(RADARR, "health-restored").data().get("eventId"));
    Object otherHook =
        new ArrAdapter(RADARR)
            .toEvents("radarr-4k", ArrFixtures.body(RADARR, "grab"), RECEIVED)
            .get(0)
            .data()
            .get("eventId");
    assertThat(otherHook).isNotEqualTo(grab);
  }
}
