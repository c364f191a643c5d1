package io.mediaflow.internal.durable;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.api.job.StepType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes step results and saved states as JSON and reads them back, with Jackson (one library for
 * every JSON); refuses a value larger than the engine keeps. One per engine, thread-safe.
 */
final class StepCodec {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private static final TypeReference<List<String>> ID_LIST = new TypeReference<>() {};

  private final long limit;

  /** Resolved types, so that a step pays for the type's introspection once per engine. */
  private final Map<java.lang.reflect.Type, JavaType> types = new ConcurrentHashMap<>();

  StepCodec(long limit) {
    this.limit = limit;
  }

  long limit() {
    return limit;
  }

  /**
   * The value as JSON text ({@code null} is {@code "null"}).
   *
   * @param what what the value is, for the error ("step 'download' result")
   */
  String write(String jobId, String what, Object value) {
    String json;
    try {
      json = MAPPER.writeValueAsString(value);
    } catch (Exception e) {
      throw DurableErrors.unwritable(jobId, what, e);
    }
    checkSize(jobId, what, json);
    return json;
  }

  /** Refuses text over the limit, counted in UTF-8 bytes (counted only when it could be over). */
  void checkSize(String jobId, String what, String json) {
    if ((long) json.length() * 3 <= limit) {
      return; // at most 3 bytes per char: cannot be over
    }
    long bytes = json.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > limit) {
      throw DurableErrors.tooLarge(jobId, what, bytes, limit);
    }
  }

  /** A SIGNAL checkpoint's value: {@code {"payload":"…"}}, or {@code {"timedOut":true}}. */
  String signalValue(Optional<String> payload) {
    ObjectNode n = MAPPER.createObjectNode();
    if (payload.isPresent()) {
      n.put("payload", payload.get());
    } else {
      n.put("timedOut", true);
    }
    return n.toString();
  }

  /** What a SIGNAL checkpoint recorded: the payload taken, or empty for a timeout. */
  Optional<String> signalPayload(String jobId, String name, String json) {
    try {
      JsonNode payload = MAPPER.readTree(json).get("payload");
      return payload == null || payload.isNull() ? Optional.empty() : Optional.of(payload.asText());
    } catch (Exception e) {
      throw DurableErrors.unreadable(jobId, "signal '" + name + "'", "a signal", e);
    }
  }

  /** A TIMER checkpoint's instant (epoch milliseconds). */
  Instant instant(String jobId, String name, String json) {
    try {
      return Instant.ofEpochMilli(Long.parseLong(json.trim()));
    } catch (RuntimeException e) {
      throw DurableErrors.unreadable(jobId, "timer '" + name + "'", "epoch milliseconds", e);
    }
  }

  /** A CHILDREN checkpoint's list of child ids. */
  List<String> ids(String jobId, String json) {
    try {
      return MAPPER.readValue(json, ID_LIST);
    } catch (Exception e) {
      throw DurableErrors.unreadable(jobId, "awaitChildren", "a list of job ids", e);
    }
  }

  <T> T read(String jobId, String what, String json, StepType<T> type) {
    JavaType t = types.computeIfAbsent(type.type(), MAPPER.getTypeFactory()::constructType);
    try {
      return MAPPER.readValue(json, t);
    } catch (Exception e) {
      throw DurableErrors.unreadable(jobId, what, t.toCanonical(), e);
    }
  }

  <T> T read(String jobId, String what, String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (Exception e) {
      throw DurableErrors.unreadable(jobId, what, type.getName(), e);
    }
  }
}
