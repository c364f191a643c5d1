package io.mediaflow.internal.rule;

import static io.mediaflow.internal.spec.JsonPaths.field;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.rule.CronSyntax;
import io.mediaflow.api.rule.CronTrigger;
import io.mediaflow.api.rule.EventTrigger;
import io.mediaflow.api.rule.IntervalTrigger;
import io.mediaflow.api.rule.MisfirePolicy;
import io.mediaflow.api.rule.OnceTrigger;
import io.mediaflow.api.rule.RuleErrors;
import io.mediaflow.api.rule.ScheduleTrigger;
import io.mediaflow.api.rule.Trigger;
import io.mediaflow.internal.Suggestions;
import io.mediaflow.internal.spec.JsonValues;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Reads a rule's {@code trigger}: {@code {"type": "schedule"}} with exactly one of {@code cron},
 * {@code interval} and {@code at}, {@code {"type": "event", "event": pattern}}, or {@code {"type":
 * "file", "path": folder}} ({@link FileTriggerReader}). Each field a kind does not hold is an
 * unknown field of that kind ({@code timezone} in an interval schedule).
 */
final class TriggerReader {

  private static final List<String> TYPES = List.of("schedule", "event", "file");
  private static final List<String> SCHEDULES = List.of("cron", "interval", "at");

  private final RuleValues values;
  private final BiFunction<String, CronSyntax, Optional<String>> cronProblem;
  private final FileTriggerReader files;

  TriggerReader(
      RuleValues values,
      BiFunction<String, CronSyntax, Optional<String>> cronProblem,
      BiFunction<String, String, List<Violation>> folderProblems) {
    this.values = values;
    this.cronProblem = cronProblem;
    this.files = new FileTriggerReader(values, folderProblems);
  }

  /** The trigger at {@code path}; null (with its problems added) when it cannot be read. */
  Trigger read(JsonNode node, String path) {
    if (!values.json.object(
        node, path, "a trigger such as {\"type\": \"event\", \"event\": \"download.completed\"}")) {
      return null;
    }
    String type =
        values.json.requiredString(
            node, path, "type", "the trigger's type: schedule, event or file");
    if (type == null) {
      return null;
    }
    if (type.equals("event")) {
      values.checkFields(node, path, RuleObject.EVENT);
      return event(node, path);
    }
    if (type.equals("schedule")) {
      return schedule(node, path);
    }
    if (type.equals("file")) {
      values.checkFields(node, path, RuleObject.FILE);
      return files.read(node, path);
    }
    values.violations.add(
        new Violation(
            field(path, "type"),
            ErrorCode.INVALID_VALUE,
            "\""
                + JsonValues.abbreviate(type)
                + "\" is not a trigger type; expected one of "
                + String.join(", ", TYPES),
            Suggestions.didYouMean(type, TYPES)
                .orElse("a cron, interval or one-time trigger is a \"schedule\"")));
    return null;
  }

  private EventTrigger event(JsonNode node, String path) {
    String pattern =
        values.json.requiredString(
            node, path, "event", "an event type or pattern such as \"download.completed\"");
    if (pattern == null) {
      return null;
    }
    try {
      return EventTrigger.on(pattern);
    } catch (IllegalArgumentException e) {
      values.violations.add(
          new Violation(
              field(path, "event"),
              ErrorCode.INVALID_VALUE,
              e.getMessage(),
              "write a type such as \"download.completed\" or a pattern such as \"job.*\" or"
                  + " \"media.**\""));
      return null;
    }
  }

  private ScheduleTrigger schedule(JsonNode node, String path) {
    List<String> kinds = new ArrayList<>();
    for (String k : SCHEDULES) {
      if (!JsonValues.absent(node.get(k))) {
        kinds.add(k);
      }
    }
    if (kinds.isEmpty()) {
      values.violations.add(
          new Violation(
              path,
              ErrorCode.MISSING_FIELD,
              "a schedule trigger needs one of \"cron\", \"interval\" and \"at\"",
              "add \"cron\": \"0 3 * * *\", \"interval\": \"PT5M\" or \"at\":"
                  + " \"2026-12-24T08:30:00Z\""));
      return null;
    }
    if (kinds.size() > 1) {
      values.violations.add(
          new Violation(
              field(path, kinds.get(1)),
              ErrorCode.INVALID_VALUE,
              "a schedule trigger has one of \"cron\", \"interval\" and \"at\", but this one has "
                  + String.join(" and ", kinds),
              "keep one; two schedules are two rules"));
      return null;
    }
    String kind = kinds.get(0);
    RuleObject object =
        switch (kind) {
          case "cron" -> RuleObject.CRON;
          case "interval" -> RuleObject.INTERVAL;
          default -> RuleObject.ONCE;
        };
    values.checkFields(node, path, object);
    int before = values.violations.size();
    MisfirePolicy misfire =
        values.constant(
            node,
            path,
            "misfire",
            MisfirePolicy.class,
            MisfirePolicy.FIRE_ONCE,
            "a misfire policy");
    Duration window =
        values.duration(
            node, path, "catchUpWindow", Duration.ZERO, ScheduleTrigger.DEFAULT_CATCH_UP_WINDOW);
    ScheduleTrigger trigger =
        switch (kind) {
          case "cron" -> cron(node, path, misfire, window);
          case "interval" -> interval(node, path, misfire, window);
          default -> once(node, path, misfire, window);
        };
    return hasDamage(before) ? null : trigger;
  }

  private CronTrigger cron(JsonNode node, String path, MisfirePolicy misfire, Duration window) {
    String expression =
        values.json.requiredString(node, path, "cron", "a cron expression such as \"0 3 * * *\"");
    CronSyntax syntax =
        values.constant(node, path, "syntax", CronSyntax.class, CronSyntax.UNIX, "a cron syntax");
    ZoneId zone = zone(node, path);
    if (expression == null || syntax == null || zone == null) {
      return null;
    }
    Optional<String> problem = cronProblem.apply(expression, syntax);
    if (problem.isPresent()) {
      values.violations.add(
          new Violation(
              field(path, "cron"),
              RuleErrors.INVALID_CRON,
              "\""
                  + JsonValues.abbreviate(expression)
                  + "\" is not a valid "
                  + RuleValues.jsonName(syntax)
                  + " cron expression: "
                  + problem.get(),
              syntax == CronSyntax.UNIX
                  ? "write five fields: minute hour day-of-month month day-of-week (\"0 3 * * *\"),"
                      + " or set \"syntax\": \"quartz\" for six or seven fields"
                  : "check the expression with: mediaflow cron \""
                      + JsonValues.abbreviate(expression)
                      + "\" --syntax "
                      + RuleValues.jsonName(syntax)));
      return null;
    }
    if (misfire == null || window == null) {
      return null;
    }
    return new CronTrigger(expression, syntax, zone, misfire, window);
  }

  private ZoneId zone(JsonNode node, String path) {
    JsonNode zoneNode = node.get("timezone");
    if (JsonValues.absent(zoneNode)) {
      return ZoneId.of("UTC");
    }
    String where = field(path, "timezone");
    if (!zoneNode.isTextual()) {
      values.json.wrongType(where, "a time zone id such as \"Europe/Paris\"", zoneNode);
      return null;
    }
    String id = zoneNode.textValue();
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      values.violations.add(
          new Violation(
              where,
              RuleErrors.UNKNOWN_ZONE,
              "\"" + JsonValues.abbreviate(id) + "\" is not a time zone this Java knows",
              Suggestions.didYouMean(id, ZoneId.getAvailableZoneIds())
                  .orElse("write a region id such as \"Europe/Paris\", or \"UTC\"")));
      return null;
    }
  }

  private IntervalTrigger interval(
      JsonNode node, String path, MisfirePolicy misfire, Duration window) {
    Duration every = values.duration(node, path, "interval", Duration.ofSeconds(1), null);
    Instant anchor = values.instant(node, path, "startAt", false);
    if (every == null || misfire == null || window == null) {
      return null;
    }
    return new IntervalTrigger(every, Optional.ofNullable(anchor), misfire, window);
  }

  private OnceTrigger once(JsonNode node, String path, MisfirePolicy misfire, Duration window) {
    Instant at = values.instant(node, path, "at", true);
    if (at == null || misfire == null || window == null) {
      return null;
    }
    return new OnceTrigger(at, misfire, window);
  }

  private boolean hasDamage(int before) {
    for (int i = before; i < values.violations.size(); i++) {
      if (values.violations.get(i).code() != ErrorCode.UNKNOWN_FIELD) {
        return true;
      }
    }
    return false;
  }
}
