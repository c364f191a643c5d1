package io.mediaflow.internal.action.web;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.operator.Params;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reading and checking the parameters the web actions share: request headers, string lists. */
final class WebParams {

  private WebParams() {}

  /** Adds a violation for every header field a node may not send as given. */
  static void checkHeaders(Object headers, String path, List<Violation> out) {
    if (!(headers instanceof Map<?, ?> map)) {
      return; // the binder has said it is not an object
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String name = String.valueOf(e.getKey());
      WebText.headerProblem(name, e.getValue())
          .ifPresent(
              problem ->
                  out.add(
                      new Violation(
                          path + "." + name,
                          ErrorCode.INVALID_VALUE,
                          problem,
                          "give header names as tokens and values as text; the client sets "
                              + WebText.CLIENT_FIELDS)));
    }
  }

  /** Adds a violation when {@code value} is not a list of strings. */
  static void checkStrings(Object value, String path, List<Violation> out) {
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof String)) {
          out.add(
              new Violation(
                  path + "[" + i + "]",
                  ErrorCode.WRONG_TYPE,
                  "expected a string but was " + list.get(i),
                  "give content types such as \"video/*\""));
        }
      }
    }
  }

  /** Whether a header map names {@code lowerName}, in any case. */
  static boolean hasHeader(Object headers, String lowerName) {
    return headers instanceof Map<?, ?> map
        && map.keySet().stream()
            .anyMatch(k -> String.valueOf(k).toLowerCase(Locale.ROOT).equals(lowerName));
  }

  /** The node's {@code headers} as text, in the order given. */
  static Map<String, String> headers(Params params) {
    Map<String, String> out = new LinkedHashMap<>();
    params
        .get("headers")
        .filter(Map.class::isInstance)
        .map(m -> (Map<?, ?>) m)
        .ifPresent(m -> m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v))));
    return out;
  }

  /** A parameter that is a list of strings. */
  static Optional<List<String>> strings(Params params, String name) {
    return params
        .get(name)
        .filter(List.class::isInstance)
        .map(l -> ((List<?>) l).stream().map(String::valueOf).toList());
  }
}
