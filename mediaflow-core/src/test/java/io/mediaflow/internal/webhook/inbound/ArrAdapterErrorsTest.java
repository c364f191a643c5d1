package io.mediaflow.internal.webhook.inbound;

import static io.mediaflow.internal.webhook.inbound.ArrFixtures.RECEIVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.event.Event;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ArrAdapterErrorsTest {

  private static Event one(ArrKind kind, String json) {
    return new ArrAdapter(kind)
        .toEvents("hook", json.getBytes(StandardCharsets.UTF_8), RECEIVED)
        .get(0);
  }

  private static void refused(ArrKind kind, String json, ErrorCode code, String message) {
    MediaFlowException e = catchThrowableOfType(MediaFlowException.class, () -> one(kind, json));
    assertThat(e).as("refusal of %s", json).isNotNull();
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.detail()).isEqualTo(message);
    assertThat(e.suggestion()).isNotEmpty();
  }

  @Test
  void malformedJsonIsRefusedWithItsPlace() {
    refused(
        ArrKind.RADARR,
        "{\"eventType\": \"Grab\",\n \"movie\": }",
        InboundErrors.INBOUND_MALFORMED_JSON,
        "the radarr webhook body is not valid JSON at line 2, column 11");
  }

  @Test
  void aBodyThatIsNotAnObjectIsRefused() {
    refused(
        ArrKind.SONARR,
        "[1, 2]",
        InboundErrors.INBOUND_MALFORMED_JSON,
        "the sonarr webhook body is a JSON array, not a JSON object at $");
    refused(
        ArrKind.SONARR,
        "",
        InboundErrors.INBOUND_MALFORMED_JSON,
        "the sonarr webhook body is empty, not a JSON object at $");
  }

  @Test
  void aMissingEventTypeIsRefused() {
    refused(
        ArrKind.RADARR,
        "{\"movie\": {\"id\": 1}}",
        InboundErrors.INBOUND_FIELD_MISSING,
        "$.eventType is missing (radarr webhook)");
  }

  @Test
  void anEventTypeThatIsNotTextIsRefused() {
    refused(
        ArrKind.RADARR,
        "{\"eventType\": 3}",
        InboundErrors.INBOUND_FIELD_WRONG_TYPE,
        "$.eventType must be text (radarr webhook)");
  }

  @Test
  void aDownloadWithoutItsMovieOrFileIsRefused() {
    refused(
        ArrKind.RADARR,
        "{\"eventType\": \"Download\"}",
        InboundErrors.INBOUND_FIELD_MISSING,
        "$.movie is missing (radarr Download webhook)");
    refused(
        ArrKind.RADARR,
        "{\"eventType\": \"Download\", \"movie\": {\"id\": 1}}",
        InboundErrors.INBOUND_FIELD_MISSING,
        "$.movieFile is missing (radarr Download webhook)");
  }

  @Test
  void aSonarrDownloadWithNoFileIsRefusedAtTheListForm() {
    refused(
        ArrKind.SONARR,
        "{\"eventType\": \"Download\", \"series\": {\"id\": 1}, \"episodeFiles\": []}",
        InboundErrors.INBOUND_FIELD_MISSING,
        "$.episodeFiles is missing (sonarr Download webhook)");
  }

  @Test
  void aFileWithoutAPathOrAFolderIsRefused() {
    refused(
        ArrKind.RADARR,
        "{\"eventType\": \"MovieFileDelete\", \"movie\": {\"id\": 1},"
            + " \"movieFile\": {\"id\": 2, \"relativePath\": \"a.mkv\"}}",
        InboundErrors.INBOUND_FIELD_MISSING,
        "$.movieFile.path is missing (radarr MovieFileDelete webhook)");
  }

  @Test
  void aRelativePathIsJoinedToTheFolderWithItsSeparator() {
    Event e =
        one(
            ArrKind.RADARR,
            "{\"eventType\": \"MovieFileDelete\", \"movie\": {\"id\": 1, \"folderPath\":"
                + " \"D:\\\\Movies\\\\Up (2009)\"}, \"movieFile\": {\"relativePath\": \"up.mkv\"}}");
    assertThat(e.data()).containsEntry("path", "D:\\Movies\\Up (2009)\\up.mkv");
  }

  @Test
  void aFieldOfTheWrongTypeIsRefusedAtItsPath() {
    refused(
        ArrKind.RADARR,
        "{\"eventType\": \"Grab\", \"movie\": {\"id\": \"seven\"}}",
        InboundErrors.INBOUND_FIELD_WRONG_TYPE,
        "$.movie.id must be a whole number (radarr Grab webhook)");
    refused(
        ArrKind.SONARR,
        "{\"eventType\": \"Rename\", \"series\": {\"id\": 1}, \"renamedEpisodeFiles\": [7]}",
        InboundErrors.INBOUND_FIELD_WRONG_TYPE,
        "$.renamedEpisodeFiles[0] must be an object (sonarr Rename webhook)");
  }

  @Test
  void anUnknownEventTypeIsAnInformationalUnknownEvent() {
    Event e =
        one(ArrKind.SONARR, "{\"eventType\": \"SomethingNew\", \"instanceName\": \"Sonarr\"}");
    assertThat(e.type()).isEqualTo("media.unknown");
    assertThat(e.data())
        .containsEntry("eventType", "SomethingNew")
        .containsEntry("informational", true)
        .containsKey("eventId");
  }

  @Test
  void theOtherApplicationsEventTypeIsUnknownNotAnError() {
    Event e = one(ArrKind.SONARR, "{\"eventType\": \"MovieAdded\", \"movie\": {\"id\": 1}}");
    assertThat(e.type()).isEqualTo("media.unknown");
  }

  @Test
  void aBareTestPassesSoThatTheConnectionTestSucceeds() {
    Event e = one(ArrKind.RADARR, "{\"eventType\": \"Test\"}");
    assertThat(e.type()).isEqualTo("media.test");
    assertThat(e.data()).containsEntry("informational", true);
  }
}
