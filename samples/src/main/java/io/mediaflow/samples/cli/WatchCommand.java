package io.mediaflow.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.JobSpecJson;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mediaflow watch DIR --spec job.json}: a watched-folder transcode. One rule with a file
 * trigger on DIR runs the job spec ({@code media.process}) for each file that arrives complete; the
 * spec's sources and destinations may use templates ({@code file:in/{{trigger.file.name}}}) and
 * resolve against the spec's folder. It runs like {@code automate} until Ctrl-C.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description =
        "Runs a job spec for each file that arrives complete in DIR, until Ctrl-C; the spec may"
            + " use {{trigger.file.name}} and the other templates, and its paths resolve against"
            + " its folder.")
final class WatchCommand implements Callable<Integer> {

  /** The id of the rule the command registers. */
  static final String RULE_ID = "watch";

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  // where the rule's parts came from; no key is a prefix of another
  private static final Map<String, String> PLACES =
      Map.of(
          "rule.actions[0].params.spec", "spec",
          "rule.actions[0].spec", "spec",
          "rule.trigger.path", "DIR",
          "rule.trigger.glob", "--glob",
          "rule.trigger.debounce", "--debounce",
          "rule.trigger.recursive", "--recursive");

  @ParentCommand private MediaflowCli cli;

  @Parameters(index = "0", paramLabel = "DIR", description = "The folder to watch.")
  private Path dir;

  @Option(
      names = "--spec",
      required = true,
      paramLabel = "FILE",
      description = "The job spec (JSON) run for each file.")
  private Path spec;

  @Option(
      names = "--glob",
      paramLabel = "GLOB",
      defaultValue = "*",
      description = "The files taken, by name (default: ${DEFAULT-VALUE}).")
  private String glob;

  @Option(names = "--recursive", description = "Also take files in sub-folders.")
  private boolean recursive;

  @Option(
      names = "--debounce",
      paramLabel = "DURATION",
      defaultValue = "PT5S",
      description =
          "How long a file's size and time must stay the same before it runs (default:"
              + " ${DEFAULT-VALUE}).")
  private String debounce;

  @Option(
      names = "--store",
      paramLabel = "STORE",
      defaultValue = "memory",
      description =
          "h2:PATH (handled files are remembered across restarts) or memory (default:"
              + " ${DEFAULT-VALUE}).")
  private String store;

  @Override
  public Integer call() {
    Path folder = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(folder)) {
      throw new ValidationException(
          new Violation(
              "DIR",
              ErrorCode.INVALID_VALUE,
              "'" + Printable.escape(dir.toString()) + "' is not a folder",
              "give an existing folder to watch"));
    }
    JsonNode job = AutomationFile.parse(spec); // its JSON, before opening a store
    checkShape(job);
    AutomationFile.Entry rule = new AutomationFile.Entry(RULE_ID, rule(folder, job), "rule");
    Path specFolder = spec.toAbsolutePath().normalize().getParent();
    return AutomateCommand.serve(
        new AutomationFile(List.of(), List.of(rule), List.of()),
        WatchCommand::place,
        store,
        storage ->
            AutomateCommand.engine(cli.toolbox(), storage, specFolder, List.of(folder), false),
        cli.terminal().out());
  }

  /**
   * Checks the spec's shape now rather than when the first file arrives: unknown, missing or
   * mistyped fields are refused at their JSON paths. A template inside text stands for text here (a
   * file's name), as it will when a file fills it in. A template alone keeps its value's type at
   * run time ({@code "crf": "${trigger.file.size}"} gives a number), so what is found at its path
   * is left to the run.
   */
  private static void checkShape(JsonNode job) {
    Map<String, String> templated = new HashMap<>();
    JsonNode filled = fill(job, "", templated);
    try {
      JobSpecJson.parse(filled.toString());
    } catch (ValidationException e) {
      List<Violation> left = new ArrayList<>();
      for (Violation v : e.violations()) {
        String text = templated.get(v.path());
        if (text == null) {
          left.add(at("spec." + v.path(), v, v.message()));
        } else if (!TEMPLATE.matcher(text).matches()) {
          String written = "; the spec has \"" + Printable.escape(text) + "\", which gives text";
          left.add(at("spec." + v.path(), v, v.message() + written));
        }
      }
      ValidationException.throwIfAny(left);
    }
  }

  private static Violation at(String path, Violation v, String message) {
    return new Violation(path, v.code(), message, v.suggestion());
  }

  /**
   * A copy of {@code node} whose templates are text; each string with a template goes into {@code
   * templated} at its path.
   */
  private static JsonNode fill(JsonNode node, String path, Map<String, String> templated) {
    if (node.isTextual()) {
      String text = node.textValue();
      if (!TEMPLATE.matcher(text).find()) {
        return node;
      }
      templated.put(path, text);
      return JSON.getNodeFactory().textNode(TEMPLATE.matcher(text).replaceAll("x"));
    }
    if (node.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      node.properties()
          .forEach(
              e ->
                  copy.set(
                      e.getKey(),
                      fill(
                          e.getValue(),
                          path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                          templated)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JSON.createArrayNode();
      for (int i = 0; i < node.size(); i++) {
        copy.add(fill(node.get(i), path + "[" + i + "]", templated));
      }
      return copy;
    }
    return node;
  }

  /** A template: {@code {{...}}} or {@code ${...}}. */
  private static final java.util.regex.Pattern TEMPLATE =
      java.util.regex.Pattern.compile("\\{\\{[^}\"]*}}|\\$\\{[^}\"]*}");

  private String rule(Path folder, JsonNode job) {
    ObjectNode rule = JSON.createObjectNode().put("id", RULE_ID);
    rule.putObject("trigger")
        .put("type", "file")
        .put("path", folder.toString())
        .put("glob", glob)
        .put("recursive", recursive)
        .put("debounce", debounce);
    rule.putArray("actions").addObject().put("type", "media.process").set("spec", job);
    return rule.toString();
  }

  /**
   * A problem of the rule the command built, at the option or the spec's JSON path it came from.
   */
  private static Violation place(Violation v) {
    String path = v.path();
    for (Map.Entry<String, String> e : PLACES.entrySet()) {
      if (path.startsWith(e.getKey())) {
        path = e.getValue() + path.substring(e.getKey().length());
        break;
      }
    }
    return new Violation(path, v.code(), v.message(), v.suggestion());
  }
}
