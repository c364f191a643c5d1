package io.mediaflow.internal.rule.schedule;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.rule.CronSyntax;
import io.mediaflow.api.rule.CronTrigger;
import io.mediaflow.api.rule.IntervalTrigger;
import io.mediaflow.api.rule.OnceTrigger;
import io.mediaflow.api.rule.RuleErrors;
import io.mediaflow.api.rule.ScheduleTrigger;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Compiles schedule triggers into their {@link FireTimes} (cron through cron-utils). */
public final class Schedules {

  /** One parser per syntax: cron-utils' parsers keep no state between expressions. */
  private static final Map<CronSyntax, CronParser> PARSERS = parsers();

  private Schedules() {}

  /**
   * The slots of {@code trigger}.
   *
   * @param registeredAt where an interval trigger without an anchor starts its grid
   * @throws io.mediaflow.api.MediaFlowException {@code INVALID_CRON} for an expression its syntax
   *     does not read, with the reason
   */
  public static FireTimes compile(ScheduleTrigger trigger, Instant registeredAt) {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(registeredAt, "registeredAt");
    if (trigger instanceof CronTrigger cron) {
      return cron(cron.expression(), cron.syntax(), cron.zone());
    }
    if (trigger instanceof IntervalTrigger interval) {
      return new IntervalFireTimes(
          interval.anchor().orElse(registeredAt), interval.every(), interval.anchor().isPresent());
    }
    return new OnceFireTimes(((OnceTrigger) trigger).at());
  }

  /**
   * The slots of a cron expression in a zone.
   *
   * @throws io.mediaflow.api.MediaFlowException {@code INVALID_CRON} when {@code syntax} does not
   *     read it
   */
  static FireTimes cron(String expression, CronSyntax syntax, ZoneId zone) {
    Cron cron = parse(expression, syntax);
    return new CronFireTimes(
        ExecutionTime.forCron(cron),
        zone,
        () -> CronDescriptor.instance(Locale.ENGLISH).describe(cron));
  }

  /** Why {@code expression} is not a valid cron expression of {@code syntax}; empty when it is. */
  public static Optional<String> problem(String expression, CronSyntax syntax) {
    Objects.requireNonNull(expression, "expression");
    try {
      PARSERS.get(syntax).parse(expression.trim()).validate();
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(reason(e));
    }
  }

  private static Cron parse(String expression, CronSyntax syntax) {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(syntax, "syntax");
    try {
      return PARSERS.get(syntax).parse(expression.trim()).validate();
    } catch (IllegalArgumentException e) {
      throw new MediaFlowException(
          RuleErrors.INVALID_CRON,
          "'"
              + expression
              + "' is not a valid "
              + syntax.name().toLowerCase(Locale.ROOT)
              + " cron expression: "
              + reason(e),
          example(syntax));
    }
  }

  /** cron-utils' message without its generic preamble. */
  private static String reason(IllegalArgumentException e) {
    String message = e.getMessage() == null ? "unreadable" : e.getMessage();
    return message.replace("Failed to parse cron expression. ", "").trim();
  }

  /** What a valid expression of {@code syntax} looks like: the suggestion of INVALID_CRON. */
  static String example(CronSyntax syntax) {
    return switch (syntax) {
      case UNIX ->
          "write five fields: minute hour day-of-month month day-of-week,"
              + " e.g. '0 9 * * 1-5' (09:00 on weekdays)";
      case QUARTZ ->
          "write six or seven fields: second minute hour day-of-month month"
              + " day-of-week [year], with '?' in one day field, e.g. '0 0 12 ? * MON-FRI'"
              + " or '0 0 12 L * ?' (noon on the last day of the month)";
      case SPRING ->
          "write six fields: second minute hour day-of-month month day-of-week,"
              + " e.g. '0 0 9 * * MON-FRI' (09:00 on weekdays)";
    };
  }

  private static Map<CronSyntax, CronParser> parsers() {
    Map<CronSyntax, CronParser> parsers = new EnumMap<>(CronSyntax.class);
    parsers.put(CronSyntax.UNIX, parser(CronType.UNIX));
    parsers.put(CronSyntax.QUARTZ, parser(CronType.QUARTZ));
    parsers.put(CronSyntax.SPRING, parser(CronType.SPRING));
    return parsers;
  }

  private static CronParser parser(CronType type) {
    return new CronParser(CronDefinitionBuilder.instanceDefinitionFor(type));
  }
}
