package io.mediaflow.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.Page;
import io.mediaflow.internal.http.Call;
import io.mediaflow.internal.http.HttpProblem;
import io.mediaflow.internal.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Shared pieces of the routes' JSON: pages, parsed documents, optional bodies. */
final class Documents {

  /** The default page size of lists. */
  static final int PAGE_SIZE = 50;

  /** The largest page of a list. */
  static final int MAX_PAGE_SIZE = 1000;

  private Documents() {}

  /** JSON text as a tree. */
  static JsonNode tree(String json) {
    return Json.read(json.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code {"kind", "page", "size", "total", "hasNext", "items"}} of a page. */
  static <T> ObjectNode page(String kind, Page<T> page, Function<T, JsonNode> item) {
    ObjectNode o = Json.object();
    o.put("kind", kind);
    o.put("page", page.page());
    o.put("size", page.size());
    o.put("total", page.total());
    o.put("hasNext", page.hasNext());
    ArrayNode items = o.putArray("items");
    page.items().forEach(i -> items.add(item.apply(i)));
    return o;
  }

  /** {@code {"kind", "items"}} of a list. */
  static <T> ObjectNode list(String kind, List<T> list, Function<T, JsonNode> item) {
    ObjectNode o = Json.object();
    o.put("kind", kind);
    ArrayNode items = o.putArray("items");
    list.forEach(i -> items.add(item.apply(i)));
    return o;
  }

  /**
   * The job states of {@code ?state=} (names separated by commas, any case); none when it is absent
   * or blank.
   *
   * @throws HttpProblem 400 {@code INVALID_VALUE} at {@code ?state} for a name that is no state
   */
  static Set<JobState> states(Call c) {
    String states = c.query("state").orElse("");
    if (states.isBlank()) {
      return Set.of();
    }
    Set<JobState> set = EnumSet.noneOf(JobState.class);
    for (String s : states.split(",")) {
      try {
        set.add(JobState.valueOf(s.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new HttpProblem(
            400,
            ErrorCode.INVALID_VALUE,
            "unknown job state \"" + s.strip() + "\"",
            "?state",
            "use one or more of " + EnumSet.allOf(JobState.class) + ", separated by commas");
      }
    }
    return set;
  }

  /** The page number and size of {@code ?page=&limit=}. */
  static int[] paging(Call c) {
    return new int[] {
      c.intQuery("page", 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE),
      c.intQuery("limit", PAGE_SIZE, 1, MAX_PAGE_SIZE)
    };
  }

  /**
   * The body, which must be a JSON object.
   *
   * @throws HttpProblem 400 {@code MALFORMED_JSON} for no JSON, {@code WRONG_TYPE} for another
   *     value than an object
   */
  static JsonNode object(Call c, String what, String suggestion) {
    JsonNode doc = c.json();
    if (!doc.isObject()) {
      throw new HttpProblem(400, ErrorCode.WRONG_TYPE, what + " is a JSON object", "$", suggestion);
    }
    return doc;
  }

  /** The body as a JSON object; an empty body is an empty object. */
  static JsonNode objectOrEmpty(Call c) {
    if (c.body().length == 0) {
      return Json.object();
    }
    return object(c, "the body", "send {...}");
  }

  /** A JSON object as a map of plain values. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(JsonNode node, String path) {
    if (node.isMissingNode() || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new HttpProblem(
          400, ErrorCode.WRONG_TYPE, path + " must be a JSON object", "$." + path, "send {...}");
    }
    return Json.MAPPER.convertValue(node, Map.class);
  }

  /** A value that is JSON text, or any JSON kept as its text; empty when absent. */
  static String text(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return "";
    }
    return node.isTextual() ? node.asText() : node.toString();
  }

  /**
   * Refuses a field of {@code doc} that is not in {@code allowed}.
   *
   * @throws HttpProblem 400 {@code UNKNOWN_FIELD} at the field, listing the fields allowed
   */
  static void onlyFields(JsonNode doc, Set<String> allowed, String what) {
    for (Iterator<String> names = doc.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new HttpProblem(
            400,
            ErrorCode.UNKNOWN_FIELD,
            "unknown field \"" + name + "\" in " + what,
            "$." + name,
            what + " has " + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  /**
   * A string field of {@code doc}.
   *
   * @throws HttpProblem 400 {@code MISSING_FIELD} or {@code WRONG_TYPE} at the field when it is
   *     absent, not a string, or (when {@code nonBlank}) blank
   */
  static String string(JsonNode doc, String field, boolean nonBlank) {
    JsonNode v = doc.path(field);
    if (!v.isTextual() || (nonBlank && v.asText().isBlank())) {
      throw new HttpProblem(
          400,
          v.isMissingNode() ? ErrorCode.MISSING_FIELD : ErrorCode.WRONG_TYPE,
          field + " must be a" + (nonBlank ? " non-blank" : "") + " string",
          "$." + field,
          "give " + field + " as a JSON string");
    }
    return v.asText();
  }

  /**
   * 404 with {@code code}: no {@code what} has this id; {@code list} is the route that lists them.
   */
  static HttpProblem notFound(ErrorCode code, String what, String id, String list) {
    return new HttpProblem(
        404, code, "no " + what + " " + id + " exists", "", "GET " + list + " lists them");
  }

  /** The required {@code ?revision=} of a change, so two editors cannot overwrite each other. */
  static int revision(Call c) {
    if (c.query("revision").isEmpty()) {
      throw new HttpProblem(
          400,
          ErrorCode.MISSING_FIELD,
          "a change needs the revision it was made from",
          "?revision",
          "add ?revision=N, the revision you read; a newer one answers 409");
    }
    return c.intQuery("revision", 1, 1, Integer.MAX_VALUE);
  }
}
