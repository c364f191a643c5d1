package io.mediaflow.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers: a status, a body of one content type, headers; or a stream. */
public final class Reply {

  /** Writes a streamed body after a 200 with chunked transfer has been sent. */
  @FunctionalInterface
  public interface Streamer {
    void stream(OutputStream out) throws IOException;
  }

  public static final String JSON = "application/json";

  private final int status;
  private final String contentType;
  private final byte[] body;
  private final Streamer streamer;
  private final Map<String, String> headers = new LinkedHashMap<>();

  private Reply(int status, String contentType, byte[] body, Streamer streamer) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
    this.streamer = streamer;
  }

  /** 200 with a JSON document. */
  public static Reply json(String json) {
    return json(200, json);
  }

  /** A JSON document with a status. */
  public static Reply json(int status, String json) {
    return new Reply(status, JSON, json.getBytes(StandardCharsets.UTF_8), null);
  }

  /** 200 with a JSON tree. */
  public static Reply json(JsonNode json) {
    return json(200, json);
  }

  /** A JSON tree with a status. */
  public static Reply json(int status, JsonNode json) {
    return new Reply(status, JSON, Json.bytes(json), null);
  }

  /** 201 with the new resource's document and its {@code Location}. */
  public static Reply created(String location, String json) {
    return json(201, json).header("Location", location);
  }

  /** 204 without a body. */
  public static Reply noContent() {
    return new Reply(204, null, new byte[0], null);
  }

  /** Any body of one content type. */
  public static Reply bytes(int status, String contentType, byte[] body) {
    return new Reply(status, contentType, body, null);
  }

  /** UTF-8 text of a content type. */
  public static Reply text(int status, String contentType, String text) {
    return bytes(status, contentType, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A 200 whose body {@code streamer} writes as it goes (Server-Sent Events). */
  public static Reply stream(String contentType, Streamer streamer) {
    return new Reply(200, contentType, null, streamer);
  }

  /** This reply with one more header. */
  public Reply header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** This reply with these headers too. */
  public Reply headersFrom(Map<String, String> more) {
    headers.putAll(more);
    return this;
  }

  public int status() {
    return status;
  }

  /** Null for a reply without a body. */
  public String contentType() {
    return contentType;
  }

  /** Null for a stream. */
  public byte[] body() {
    return body;
  }

  /** Null unless this is a stream. */
  public Streamer streamer() {
    return streamer;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
