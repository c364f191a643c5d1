package io.mediaflow.internal.shipped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a template's parameter values into its workflow. It works on the JSON tree, never on text,
 * so a value cannot change the document's shape: a string that is exactly {@code %{name}} becomes
 * the value with its type (a number stays a number), and {@code %{name}} inside a longer string
 * becomes the value's text. The markers are not the run-time templates ({@code ${...}}, {@code
 * {{...}}}), which stay as written for the runs.
 */
public final class TemplateFill {

  private static final Pattern MARKER = Pattern.compile("%\\{([A-Za-z][A-Za-z0-9]*)}");
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private TemplateFill() {}

  /** The workflow's JSON with every marker replaced by its value. */
  public static String fill(ObjectNode workflow, Map<String, Object> values) {
    JsonNode filled = replace(workflow.deepCopy(), values);
    try {
      return JSON.writeValueAsString(filled);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a filled template cannot be written", e);
    }
  }

  private static JsonNode replace(JsonNode node, Map<String, Object> values) {
    if (node.isTextual()) {
      return text(node.asText(), values);
    }
    if (node instanceof ObjectNode o) {
      for (Map.Entry<String, JsonNode> field : o.properties()) {
        field.setValue(replace(field.getValue(), values));
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, replace(a.get(i), values));
      }
    }
    return node;
  }

  private static JsonNode text(String text, Map<String, Object> values) {
    Matcher whole = MARKER.matcher(text);
    if (whole.matches()) {
      return JSON.valueToTree(value(whole.group(1), values));
    }
    Matcher m = MARKER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value(m.group(1), values))));
    }
    m.appendTail(out);
    return JSON.getNodeFactory().textNode(out.toString());
  }

  private static Object value(String name, Map<String, Object> values) {
    if (!values.containsKey(name)) {
      // the resource names a parameter it does not declare: a mistake of the build, not the user's
      throw new IllegalStateException("shipped template names undeclared parameter " + name);
    }
    return values.get(name);
  }
}
