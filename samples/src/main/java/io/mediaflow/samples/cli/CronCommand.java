package io.mediaflow.samples.cli;

import io.mediaflow.SchedulePreview;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.rule.CronSyntax;
import io.mediaflow.api.rule.CronTrigger;
import io.mediaflow.api.rule.RuleErrors;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mediaflow cron EXPR [--tz ZONE] [--next N] [--syntax unix|quartz|spring]}: a cron
 * expression's description and its next fire times in its zone, as an engine would fire them
 * (daylight-saving days included).
 */
@Command(
    name = "cron",
    mixinStandardHelpOptions = true,
    description =
        "Describes a cron expression and prints its next fire times in a time zone, as a"
            + " schedule trigger fires them (daylight-saving days included).")
final class CronCommand implements Callable<Integer> {

  /** A fire time with its weekday and offset: {@code Mon 2026-12-07 09:00:00 +01:00 CET}. */
  static final DateTimeFormatter FIRE_TIME =
      DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm:ss xxx zzz", Locale.ENGLISH);

  @ParentCommand private MediaflowCli cli;

  @Parameters(
      index = "0",
      paramLabel = "EXPR",
      description = "The cron expression, quoted: '0 9 * * 1-5'.")
  private String expression;

  @Option(
      names = "--tz",
      paramLabel = "ZONE",
      defaultValue = "UTC",
      description = "The time zone its fields are read in (default: ${DEFAULT-VALUE}).")
  private String zone;

  @Option(
      names = "--next",
      paramLabel = "N",
      defaultValue = "5",
      description = "How many fire times to print, 1 to 1000 (default: ${DEFAULT-VALUE}).")
  private int count;

  @Option(
      names = "--syntax",
      paramLabel = "SYNTAX",
      defaultValue = "unix",
      description =
          "unix (5 fields), quartz (seconds, ?, L, W, #) or spring (6 fields)"
              + " (default: ${DEFAULT-VALUE}).")
  private CronSyntax syntax;

  @Option(
      names = "--after",
      paramLabel = "INSTANT",
      description = "List the fire times after this instant (2026-03-08T00:00:00Z) instead of now.")
  private String after;

  @Override
  public Integer call() {
    if (count < 1 || count > SchedulePreview.MAX_FIRE_TIMES) {
      throw new MediaFlowException(
          ErrorCode.OUT_OF_RANGE,
          "--next must be between 1 and " + SchedulePreview.MAX_FIRE_TIMES + " but was " + count,
          "pass --next 10, for instance");
    }
    ZoneId tz = zone(zone);
    Instant from = after == null ? Instant.now() : instant(after);
    SchedulePreview preview = SchedulePreview.of(CronTrigger.of(expression, syntax, tz), from);
    List<Instant> times = preview.next(from, count);
    PrintWriter out = cli.terminal().out();
    out.println(Printable.escape(preview.description()));
    if (times.isEmpty()) {
      out.println("(no fire time after " + from + ")");
    }
    for (Instant t : times) {
      out.println("  " + FIRE_TIME.format(t.atZone(tz)));
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new MediaFlowException(
          RuleErrors.UNKNOWN_ZONE,
          "--tz: unknown time zone '" + id + "'",
          "write a region id such as Europe/Berlin or America/New_York, or UTC");
    }
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new MediaFlowException(
          ErrorCode.INVALID_VALUE,
          "--after: '" + text + "' is not an instant",
          "write it in ISO-8601 with a Z, e.g. 2026-03-08T00:00:00Z");
    }
  }
}
