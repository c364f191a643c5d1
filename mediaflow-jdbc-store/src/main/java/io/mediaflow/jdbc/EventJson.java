package io.mediaflow.jdbc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.event.Event;
import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event as the cluster bus sends it: {@code {"origin":…,"type":…,"time":<epoch
 * micros>,"data":{…}}}, compact, origin first so that a bus recognises its own by the prefix.
 *
 * <p>Data values are written as JSON gives them: strings, booleans, null, numbers ({@code NaN} and
 * infinities as strings), maps (keys by {@code String.valueOf}), iterables and arrays; anything
 * else as its {@code toString()}. They come back as strings, booleans, null, {@link Integer} for
 * whole numbers that fit, else {@link Long} or {@link BigInteger}, {@link Double} for the others,
 * {@code ArrayList} and {@code LinkedHashMap}.
 */
final class EventJson {

  private EventJson() {}

  /** How every payload of {@code origin} starts: {@code {"origin":"<origin>"}. */
  static String originPrefix(String origin) {
    String object =
        JsonText.write(
            g -> {
              g.writeStartObject();
              g.writeStringField("origin", origin);
              g.writeEndObject();
            });
    return object.substring(0, object.length() - 1);
  }

  static String encode(String origin, Event e) {
    long micros =
        Math.addExact(
            Math.multiplyExact(e.time().getEpochSecond(), 1_000_000L), e.time().getNano() / 1_000);
    return JsonText.write(
        g -> {
          g.writeStartObject();
          g.writeStringField("origin", origin);
          g.writeStringField("type", e.type());
          g.writeNumberField("time", micros);
          g.writeFieldName("data");
          value(g, e.data());
          g.writeEndObject();
        });
  }

  private static void value(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        g.writeString(value.toString()); // JSON has no NaN
      } else if (value instanceof Float f) {
        g.writeNumber(f);
      } else {
        g.writeNumber(d);
      }
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      g.writeNumber(((Number) value).intValue());
    } else if (value instanceof Long l) {
      g.writeNumber(l);
    } else if (value instanceof BigInteger b) {
      g.writeNumber(b);
    } else if (value instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (value instanceof Number n) {
      number(g, n);
    } else if (value instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> entry : m.entrySet()) {
        g.writeFieldName(String.valueOf(entry.getKey()));
        value(g, entry.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof Iterable<?> items) {
      g.writeStartArray();
      for (Object item : items) {
        value(g, item);
      }
      g.writeEndArray();
    } else if (value.getClass().isArray()) {
      g.writeStartArray();
      for (int i = 0, n = Array.getLength(value); i < n; i++) {
        value(g, Array.get(value, i));
      }
      g.writeEndArray();
    } else {
      g.writeString(value.toString());
    }
  }

  /** Another kind of number (an {@code AtomicLong}, a {@code LongAdder}) by its digits. */
  private static void number(JsonGenerator g, Number n) throws IOException {
    String digits = n.toString();
    try {
      g.writeNumber(new BigDecimal(digits));
    } catch (NumberFormatException notDigits) {
      g.writeString(digits);
    }
  }

  /**
   * Reads a payload.
   *
   * @throws IllegalArgumentException when it is not JSON or lacks the type or the time
   */
  static Event decode(String text) {
    JsonNode m = JsonText.read(text);
    if (!m.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode type = m.get("type");
    if (type == null || !type.isTextual()) {
      throw new IllegalArgumentException("no type");
    }
    JsonNode time = m.get("time");
    if (!JsonText.isLong(time)) {
      throw new IllegalArgumentException("no time");
    }
    long micros = time.longValue();
    Instant at =
        Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    JsonNode data = m.get("data");
    Map<String, Object> values = new LinkedHashMap<>();
    if (data != null && data.isObject()) {
      data.properties().forEach(f -> values.put(f.getKey(), toJava(f.getValue())));
    } else if (data != null && !data.isNull()) {
      throw new IllegalArgumentException("data is not an object");
    }
    return new Event(type.textValue(), at, values);
  }

  private static Object toJava(JsonNode v) {
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isNull()) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber()) {
      // whole numbers that fit an int come back as Integer, as publishers mostly write them
      return v.canConvertToInt()
          ? (Object) v.intValue()
          : v.canConvertToLong() ? (Object) v.longValue() : v.bigIntegerValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isArray()) {
      List<Object> out = new ArrayList<>(v.size());
      v.forEach(x -> out.add(toJava(x)));
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    v.properties().forEach(f -> out.put(f.getKey(), toJava(f.getValue())));
    return out;
  }
}
