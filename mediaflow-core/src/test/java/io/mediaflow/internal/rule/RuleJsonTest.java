package io.mediaflow.internal.rule;

import static io.mediaflow.internal.rule.RuleFixtures.q;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.condition.And;
import io.mediaflow.api.condition.Comparison;
import io.mediaflow.api.condition.Condition;
import io.mediaflow.api.condition.Operator;
import io.mediaflow.api.condition.Value;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.rule.CronSyntax;
import io.mediaflow.api.rule.CronTrigger;
import io.mediaflow.api.rule.EventTrigger;
import io.mediaflow.api.rule.IntervalTrigger;
import io.mediaflow.api.rule.LogLevel;
import io.mediaflow.api.rule.MisfirePolicy;
import io.mediaflow.api.rule.OnceTrigger;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.rule.RuleSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reading the rule JSON form: defaults, every trigger kind, round trips and the spec's examples.
 */
class RuleJsonTest {

  private final RuleJson json = RuleFixtures.json();

  static Stream<Rule> rules() {
    Condition big =
        new Comparison(Value.ref("trigger", "size"), Operator.GT, Value.of(1000), false);
    return Stream.of(
        Rule.builder("minimal")
            .onEvent("download.completed")
            .action("media.convert", Map.of())
            .build(),
        Rule.builder("nightly-archive")
            .name("Archive old downloads")
            .description("moves last week's downloads")
            .enabled(false)
            .trigger(
                new CronTrigger(
                    "0 0 3 ? * MON-FRI",
                    CronSyntax.QUARTZ,
                    ZoneId.of("Europe/Paris"),
                    MisfirePolicy.CATCH_UP,
                    Duration.ofMinutes(90)))
            .action("media.move", Map.of("source", "${trigger.path}", "destination", "archive/"))
            .action("notify.webhook", Map.of("url", "https://example.test/hook", "retries", 3))
            .settings(
                RuleSettings.DEFAULTS
                    .withPriority(8)
                    .withConcurrency(3, OverlapPolicy.BUFFER_ALL)
                    .withTimeout(Duration.ofMinutes(10))
                    .withRetry(
                        RetryPolicy.builder()
                            .maxAttempts(5)
                            .exponential(Duration.ofSeconds(2), 3)
                            .build())
                    .withLogLevel(LogLevel.DEBUG))
            .build(),
        Rule.builder("every-5m")
            .trigger(
                new IntervalTrigger(
                    Duration.ofMinutes(5),
                    Optional.of(Instant.parse("2026-12-01T00:00:00Z")),
                    MisfirePolicy.SKIP,
                    Duration.ZERO))
            .workflow("sync")
            .input("folder", "/media/in")
            .input("depth", 2)
            .input("tags", List.of("a", "b"))
            .build(),
        Rule.builder("christmas")
            .trigger(OnceTrigger.at(Instant.parse("2026-12-24T18:00:00Z")))
            .workflow("greet")
            .build(),
        Rule.builder("big-podcasts")
            .trigger(EventTrigger.on("media.**"))
            .condition(new And(List.of(big, big)))
            .action("media.convert", Map.of("type", "audio", "params", Map.of("x", true)))
            .settings(RuleSettings.DEFAULTS.withConcurrency(1, OverlapPolicy.CANCEL_OTHER))
            .build(),
        Rule.builder("interval-ns")
            .trigger(IntervalTrigger.every(Duration.ofSeconds(90).plusNanos(5)))
            .workflow("w")
            .build());
  }

  @ParameterizedTest
  @MethodSource("rules")
  void a_written_rule_reads_back_equal(Rule rule) {
    String text = RuleJson.write(rule);

    assertThat(json.validate(text)).as(text).isEmpty();
    assertThat(json.parse(text)).as(text).isEqualTo(rule);
    assertThat(RuleJson.write(json.parse(text))).isEqualTo(text);
  }

  @Test
  void a_short_rule_gets_every_default() {
    Rule rule =
        json.parse(
            q(
                "{'id':'r','trigger':{'type':'schedule','cron':'0 */6 * * *'},"
                    + "'actions':[{'type':'media.convert'}]}"));

    assertThat(rule.enabled()).isTrue();
    assertThat(rule.name()).isEmpty();
    assertThat(rule.trigger())
        .isEqualTo(
            new CronTrigger(
                "0 */6 * * *",
                CronSyntax.UNIX,
                ZoneId.of("UTC"),
                MisfirePolicy.FIRE_ONCE,
                Duration.ofHours(1)));
    assertThat(rule.settings()).isEqualTo(RuleSettings.DEFAULTS);
    assertThat(rule.condition()).isEmpty();
    assertThat(rule.workflowId()).isEmpty();
  }

  @Test
  void the_briefs_full_cron_form_reads() {
    Rule rule =
        json.parse(
            q(
                "{'id':'r','name':'n','description':'d','enabled':true,"
                    + "'trigger':{'type':'schedule','cron':'0 */6 * * *','syntax':'unix',"
                    + "'timezone':'Europe/Paris','misfire':'fire_once','catchUpWindow':'PT1H'},"
                    + "'workflow':'wf','inputs':{'quality':'best'},"
                    + "'settings':{'priority':5,'maxConcurrent':1,'overlap':'skip','timeout':300,"
                    + "'retryPolicy':{'maxAttempts':3},'logLevel':'info'}}"));

    assertThat(rule.trigger())
        .isEqualTo(CronTrigger.of("0 */6 * * *", CronSyntax.UNIX, ZoneId.of("Europe/Paris")));
    assertThat(rule.workflowId()).contains("wf");
    assertThat(rule.inputs()).containsEntry("quality", "best");
    assertThat(rule.settings().timeout()).contains(Duration.ofMinutes(5));
    assertThat(rule.settings().retry()).map(RetryPolicy::maxAttempts).contains(3);
  }

  @Test
  void durations_read_as_seconds_iso_or_short_text() {
    for (String interval : List.of("300", "'PT5M'", "'5m'", "'300s'")) {
      Rule rule =
          json.parse(
              q(
                  "{'id':'r','trigger':{'type':'schedule','interval':"
                      + interval
                      + "},'workflow':'w'}"));

      assertThat(((IntervalTrigger) rule.trigger()).every())
          .as(interval)
          .isEqualTo(Duration.ofMinutes(5));
    }
  }

  @Test
  void an_instant_with_an_offset_reads_as_its_utc_instant() {
    Rule rule =
        json.parse(
            q(
                "{'id':'r','trigger':{'type':'schedule','at':'2026-12-24T19:00:00+01:00'},'workflow':'w'}"));

    assertThat(((OnceTrigger) rule.trigger()).at())
        .isEqualTo(Instant.parse("2026-12-24T18:00:00Z"));
  }

  @Test
  void action_parameters_sit_beside_the_type_in_document_order() {
    Rule rule =
        json.parse(
            q(
                "{'id':'r','trigger':{'type':'event','event':'download.completed'},"
                    + "'actions':[{'type':'media.convert','outputFormat':'mp3','bitrate':192,"
                    + "'audioOnly':true}]}"));

    assertThat(rule.actions().get(0).params())
        .containsExactly(
            Map.entry("outputFormat", "mp3"),
            Map.entry("bitrate", 192),
            Map.entry("audioOnly", true));
  }

  /** The specification's two example rules (§2.2), given an id, as JSON. */
  @Test
  void the_specifications_example_rules_read() {
    Rule favourites =
        json.parse(
            q(
                "{'id':'favorite-channels',"
                    + "'trigger':{'type':'schedule','cron':'0 */6 * * *'},"
                    + "'condition':{'type':'and','conditions':["
                    + "{'type':'comparison','left':{'source':'channel','path':'isFavorite'},"
                    + "'operator':'eq','right':{'value':true}},"
                    + "{'type':'comparison','left':{'source':'video','path':'publishedAt'},"
                    + "'operator':'gt','right':{'value':'lastCheckTime'}}]},"
                    + "'actions':["
                    + "{'type':'download','quality':'best','format':'mp4'},"
                    + "{'type':'tag','tags':['auto-downloaded']},"
                    + "{'type':'notify','message':'New video downloaded: {{title}}'}]}"));
    Rule podcasts =
        json.parse(
            q(
                "{'id':'podcasts',"
                    + "'trigger':{'type':'event','event':'download.completed'},"
                    + "'condition':{'type':'and','conditions':["
                    + "{'type':'comparison','left':{'source':'media','path':'duration'},"
                    + "'operator':'gt','right':{'value':1800}},"
                    + "{'type':'regex','field':{'source':'media','path':'title'},"
                    + "'pattern':'podcast|interview|talk','flags':'i'}]},"
                    + "'actions':["
                    + "{'type':'convert','outputFormat':'mp3','audioOnly':true,'bitrate':192},"
                    + "{'type':'move','destination':'~/Podcasts/{{date:YYYY-MM}}/'}]}"));

    assertThat(favourites.trigger()).isEqualTo(CronTrigger.unix("0 */6 * * *"));
    assertThat(favourites.condition()).containsInstanceOf(And.class);
    assertThat(favourites.actions())
        .extracting(a -> a.type())
        .containsExactly("download", "tag", "notify");
    assertThat(podcasts.trigger()).isEqualTo(EventTrigger.on("download.completed"));
    assertThat(podcasts.actions().get(0).params()).containsEntry("bitrate", 192);
    assertThat(json.parse(RuleJson.write(podcasts))).isEqualTo(podcasts);
    assertThat(json.parse(RuleJson.write(favourites))).isEqualTo(favourites);
  }

  @Test
  void the_example_rules_of_the_docs_read() throws Exception {
    for (java.nio.file.Path file : RuleSchemaTest.examples().toList()) {
      String text = java.nio.file.Files.readString(file);
      assertThat(json.validate(text)).as(file.toString()).isEmpty();
    }
  }
}
