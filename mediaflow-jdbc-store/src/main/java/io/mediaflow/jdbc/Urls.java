package io.mediaflow.jdbc;

import java.lang.reflect.Method;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Where a {@link DataSource} points, for messages: its URL with any password removed. */
final class Urls {

  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password|pwd)=[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("//([^/@:]+):[^/@]*@");

  private Urls() {}

  static String describe(DataSource ds) {
    for (String name : new String[] {"getUrl", "getURL", "getJdbcUrl"}) {
      try {
        Method m = ds.getClass().getMethod(name);
        Object url = m.invoke(ds);
        if (url instanceof String s && !s.isBlank()) {
          return redact(s);
        }
      } catch (ReflectiveOperationException | RuntimeException ignored) {
        // not this getter; try the next
      }
    }
    return "a " + ds.getClass().getSimpleName();
  }

  static String redact(String url) {
    String out = PASSWORD_PARAM.matcher(url).replaceAll("$1=***");
    return USER_INFO.matcher(out).replaceAll("//$1:***@");
  }
}
