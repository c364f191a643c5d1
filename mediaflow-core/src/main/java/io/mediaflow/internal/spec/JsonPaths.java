package io.mediaflow.internal.spec;

import com.fasterxml.jackson.core.JsonStreamContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/** JSON paths as violations name them: {@code outputs[0].codec.crf}, {@code tags["a b"]}. */
public final class JsonPaths {

  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private JsonPaths() {}

  /** The path of field {@code name} inside {@code path}; a name that is not plain is quoted. */
  public static String field(String path, String name) {
    if (!PLAIN_NAME.matcher(name).matches()) {
      return path + "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }
    return path.isEmpty() ? name : path + "." + name;
  }

  /** The path of item {@code i} of the array at {@code path}. */
  public static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  /** The last field name of a path: {@code crf} for {@code outputs[0].codec.crf}. */
  public static String lastSegment(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }

  /** The path of the value a streaming parser stands on. */
  public static String of(JsonStreamContext context) {
    Deque<JsonStreamContext> chain = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      chain.push(c);
    }
    String path = "";
    for (JsonStreamContext c : chain) {
      path = c.inArray() ? index(path, c.getCurrentIndex()) : field(path, c.getCurrentName());
    }
    return path;
  }
}
