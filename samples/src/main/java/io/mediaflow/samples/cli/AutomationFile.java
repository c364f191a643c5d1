package io.mediaflow.samples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The file {@code mediaflow automate} runs ({@code docs/automation.schema.json}): workflows, rules
 * and shipped templates to install, each written as the library reads it. Reading checks the file's
 * own shape; {@link #check} then checks every entry with the engine, each problem at its JSON path
 * in the file ({@code rules[1].trigger.cron}).
 *
 * @param workflows each workflow's id and JSON
 * @param rules each rule's id and JSON
 * @param templates each template's name and parameters
 */
record AutomationFile(List<Entry> workflows, List<Entry> rules, List<TemplateUse> templates) {

  /** The largest file read: far more than any hand-written automation. */
  static final long MAX_BYTES = 4L << 20;

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final List<String> FIELDS = List.of("$schema", "workflows", "rules", "templates");

  /** A workflow or rule of the file: its id, its JSON, and its JSON path in the file. */
  record Entry(String id, String json, String path) {}

  /** A shipped template to install: its name, parameters and JSON path in the file. */
  record TemplateUse(String name, Map<String, Object> params, String path) {

    /** The id it installs under: its {@code id} parameter, else its name. */
    String id() {
      Object id = params.get("id");
      return id instanceof String s ? s : name;
    }
  }

  /**
   * Reads and checks the shape of {@code file}.
   *
   * @throws ValidationException every problem of its shape, each at its JSON path
   * @throws MediaFlowException {@code INPUT_NOT_FOUND} when it cannot be read
   */
  static AutomationFile read(Path file) {
    JsonNode root = parse(file);
    List<Violation> problems = new ArrayList<>();
    if (!root.isObject()) {
      throw new ValidationException(
          new Violation(
              "",
              ErrorCode.WRONG_TYPE,
              "the file must be a JSON object",
              "write {\"workflows\": [...], \"rules\": [...], \"templates\": [...]}"));
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!FIELDS.contains(name)) {
        problems.add(
            new Violation(
                name,
                ErrorCode.UNKNOWN_FIELD,
                "unknown field '" + name + "'; the file holds workflows, rules and templates",
                closest(name)));
      }
    }
    if (!root.has("workflows") && !root.has("rules") && !root.has("templates")) {
      problems.add(
          new Violation(
              "",
              ErrorCode.MISSING_FIELD,
              "the file holds no workflows, rules or templates",
              "add \"rules\": [{\"id\": \"...\", \"trigger\": {...}, \"actions\": [...]}]"));
    }
    List<Entry> workflows = entries(root, "workflows", problems);
    List<Entry> rules = entries(root, "rules", problems);
    List<TemplateUse> templates = templates(root, problems);
    duplicates(workflows, rules, templates, problems);
    ValidationException.throwIfAny(problems);
    return new AutomationFile(workflows, rules, templates);
  }

  /**
   * Every problem of the entries as the engine sees them, at their paths in the file: workflows and
   * rules as {@code register} would check them, templates as {@code install} would (one installed
   * already is kept, not checked).
   */
  List<Violation> check(MediaFlow flow) {
    List<Violation> problems = new ArrayList<>();
    for (Entry w : workflows) {
      flow.validateWorkflow(w.json()).forEach(v -> problems.add(at(w.path(), v)));
    }
    for (Entry r : rules) {
      flow.rules().validate(r.json()).forEach(v -> problems.add(at(r.path(), v)));
    }
    for (TemplateUse t : templates) {
      if (flow.workflows().find(t.id()).isEmpty()) {
        flow.templates().validate(t.name(), t.params()).forEach(v -> problems.add(at(t.path(), v)));
      }
    }
    return problems;
  }

  /** The JSON of {@code file}, at most {@link #MAX_BYTES}; malformed JSON with its place. */
  static JsonNode parse(Path file) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new MediaFlowException(
            ErrorCode.INVALID_VALUE,
            file + " is larger than " + MAX_BYTES + " bytes",
            "split the automation into smaller files");
      }
      return JSON.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new ValidationException(
          new Violation(
              "",
              ErrorCode.MALFORMED_JSON,
              "not JSON at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ": "
                  // without Jackson's "(for Object starting at [Source: ...])": the line says where
                  + e.getOriginalMessage().replaceAll("\\s*\\(for .*$", ""),
              "check the brackets, commas and quotes there"));
    } catch (IOException e) {
      throw new MediaFlowException(
          ErrorCode.INPUT_NOT_FOUND,
          "cannot read " + file + ": " + e.getMessage(),
          "give the path of a readable rules file");
    }
  }

  private static List<Entry> entries(JsonNode root, String field, List<Violation> problems) {
    List<Entry> out = new ArrayList<>();
    JsonNode list = root.get(field);
    if (list == null || list.isNull()) {
      return out;
    }
    if (!list.isArray()) {
      problems.add(
          new Violation(
              field,
              ErrorCode.WRONG_TYPE,
              field + " must be an array",
              "write \"" + field + "\": [ ]"));
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      String path = field + "[" + i + "]";
      JsonNode item = list.get(i);
      if (!item.isObject() || !item.path("id").isTextual()) {
        problems.add(
            new Violation(
                path + (item.isObject() ? ".id" : ""),
                item.isObject() ? ErrorCode.MISSING_FIELD : ErrorCode.WRONG_TYPE,
                item.isObject()
                    ? "each of " + field + " needs its \"id\" (text)"
                    : "each of " + field + " must be an object",
                "see docs/rules.md and docs/workflows.md for the shapes"));
        continue;
      }
      out.add(new Entry(item.get("id").asText(), item.toString(), path));
    }
    return out;
  }

  private static List<TemplateUse> templates(JsonNode root, List<Violation> problems) {
    List<TemplateUse> out = new ArrayList<>();
    JsonNode list = root.get("templates");
    if (list == null || list.isNull()) {
      return out;
    }
    if (!list.isArray()) {
      problems.add(
          new Violation(
              "templates",
              ErrorCode.WRONG_TYPE,
              "templates must be an array",
              "write \"templates\": [ ]"));
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      String path = "templates[" + i + "]";
      JsonNode item = list.get(i);
      JsonNode params = item.path("params");
      boolean shaped =
          item.isObject()
              && item.path("template").isTextual()
              && (params.isMissingNode() || params.isObject());
      if (!shaped) {
        problems.add(
            new Violation(
                path,
                ErrorCode.WRONG_TYPE,
                "a template entry is {\"template\": NAME, \"params\": {...}}",
                "write {\"template\": \"convert-to-podcast\", \"params\": {\"minDuration\": 2700}}"));
        continue;
      }
      for (Iterator<String> it = item.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!name.equals("template") && !name.equals("params")) {
          problems.add(
              new Violation(
                  path + "." + name,
                  ErrorCode.UNKNOWN_FIELD,
                  "unknown field '" + name + "'; a template entry holds template and params",
                  "put the template's parameters under \"params\""));
        }
      }
      Map<String, Object> values = new LinkedHashMap<>();
      params.properties().forEach(f -> values.put(f.getKey(), scalar(f.getValue())));
      out.add(new TemplateUse(item.get("template").asText(), values, path));
    }
    return out;
  }

  /** A JSON value as the template parameters take it: text or a whole number. */
  private static Object scalar(JsonNode v) {
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isTextual()) {
      return v.asText();
    }
    return JSON.convertValue(v, Object.class); // reported by the template with its type
  }

  private static void duplicates(
      List<Entry> workflows, List<Entry> rules, List<TemplateUse> templates, List<Violation> out) {
    Set<String> workflowIds = new HashSet<>();
    Set<String> ruleIds = new HashSet<>();
    for (Entry w : workflows) {
      duplicate(workflowIds, w.id(), w.path() + ".id", out);
    }
    for (Entry r : rules) {
      duplicate(ruleIds, r.id(), r.path() + ".id", out);
    }
    for (TemplateUse t : templates) {
      // a template installs a workflow and a rule under one id
      duplicate(workflowIds, t.id(), t.path() + ".params.id", out);
      ruleIds.add(t.id());
    }
  }

  private static void duplicate(Set<String> seen, String id, String path, List<Violation> out) {
    if (!seen.add(id)) {
      out.add(
          new Violation(
              path,
              ErrorCode.DUPLICATE_ID,
              "id '" + id + "' is used twice in the file",
              "give each workflow, rule and template its own id"));
    }
  }

  private static Violation at(String prefix, Violation v) {
    String path = v.path().startsWith("$") ? v.path().substring(1) : v.path();
    path = path.startsWith(".") ? path.substring(1) : path;
    String joined =
        path.isEmpty() ? prefix : path.startsWith("[") ? prefix + path : prefix + "." + path;
    return new Violation(joined, v.code(), v.message(), v.suggestion());
  }

  private static String closest(String name) {
    for (String known : FIELDS) {
      if (known.startsWith(name) || name.startsWith(known.substring(0, known.length() - 1))) {
        return "did you mean '" + known + "'?";
      }
    }
    return "the file holds workflows, rules and templates (docs/automation.md)";
  }
}
