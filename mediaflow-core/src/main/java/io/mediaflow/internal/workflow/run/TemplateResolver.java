package io.mediaflow.internal.workflow.run;

import io.mediaflow.api.MediaFlowException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the {@code ${...}} references of node parameters and expressions against what the run
 * knows: {@code trigger.x} (the run's input), {@code nodes.<id>.output.<name>}, {@code vars.x}, and
 * in a loop body {@code item} / {@code item.x} / {@code loop.<as>} / {@code loop.index}. The
 * minimal resolver here (paths only, no filters) is what the templates issue replaces; the runner
 * depends on this interface only.
 */
public interface TemplateResolver {

  /**
   * Resolves every reference in {@code value}: a string that is one reference alone keeps the
   * referenced value's type (a number stays a number, a list a list); references inside a longer
   * string are written as text; maps and lists are resolved member by member.
   *
   * @param scope the roots: {@code trigger}, {@code nodes}, {@code vars}, {@code item}, {@code
   *     loop}
   * @param where the place, for the message
   * @throws MediaFlowException {@link RunErrors#TEMPLATE_UNRESOLVED} for a reference to nothing
   */
  Object resolve(Object value, Map<String, Object> scope, String where);

  /** The path-only resolver of this first part. */
  static TemplateResolver minimal() {
    return Minimal.INSTANCE;
  }

  /** {@code ${a.b.c}} paths through maps (by key) and lists (by index). */
  final class Minimal implements TemplateResolver {
    static final Minimal INSTANCE = new Minimal();
    private static final Pattern REF = Pattern.compile("\\$\\{\\s*([^}]*?)\\s*}");

    private Minimal() {}

    @Override
    public Object resolve(Object value, Map<String, Object> scope, String where) {
      if (value instanceof String s) {
        return string(s, scope, where);
      }
      if (value instanceof Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, scope, where + "." + k)));
        return out;
      }
      if (value instanceof List<?> l) {
        List<Object> out = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) {
          out.add(resolve(l.get(i), scope, where + "[" + i + "]"));
        }
        return out;
      }
      return value;
    }

    private Object string(String s, Map<String, Object> scope, String where) {
      Matcher m = REF.matcher(s);
      if (!m.find()) {
        return s;
      }
      if (m.start() == 0 && m.end() == s.length()) {
        return lookup(m.group(1), scope, where);
      }
      StringBuilder out = new StringBuilder();
      m.reset();
      while (m.find()) {
        Object v = lookup(m.group(1), scope, where);
        m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v.toString()));
      }
      m.appendTail(out);
      return out.toString();
    }

    private static Object lookup(String path, Map<String, Object> scope, String where) {
      if (path.isEmpty()) {
        throw unresolved(path, where, "an empty reference");
      }
      Object at = scope;
      StringBuilder walked = new StringBuilder();
      for (String part : path.split("\\.", -1)) {
        if (walked.length() > 0) {
          walked.append('.');
        }
        walked.append(part);
        if (at instanceof Map<?, ?> map && map.containsKey(part)) {
          at = map.get(part);
        } else if (at instanceof List<?> list && isIndex(part, list.size())) {
          at = list.get(Integer.parseInt(part));
        } else {
          throw unresolved(path, where, "'" + walked + "' is not known");
        }
      }
      return at;
    }

    private static boolean isIndex(String part, int size) {
      if (part.isEmpty() || part.length() > 9 || !part.chars().allMatch(Character::isDigit)) {
        return false;
      }
      return Integer.parseInt(part) < size;
    }

    private static MediaFlowException unresolved(String path, String where, String why) {
      return new MediaFlowException(
          RunErrors.TEMPLATE_UNRESOLVED,
          where + ": ${" + path + "} cannot be resolved: " + why,
          "refer to trigger.<field>, nodes.<id>.output.<name>, vars.<name>, or item / loop.<as>"
              + " inside a loop, and check that the node ran before this one");
    }
  }
}
