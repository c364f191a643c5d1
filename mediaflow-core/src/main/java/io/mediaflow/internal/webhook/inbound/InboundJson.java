package io.mediaflow.internal.webhook.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediaflow.api.MediaFlowException;
import java.io.IOException;
import java.util.Locale;

/** Reads a webhook body as one JSON object, naming where it is not one. */
final class InboundJson {

  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private InboundJson() {}

  /**
   * The body's object.
   *
   * @param sender who sent it, for the message ({@code radarr}, {@code "json source 'ci'"})
   * @param suggestion what to do about a body that is not one object
   * @throws MediaFlowException {@code INBOUND_MALFORMED_JSON} with the line and column, or {@code
   *     $} when the body is empty or another JSON value
   */
  static JsonNode object(byte[] body, String sender, String suggestion) {
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new MediaFlowException(
          InboundErrors.INBOUND_MALFORMED_JSON,
          "the " + sender + " webhook body is not valid JSON" + where,
          suggestion,
          false,
          e);
    } catch (IOException e) {
      throw new IllegalStateException("reading a byte array failed", e);
    }
    if (tree == null || !tree.isObject()) {
      String what =
          tree == null || tree.isMissingNode()
              ? "empty"
              : "a JSON " + tree.getNodeType().name().toLowerCase(Locale.ROOT);
      throw new MediaFlowException(
          InboundErrors.INBOUND_MALFORMED_JSON,
          "the " + sender + " webhook body is " + what + ", not a JSON object at $",
          suggestion);
    }
    return tree;
  }
}
