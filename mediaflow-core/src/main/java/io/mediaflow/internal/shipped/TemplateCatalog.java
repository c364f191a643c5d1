package io.mediaflow.internal.shipped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.api.rule.ShippedTemplate;
import io.mediaflow.api.rule.TemplateParameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The shipped templates: JSON resources next to this class, read once. Each holds its description,
 * its parameters and a workflow whose trigger node carries the rule; {@code %{name}} in the
 * workflow's strings stands for a parameter ({@link TemplateFill}). Every template also takes
 * {@code id}, the id of the workflow and rule it installs, by default its own name.
 */
public final class TemplateCatalog {

  /** The resources, in the order {@code list()} gives them. */
  static final List<String> NAMES =
      List.of("auto-download-playlist", "convert-to-podcast", "archive-old-downloads");

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Map<String, Entry> entries;

  private TemplateCatalog(Map<String, Entry> entries) {
    this.entries = entries;
  }

  /** A template's description and its workflow with the {@code %{name}} markers. */
  public record Entry(ShippedTemplate template, ObjectNode workflow, Map<String, String> apart) {}

  /** Reads every shipped template; a broken resource is a build mistake and fails at once. */
  public static TemplateCatalog load() {
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (String name : NAMES) {
      entries.put(name, read(name));
    }
    return new TemplateCatalog(entries);
  }

  /** Every template, in catalogue order. */
  public List<Entry> all() {
    return List.copyOf(entries.values());
  }

  /** The template of that name. */
  public Optional<Entry> find(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  private static Entry read(String name) {
    String resource = name + ".json";
    try (InputStream in = TemplateCatalog.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("shipped template resource " + resource + " is missing");
      }
      JsonNode doc = JSON.readTree(in);
      List<TemplateParameter> params = new ArrayList<>();
      params.add(
          new TemplateParameter(
              "id",
              TemplateParameter.Type.ID,
              Optional.of(name),
              "the id of the workflow and the rule installed; another id installs the template"
                  + " again beside the first",
              false,
              0,
              0));
      Map<String, String> apart = new LinkedHashMap<>();
      for (JsonNode p : doc.path("parameters")) {
        params.add(parameter(p));
        if (p.hasNonNull("apartFrom")) {
          apart.put(p.get("name").asText(), p.get("apartFrom").asText());
        }
      }
      ShippedTemplate template =
          new ShippedTemplate(
              doc.get("name").asText(),
              doc.get("title").asText(),
              doc.get("description").asText(),
              doc.get("category").asText(),
              params);
      return new Entry(template, (ObjectNode) doc.get("workflow"), Map.copyOf(apart));
    } catch (IOException e) {
      throw new UncheckedIOException("shipped template " + resource + " cannot be read", e);
    }
  }

  private static TemplateParameter parameter(JsonNode p) {
    TemplateParameter.Type type =
        TemplateParameter.Type.valueOf(p.get("type").asText().toUpperCase(Locale.ROOT));
    JsonNode def = p.get("default");
    Optional<Object> value =
        def == null || def.isNull()
            ? Optional.empty()
            : Optional.of(def.isIntegralNumber() ? (Object) def.asLong() : def.asText());
    return new TemplateParameter(
        p.get("name").asText(),
        type,
        value,
        p.path("description").asText(""),
        p.path("required").asBoolean(false),
        p.path("min").asLong(Long.MIN_VALUE),
        p.path("max").asLong(Long.MAX_VALUE));
  }
}
