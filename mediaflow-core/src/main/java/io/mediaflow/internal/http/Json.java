package io.mediaflow.internal.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import java.nio.charset.StandardCharsets;

/** The one JSON mapper of the HTTP host, and the reading of request bodies. */
public final class Json {

  /** Shared, thread-safe once configured. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /** A new empty object. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * Parses a request body.
   *
   * @throws HttpProblem 400 {@code MALFORMED_JSON} with the line and column, for text that is not
   *     JSON
   */
  public static JsonNode read(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new HttpProblem(
            400, ErrorCode.MALFORMED_JSON, "the body is empty", "$", "send a JSON document");
      }
      return node;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "$" : "$ (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      throw new HttpProblem(
          400,
          ErrorCode.MALFORMED_JSON,
          "the body is not valid JSON: " + e.getOriginalMessage(),
          where,
          "send a JSON document; check quotes, commas and brackets near the place named");
    } catch (java.io.IOException e) {
      throw new IllegalStateException("reading a byte array failed", e);
    }
  }

  /** A JSON text's UTF-8 bytes. */
  public static byte[] bytes(JsonNode node) {
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One violation as JSON. */
  public static ObjectNode violation(Violation v) {
    ObjectNode o = object();
    o.put("path", v.path());
    o.put("code", v.code().code());
    o.put("message", v.message());
    o.put("suggestion", v.suggestion());
    return o;
  }
}
