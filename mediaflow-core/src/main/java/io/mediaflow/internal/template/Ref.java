package io.mediaflow.internal.template;

import java.util.List;
import java.util.Map;

/**
 * A reference: {@code trigger.file.name}, {@code nodes.dl.output.files[0]}, {@code
 * headers['content-type']}. It walks maps by key and lists by index, nothing else: no getter, no
 * method, no reflection. A first name that is no root of the scope ({@code {{title}}}) is looked up
 * in {@code vars}, then in {@code trigger}.
 */
final class Ref implements Source {

  private final String[] keys;

  /** The list index each key stands for, or -1 when it is no index. */
  private final int[] indexes;

  Ref(List<String> keys) {
    this.keys = keys.toArray(new String[0]);
    this.indexes = new int[this.keys.length];
    for (int i = 0; i < this.keys.length; i++) {
      indexes[i] = index(this.keys[i]);
    }
  }

  @Override
  public Object get(Env env, Expr expr) {
    env.step();
    Object at = root(env.scope);
    for (int i = 1; i < keys.length && at != Env.MISSING; i++) {
      env.step();
      at = child(at, i);
    }
    return at;
  }

  private Object root(Map<String, ?> scope) {
    String name = keys[0];
    Object v = scope.get(name);
    if (v != null || scope.containsKey(name)) {
      return v;
    }
    // a bare name: the workflow's variables first, then the trigger's fields
    Object var = in(scope.get("vars"), name);
    return var != Env.MISSING ? var : in(scope.get("trigger"), name);
  }

  private static Object in(Object map, String name) {
    if (map instanceof Map<?, ?> m) {
      Object v = m.get(name);
      if (v != null || m.containsKey(name)) {
        return v;
      }
    }
    return Env.MISSING;
  }

  private Object child(Object at, int i) {
    if (at instanceof Map<?, ?> m) {
      return in(m, keys[i]);
    }
    if (at instanceof List<?> l && indexes[i] >= 0 && indexes[i] < l.size()) {
      return l.get(indexes[i]);
    }
    return Env.MISSING;
  }

  /** Why the reference is missing: the first part of it that is not known. */
  String missing(Env env) {
    Object at = root(env.scope);
    StringBuilder walked = new StringBuilder(keys[0]);
    if (at == Env.MISSING) {
      return "'"
          + walked
          + "' is not known"
          + (keys.length == 1 ? " (no variable or trigger field has that name)" : "");
    }
    for (int i = 1; i < keys.length; i++) {
      walked.append('.').append(keys[i]);
      at = child(at, i);
      if (at == Env.MISSING) {
        break;
      }
    }
    return "'" + walked + "' is not known";
  }

  private static int index(String key) {
    if (key.isEmpty() || key.length() > 9) {
      return -1;
    }
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) < '0' || key.charAt(i) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(key);
  }
}
