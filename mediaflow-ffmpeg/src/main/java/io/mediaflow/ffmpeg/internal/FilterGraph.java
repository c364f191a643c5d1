package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.operator.FilterArg;
import io.mediaflow.api.plan.GraphFilter;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders filters as an FFmpeg filtergraph description, escaping every value so that no text can
 * add a filter, an option or a pad.
 *
 * <p>FFmpeg unescapes twice: the graph parser splits filters and options at {@code [ ] , ;} and
 * treats {@code \ '} as escapes (level 2), then each filter splits its options at {@code :} and
 * {@code =} with {@code \ '} as escapes again (level 1). So a value is escaped for level 1 first,
 * then the whole option list for level 2. Both parsers drop unescaped whitespace at the ends of a
 * token, so such whitespace is escaped too. Arguments go to the process as a list, never through a
 * shell, so there is no third level.
 */
public final class FilterGraph {

  private static final String LEVEL1 = "\\':";
  private static final String LEVEL1_POSITIONAL = "\\':=";
  private static final String LEVEL2 = "\\'[],;";
  private static final Pattern FILTER_NAME = Pattern.compile("[a-z0-9_]+");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.\\-/]+");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_:.?]+");

  private FilterGraph() {}

  /** The whole graph: filters joined with {@code ;}. */
  public static String render(List<GraphFilter> filters) {
    return filters.stream().map(FilterGraph::render).collect(Collectors.joining(";"));
  }

  /** One filter: {@code [in1][in2]name=k=v:k2=v2[out1]}. */
  public static String render(GraphFilter filter) {
    if (filter.name() == null || !FILTER_NAME.matcher(filter.name()).matches()) {
      throw new IllegalArgumentException(
          "a filter name is lower-case letters, digits or '_' but was \"" + filter.name() + "\"");
    }
    StringBuilder out = new StringBuilder();
    filter.inputs().forEach(label -> out.append(label(label)));
    out.append(filter.name());
    if (!filter.args().isEmpty()) {
      out.append('=').append(escapeForGraph(options(filter.args())));
    }
    filter.outputs().forEach(label -> out.append(label(label)));
    return out.toString();
  }

  /** The option list of one filter, escaped for the filter (level 1) only. */
  static String options(List<FilterArg> args) {
    return args.stream().map(FilterGraph::option).collect(Collectors.joining(":"));
  }

  private static String option(FilterArg arg) {
    if (arg.value().isEmpty()) {
      // an empty quoted value keeps a lone empty positional option from vanishing
      return arg.key() == null ? "''" : key(arg.key()) + "=''";
    }
    if (arg.key() == null) {
      // a positional value that looks like "key=value" would be read as that key: escape '='
      return escape(arg.value(), LEVEL1_POSITIONAL);
    }
    return key(arg.key()) + "=" + escape(arg.value(), LEVEL1);
  }

  private static String key(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "a filter option name is letters, digits, '_', '.', '-' or '/' but was \"" + key + "\"");
    }
    return key;
  }

  /** Escapes a value for one filter's option parser (level 1). */
  public static String escapeValue(String value) {
    return escape(value, LEVEL1);
  }

  /** Escapes a filter's whole option list for the graph parser (level 2). */
  public static String escapeForGraph(String options) {
    return escape(options, LEVEL2);
  }

  private static String label(String label) {
    if (label == null || !LABEL.matcher(label).matches()) {
      throw new IllegalArgumentException(
          "a pad label is letters, digits, '_', ':', '.' or '?' but was \"" + label + "\"");
    }
    return "[" + label + "]";
  }

  private static String escape(String text, String specials) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    int first = 0;
    int last = text.length() - 1;
    while (first <= last && isSpace(text.charAt(first))) {
      first++;
    }
    while (last >= first && isSpace(text.charAt(last))) {
      last--;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean edgeSpace = (i < first || i > last) && isSpace(c);
      if (edgeSpace || specials.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
  }
}
