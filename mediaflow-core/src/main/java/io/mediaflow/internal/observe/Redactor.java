package io.mediaflow.internal.observe;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets before anything is logged or shown: values of keys that name a password, token, API
 * key, secret, authorization or cookie become {@value #MASK}.
 *
 * <p>A key is sensitive when, lower-cased and stripped of everything but letters and digits, it
 * contains {@code password}, {@code passwd}, {@code token}, {@code apikey}, {@code secret}, {@code
 * authorization} or {@code cookie}: {@code x-api-key}, {@code accessToken}, {@code DB_PASSWORD} and
 * {@code Set-Cookie} all are. It errs on the side of masking ({@code tokenizer} is masked too).
 *
 * {@snippet :
 * Redactor.redact(Map.of("user", "ann", "apiKey", "k-123")); // {user=ann, apiKey=***}
 * Redactor.redact("GET /x?token=abc&page=2");                // GET /x?token=***&page=2
 * }
 */
public final class Redactor {

  /** What a secret is replaced with. */
  public static final String MASK = "***";

  private static final List<String> WORDS =
      List.of("password", "passwd", "token", "apikey", "secret", "authorization", "cookie");

  private static final String KEY =
      "[A-Za-z0-9_.-]*(?:password|passwd|token|api[_-]?key|secret|authorization|cookie)[A-Za-z0-9_.-]*";

  /** {@code "key": "value"} or {@code "key": 123} in JSON. */
  private static final Pattern JSON =
      Pattern.compile(
          "(\"" + KEY + "\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\]\\s]+)",
          Pattern.CASE_INSENSITIVE);

  /** {@code Bearer xyz}, {@code Basic xyz} wherever they stand. */
  private static final Pattern SCHEME =
      Pattern.compile("\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]+", Pattern.CASE_INSENSITIVE);

  /** {@code key=value}, {@code key: value}, with a quoted or a bare value. */
  private static final Pattern PAIR =
      Pattern.compile(
          "(?<![A-Za-z0-9_.\"-])("
              + KEY
              + ")(\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|(?:(?:Bearer|Basic)\\s+)?[^\\s&;,\"']+)",
          Pattern.CASE_INSENSITIVE);

  /** {@code scheme://user:password@host}. */
  private static final Pattern USER_INFO = Pattern.compile("(://[^/\\s:@]+:)[^@\\s/]+@");

  private Redactor() {}

  /** Whether values under {@code key} are masked. */
  public static boolean isSensitive(String key) {
    if (key == null) {
      return false;
    }
    StringBuilder sb = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        sb.append(Character.toLowerCase(c));
      }
    }
    String k = sb.toString();
    for (String w : WORDS) {
      if (k.contains(w)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A copy of {@code values} (in the same order) with every sensitive value masked, also in nested
   * maps and in maps inside lists. Keys are kept as they are. The copy cannot be changed.
   */
  public static Map<String, Object> redact(Map<String, ?> values) {
    Objects.requireNonNull(values, "values");
    return Collections.unmodifiableMap(copy(values));
  }

  private static Map<String, Object> copy(Map<?, ?> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : values.entrySet()) {
      String key = String.valueOf(e.getKey());
      out.put(key, isSensitive(key) && e.getValue() != null ? MASK : value(e.getValue()));
    }
    return out;
  }

  private static Object value(Object v) {
    if (v instanceof Map<?, ?> m) {
      return Collections.unmodifiableMap(copy(m));
    }
    if (v instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      for (Object o : c) {
        out.add(value(o));
      }
      return Collections.unmodifiableList(out);
    }
    return v;
  }

  /**
   * {@code text} with secrets masked: JSON members ({@code "token":"abc"}), {@code key=value} and
   * {@code key: value} pairs (query strings, headers, command lines), {@code Bearer}/{@code Basic}
   * credentials and the password in {@code scheme://user:password@host}.
   */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out =
        replace(
            JSON,
            text,
            m -> m.group(1) + (m.group(2).startsWith("\"") ? "\"" + MASK + "\"" : MASK));
    out = replace(SCHEME, out, m -> m.group(1) + " " + MASK);
    out = replace(PAIR, out, m -> m.group(1) + m.group(2) + MASK);
    return replace(USER_INFO, out, m -> m.group(1) + MASK + "@");
  }

  private static String replace(Pattern p, String text, Function<Matcher, String> with) {
    Matcher m = p.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length());
    do {
      m.appendReplacement(sb, Matcher.quoteReplacement(with.apply(m)));
    } while (m.find());
    m.appendTail(sb);
    return sb.toString();
  }
}
