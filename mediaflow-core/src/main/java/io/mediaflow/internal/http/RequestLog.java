package io.mediaflow.internal.http;

import io.mediaflow.internal.observe.Redactor;
import java.util.Locale;
import java.util.Set;

/**
 * The request target as a log line shows it: the values of query parameters that may be secrets
 * ({@code key}, {@code token}, {@code secret}, {@code password} and whatever else {@link
 * Redactor#isSensitive} masks) replaced by {@value Redactor#MASK}. Headers are never logged, so
 * {@code Authorization} and {@code X-Api-Key} cannot leak.
 */
final class RequestLog {

  /** Query parameter names that are secrets besides those {@link Redactor} knows. */
  static final Set<String> SECRET_PARAMS =
      Set.of("key", "api_key", "apikey", "api-key", "access_token", "token", "secret", "password");

  private RequestLog() {}

  /** {@code rawPath?rawQuery} with secret values masked, clipped and printable. */
  static String target(String rawPath, String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return Printables.clip(rawPath);
    }
    StringBuilder out = new StringBuilder(rawPath).append('?');
    String[] pairs = rawQuery.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      if (i > 0) {
        out.append('&');
      }
      int eq = pairs[i].indexOf('=');
      String name = eq < 0 ? pairs[i] : pairs[i].substring(0, eq);
      if (eq >= 0 && isSecret(name)) {
        out.append(name).append('=').append(Redactor.MASK);
      } else {
        out.append(pairs[i]);
      }
    }
    return Printables.clip(out.toString());
  }

  /** Whether a query parameter of this (raw) name holds a secret. */
  static boolean isSecret(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return SECRET_PARAMS.contains(n) || Redactor.isSensitive(n);
  }
}
