package io.mediaflow.internal.webhook.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One object of an *arr payload with its JSON path, so that each missing or mistyped field is
 * reported where it is ({@code $.movieFile.path}). Absent and {@code null} are the same: the
 * senders leave out null values.
 */
final class ArrNode {

  private final JsonNode node;
  private final String path;
  private final String context;

  private ArrNode(JsonNode node, String path, String context) {
    this.node = node;
    this.path = path;
    this.context = context;
  }

  /** The payload's root object; {@code context} says whose payload it is, for messages. */
  static ArrNode root(JsonNode node, String context) {
    return new ArrNode(node, "$", context);
  }

  String path() {
    return path;
  }

  boolean has(String field) {
    JsonNode child = node.get(field);
    return child != null && !child.isNull();
  }

  /** The object at {@code field}, or a {@code INBOUND_FIELD_MISSING} naming it. */
  ArrNode object(String field) {
    return optionalObject(field).orElseThrow(() -> missing(field));
  }

  Optional<ArrNode> optionalObject(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode child = node.get(field);
    if (!child.isObject()) {
      throw wrongType(field, "an object");
    }
    return Optional.of(new ArrNode(child, at(field), context));
  }

  /** The objects of the array at {@code field}; empty when it is absent. */
  List<ArrNode> objects(String field) {
    if (!has(field)) {
      return List.of();
    }
    JsonNode array = node.get(field);
    if (!array.isArray()) {
      throw wrongType(field, "an array");
    }
    List<ArrNode> items = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonNode item = array.get(i);
      String itemPath = at(field) + "[" + i + "]";
      if (!item.isObject()) {
        throw new MediaFlowException(
            InboundErrors.INBOUND_FIELD_WRONG_TYPE,
            itemPath + " must be an object (" + context + ")",
            "send the payload as " + context + " writes it");
      }
      items.add(new ArrNode(item, itemPath, context));
    }
    return items;
  }

  /** The non-empty array of objects at {@code field}, or {@code INBOUND_FIELD_MISSING}. */
  List<ArrNode> requiredObjects(String field) {
    List<ArrNode> items = objects(field);
    if (items.isEmpty()) {
      throw missing(field);
    }
    return items;
  }

  /** The text at {@code field}, or null when absent. */
  String text(String field) {
    if (!has(field)) {
      return null;
    }
    JsonNode child = node.get(field);
    if (!child.isTextual()) {
      throw wrongType(field, "text");
    }
    return child.textValue();
  }

  String requiredText(String field) {
    String value = text(field);
    if (value == null) {
      throw missing(field);
    }
    return value;
  }

  /** The whole number at {@code field}, as an Integer when it fits, else a Long; null if absent. */
  Number number(String field) {
    if (!has(field)) {
      return null;
    }
    JsonNode child = node.get(field);
    if (!child.isIntegralNumber()) {
      throw wrongType(field, "a whole number");
    }
    return child.canConvertToInt() ? (Number) child.intValue() : (Number) child.longValue();
  }

  Boolean bool(String field) {
    if (!has(field)) {
      return null;
    }
    JsonNode child = node.get(field);
    if (!child.isBoolean()) {
      throw wrongType(field, "true or false");
    }
    return child.booleanValue();
  }

  /** The texts of the array at {@code field}; empty when absent. */
  List<String> texts(String field) {
    if (!has(field)) {
      return List.of();
    }
    JsonNode array = node.get(field);
    if (!array.isArray()) {
      throw wrongType(field, "an array");
    }
    List<String> values = new ArrayList<>(array.size());
    array.forEach(item -> values.add(item.asText()));
    return values;
  }

  private String at(String field) {
    return path + "." + field;
  }

  MediaFlowException missing(String field) {
    return error(
        InboundErrors.INBOUND_FIELD_MISSING,
        at(field) + " is missing (" + context + ")",
        "check that the source's kind matches the application that sends to it");
  }

  private MediaFlowException wrongType(String field, String expected) {
    return error(
        InboundErrors.INBOUND_FIELD_WRONG_TYPE,
        at(field) + " must be " + expected + " (" + context + ")",
        "send the payload as " + context + " writes it");
  }

  private static MediaFlowException error(ErrorCode code, String message, String suggestion) {
    return new MediaFlowException(code, message, suggestion);
  }
}
