package io.mediaflow.internal.webhook.inbound;

import static io.mediaflow.internal.webhook.inbound.ArrSubject.put;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.event.Event;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the webhook body of Radarr or Sonarr into {@code media.*} events ({@code
 * docs/inbound-webhooks.md}): one event per request, with the ids, paths and quality the payload
 * carries and an {@code eventId} that stays the same when the same thing is sent again. Pure: no
 * I/O, no clock; checking the sender is {@link InboundAuth}'s job, before this.
 */
public final class ArrAdapter {

  private final ArrKind kind;

  /** An adapter for the payloads of {@code kind}. */
  public ArrAdapter(ArrKind kind) {
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * The events of one webhook request.
   *
   * @param source the configured source's name ({@code /v1/hooks/{source}}), as {@code data.hook}
   * @param body the request body as received
   * @param receivedAt the events' time
   * @return one event; informational ones carry {@code informational: true}
   * @throws MediaFlowException {@code INBOUND_MALFORMED_JSON}, {@code INBOUND_FIELD_MISSING} or
   *     {@code INBOUND_FIELD_WRONG_TYPE}, the message naming the JSON path
   */
  public List<Event> toEvents(String source, byte[] body, Instant receivedAt) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(receivedAt, "receivedAt");
    JsonNode tree = parse(body);
    String wireType = ArrNode.root(tree, kind.id() + " webhook").requiredText("eventType");
    ArrEventType type = ArrEventType.of(kind, wireType);
    ArrNode root = ArrNode.root(tree, kind.id() + " " + wireType + " webhook");
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("source", kind.id());
    data.put("hook", source);
    data.put("eventType", wireType);
    // a rule's trigger data puts the mediaflow type over eventType: this one reaches its run
    data.put("sourceEventType", wireType);
    data.put("informational", type.informational());
    put(data, "instanceName", root.text("instanceName"));
    put(data, "applicationUrl", root.text("applicationUrl"));
    List<String> paths = read(type, root, data);
    String mediaType =
        type == ArrEventType.DOWNLOAD && Boolean.TRUE.equals(data.get("isUpgrade"))
            ? "media.upgraded"
            : type.mediaType();
    data.put("eventId", eventId(source, wireType, data.get("downloadId"), paths, body));
    return List.of(Event.of(mediaType, receivedAt, data));
  }

  /** Reads the fields of {@code type} into {@code data}; returns the file paths, if any. */
  private List<String> read(ArrEventType type, ArrNode root, Map<String, Object> data) {
    switch (type) {
      case GRAB -> {
        ArrSubject.read(kind, root, data, true);
        root.optionalObject("release").ifPresent(release -> putRelease(release, data));
        putDownload(root, data);
        return List.of();
      }
      case DOWNLOAD -> {
        return readDownload(root, data);
      }
      case RENAME -> {
        Optional<String> folder = ArrSubject.read(kind, root, data, true);
        return ArrFiles.putRenamed(
            root.requiredObjects(ArrSubject.renamedField(kind)), folder, data);
      }
      case MOVIE_ADDED, SERIES_ADD -> {
        ArrSubject.read(kind, root, data, true);
        put(data, "addMethod", root.text("addMethod"));
        return List.of();
      }
      case MOVIE_DELETE, SERIES_DELETE -> {
        ArrSubject.read(kind, root, data, true);
        put(data, "deletedFiles", root.bool("deletedFiles"));
        put(data, "movieFolderSize", root.number("movieFolderSize"));
        return List.of();
      }
      case MOVIE_FILE_DELETE, EPISODE_FILE_DELETE -> {
        Optional<String> folder = ArrSubject.read(kind, root, data, true);
        put(data, "deleteReason", root.text("deleteReason"));
        return ArrFiles.put(List.of(root.object(ArrSubject.fileField(kind))), folder, data);
      }
      case HEALTH, HEALTH_RESTORED -> {
        put(data, "level", root.text("level"));
        put(data, "message", root.text("message"));
        put(data, "type", root.text("type"));
        put(data, "wikiUrl", root.text("wikiUrl"));
        return List.of();
      }
      case APPLICATION_UPDATE -> {
        put(data, "message", root.text("message"));
        put(data, "previousVersion", root.text("previousVersion"));
        put(data, "newVersion", root.text("newVersion"));
        return List.of();
      }
      case MANUAL_INTERACTION_REQUIRED -> {
        readManualInteraction(root, data);
        return List.of();
      }
      default -> {
        // Test and types this version does not know: whatever of the subject is there, nothing
        // required, so that the sender's connection test passes
        ArrSubject.read(kind, root, data, false);
        root.optionalObject("release").ifPresent(release -> putRelease(release, data));
        return List.of();
      }
    }
  }

  private List<String> readDownload(ArrNode root, Map<String, Object> data) {
    Optional<String> folder = ArrSubject.read(kind, root, data, true);
    data.put("isUpgrade", Boolean.TRUE.equals(root.bool("isUpgrade")));
    putDownload(root, data);
    String single = ArrSubject.fileField(kind);
    // Sonarr's import-complete form (WebhookImportCompletePayload) lists several files
    List<ArrNode> files =
        kind == ArrKind.SONARR && !root.has(single)
            ? root.requiredObjects("episodeFiles")
            : List.of(root.object(single));
    List<String> paths = ArrFiles.put(files, folder, data);
    ArrFiles.putReplaced(root.objects("deletedFiles"), folder, data);
    root.optionalObject("release").ifPresent(release -> putRelease(release, data));
    put(data, "sourcePath", root.text("sourcePath"));
    put(data, "destinationPath", root.text("destinationPath"));
    return paths;
  }

  private void readManualInteraction(ArrNode root, Map<String, Object> data) {
    ArrSubject.read(kind, root, data, false);
    putDownload(root, data);
    put(data, "downloadStatus", root.text("downloadStatus"));
    root.optionalObject("downloadInfo")
        .ifPresent(
            info -> {
              put(data, "downloadTitle", info.text("title"));
              put(data, "quality", info.text("quality"));
              put(data, "qualityVersion", info.number("qualityVersion"));
              put(data, "size", info.number("size"));
            });
    List<String> messages = new ArrayList<>();
    for (ArrNode status : root.objects("downloadStatusMessages")) {
      String title = status.text("title");
      for (String message : status.texts("messages")) {
        messages.add(title == null ? message : title + ": " + message);
      }
    }
    if (!messages.isEmpty()) {
      data.put("statusMessages", messages);
    }
    root.optionalObject("release").ifPresent(release -> putRelease(release, data));
  }

  /** {@code WebhookRelease} (Grab, Test) and {@code WebhookGrabbedRelease} (Download, …). */
  private static void putRelease(ArrNode release, Map<String, Object> data) {
    put(data, "releaseTitle", release.text("releaseTitle"));
    put(data, "indexer", release.text("indexer"));
    // a file's own quality, group and size (Download) come first: they describe what was imported
    putFirst(data, "quality", release.text("quality"));
    putFirst(data, "releaseGroup", release.text("releaseGroup"));
    putFirst(data, "size", release.number("size"));
  }

  private static void putFirst(Map<String, Object> data, String key, Object value) {
    if (!data.containsKey(key)) {
      put(data, key, value);
    }
  }

  private static void putDownload(ArrNode root, Map<String, Object> data) {
    put(data, "downloadClient", root.text("downloadClient"));
    put(data, "downloadClientType", root.text("downloadClientType"));
    put(data, "downloadId", root.text("downloadId"));
  }

  private JsonNode parse(byte[] body) {
    return InboundJson.object(
        body,
        kind.id(),
        "point the " + kind.id() + " connection's webhook at this URL; it sends one JSON object");
  }

  /**
   * The same for the same event sent again: from the download id and the file paths when the
   * payload has either, otherwise from the whole body.
   */
  static String eventId(
      String source, String wireType, Object downloadId, List<String> paths, byte[] body) {
    MessageDigest sha = sha256();
    sha.update((source + '\n').getBytes(StandardCharsets.UTF_8));
    if (downloadId == null && paths.isEmpty()) {
      sha.update(body);
    } else {
      StringBuilder key = new StringBuilder(wireType).append('\n');
      key.append(downloadId == null ? "" : downloadId);
      paths.forEach(path -> key.append('\n').append(path));
      sha.update(key.toString().getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
