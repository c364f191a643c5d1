package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.rule.RuleErrors;
import io.mediaflow.api.rule.ShippedTemplate;
import io.mediaflow.api.rule.TemplateParameter;
import io.mediaflow.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flow.templates()}: the catalogue, and every way the parameters of an install can be wrong,
 * each with its code, its place and its message. Runs of the installed templates are in the samples
 * ({@code ShippedTemplatesTest}, real FFmpeg).
 */
class TemplatesTest {

  static final String URL = "https://example.com/playlist?list=PL1";

  @TempDir Path dir;
  final ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:01Z"));
  MediaFlow flow;

  @BeforeEach
  void build() {
    flow =
        MediaFlow.builder()
            .storage(new InMemoryStorage())
            .clock(clock)
            .runOnCallingThread()
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .build();
  }

  @AfterEach
  void close() {
    flow.close();
  }

  @Test
  void lists_the_three_templates_with_their_declared_parameters() {
    List<ShippedTemplate> all = flow.templates().list();

    assertThat(all)
        .extracting(ShippedTemplate::name)
        .containsExactly("auto-download-playlist", "convert-to-podcast", "archive-old-downloads");
    ShippedTemplate archive = flow.templates().get("archive-old-downloads").orElseThrow();
    assertThat(archive.category()).isEqualTo("organisation");
    assertThat(archive.parameters())
        .extracting(TemplateParameter::name)
        .containsExactly("id", "folder", "archive", "olderThanDays", "pattern", "cron");
    TemplateParameter days = archive.parameters().get(3);
    assertThat(days.type()).isEqualTo(TemplateParameter.Type.INTEGER);
    assertThat(days.defaultValue()).contains(90L);
    assertThat(days.description()).contains("days");
    assertThat(days.required()).isFalse();
    TemplateParameter url =
        flow.templates().get("auto-download-playlist").orElseThrow().parameters().get(1);
    assertThat(url.name()).isEqualTo("url");
    assertThat(url.required()).isTrue();
    assertThat(url.defaultValue()).isEmpty();
    assertThat(flow.templates().get("nope")).isEmpty();
  }

  @Test
  void install_registers_the_workflow_and_its_rule_under_the_id() {
    InstalledTemplate podcast =
        flow.templates().install("convert-to-podcast", Map.of("minDuration", "2700"));

    assertThat(podcast.template()).isEqualTo("convert-to-podcast");
    assertThat(podcast.workflow().id()).isEqualTo("convert-to-podcast");
    assertThat(podcast.rule().rule().workflowId()).contains("convert-to-podcast");
    assertThat(flow.workflows().find("convert-to-podcast")).isPresent();
    assertThat(podcast.workflow().definition())
        .contains("\"value\": 2700")
        .contains("Podcasts/{{date:YYYY-MM}}/");

    InstalledTemplate second =
        flow.templates()
            .install(
                "auto-download-playlist", Map.of("url", URL, "id", "talks", "cron", "0 */6 * * *"));
    InstalledTemplate third =
        flow.templates().install("auto-download-playlist", Map.of("url", URL + "2", "id", "music"));
    assertThat(second.rule().nextFireTime()).contains(Instant.parse("2026-01-01T06:00:00Z"));
    assertThat(third.rule().nextFireTime()).contains(Instant.parse("2026-01-02T00:00:00Z"));
    assertThat(flow.rules().list(0, 10)).hasSize(3);
  }

  @Test
  void an_unknown_template_is_refused_with_the_closest_name() {
    assertThatThrownBy(() -> flow.templates().install("convert-to-podcasts", Map.of()))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(RuleErrors.TEMPLATE_NOT_FOUND);
              assertThat(e.detail())
                  .isEqualTo(
                      "no shipped template 'convert-to-podcasts'; there are auto-download-playlist,"
                          + " convert-to-podcast, archive-old-downloads");
              assertThat(e.suggestion()).isEqualTo("did you mean 'convert-to-podcast'?");
            });
  }

  @Test
  void an_unknown_parameter_is_named_with_the_closest_one() {
    Violation v = only("convert-to-podcast", Map.of("minDurration", 10));

    assertThat(v.path()).isEqualTo("params.minDurration");
    assertThat(v.code()).isEqualTo(ErrorCode.UNKNOWN_FIELD);
    assertThat(v.message())
        .isEqualTo(
            "template 'convert-to-podcast' has no parameter 'minDurration'; it takes id, event,"
                + " minDuration, bitrate, folder");
    assertThat(v.suggestion()).isEqualTo("did you mean 'minDuration'?");
  }

  @Test
  void a_required_parameter_left_out_is_missing() {
    Violation v = only("auto-download-playlist", Map.of());

    assertThat(v.path()).isEqualTo("params.url");
    assertThat(v.code()).isEqualTo(ErrorCode.MISSING_FIELD);
    assertThat(v.message()).isEqualTo("template 'auto-download-playlist' needs 'url'");
    assertThat(v.suggestion()).startsWith("give url: the playlist's address");
  }

  @Test
  void wrong_types_are_refused() {
    Violation number = only("convert-to-podcast", Map.of("minDuration", 1.5));
    Violation text = only("convert-to-podcast", Map.of("folder", 7));

    assertThat(number.code()).isEqualTo(ErrorCode.WRONG_TYPE);
    assertThat(number.path()).isEqualTo("params.minDuration");
    assertThat(number.message()).isEqualTo("minDuration must be a whole number but was Double 1.5");
    assertThat(text.code()).isEqualTo(ErrorCode.WRONG_TYPE);
    assertThat(text.message()).isEqualTo("folder must be text but was Integer 7");
  }

  @Test
  void a_number_outside_its_range_is_out_of_range() {
    Violation v = only("convert-to-podcast", Map.of("bitrate", 1000));

    assertThat(v.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
    assertThat(v.path()).isEqualTo("params.bitrate");
    assertThat(v.message()).isEqualTo("bitrate must be between 8 and 640 but was 1000");
  }

  @Test
  void a_path_outside_the_roots_is_refused() {
    for (String bad : List.of("/srv/Podcasts", "~/Podcasts", "media/../../etc", "C:\\Podcasts")) {
      Violation v = only("convert-to-podcast", Map.of("folder", bad));
      assertThat(v.code()).as(bad).isEqualTo(ErrorCode.INVALID_VALUE);
      assertThat(v.path()).isEqualTo("params.folder");
      assertThat(v.message())
          .isEqualTo("folder '" + bad + "' is not a relative path inside the engine's folders");
      assertThat(v.suggestion()).contains("no leading / or ~, no ..");
    }
  }

  @Test
  void a_bad_url_cron_or_id_is_refused() {
    Violation url = only("auto-download-playlist", Map.of("url", "not a url"));
    Violation cron = only("auto-download-playlist", Map.of("url", URL, "cron", "61 * * * *"));
    Violation id = only("auto-download-playlist", Map.of("url", URL, "id", "my talks"));

    assertThat(url.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(url.message()).isEqualTo("url 'not a url' is not an absolute URL");
    assertThat(cron.code()).isEqualTo(RuleErrors.INVALID_CRON);
    assertThat(cron.path()).isEqualTo("params.cron");
    assertThat(cron.message())
        .isEqualTo(
            "'61 * * * *' is not a valid unix cron expression: Value 61 not in range [0, 59]");
    assertThat(id.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(id.message()).isEqualTo("id 'my talks' is not 1 to 128 of A-Z a-z 0-9 . _ -");
  }

  @Test
  void a_value_holding_a_run_time_template_is_refused() {
    Violation v = only("auto-download-playlist", Map.of("url", URL, "tag", "${trigger.title}"));

    assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(v.path()).isEqualTo("params.tag");
    assertThat(v.message())
        .isEqualTo("tag '${trigger.title}' holds a template; a parameter is a plain value");
  }

  @Test
  void an_archive_inside_the_folder_it_empties_is_refused() {
    Violation v = only("archive-old-downloads", Map.of("folder", "media", "archive", "media/old/"));

    assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(v.path()).isEqualTo("params.archive");
    assertThat(v.message())
        .isEqualTo("archive 'media/old' and folder 'media' overlap: one is inside the other");
  }

  @Test
  void an_id_taken_already_is_a_duplicate() {
    flow.templates().install("archive-old-downloads", Map.of());

    Violation v = only("archive-old-downloads", Map.of());

    assertThat(v.code()).isEqualTo(ErrorCode.DUPLICATE_ID);
    assertThat(v.path()).isEqualTo("params.id");
    assertThat(v.message())
        .isEqualTo("a workflow or rule 'archive-old-downloads' is registered already");
    assertThat(v.suggestion()).contains("\"id\": \"archive-old-downloads-2\"");
  }

  @Test
  void every_problem_is_reported_at_once_and_nothing_is_registered() {
    assertThatThrownBy(
            () ->
                flow.templates()
                    .install(
                        "auto-download-playlist",
                        Map.of("limit", 0, "directory", "/tmp", "colour", "red")))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::path)
                    .containsExactlyInAnyOrder(
                        "params.colour", "params.url", "params.directory", "params.limit"));
    assertThat(flow.workflows().list(0, 10)).isEmpty();
    assertThat(flow.rules().list(0, 10)).isEmpty();
  }

  @Test
  void validate_answers_without_registering() {
    assertThat(flow.templates().validate("archive-old-downloads", Map.of("olderThanDays", 30)))
        .isEmpty();
    assertThat(flow.templates().validate("archive-old-downloads", Map.of("olderThanDays", -1)))
        .extracting(Violation::code)
        .containsExactly(ErrorCode.OUT_OF_RANGE);
    assertThat(flow.workflows().list(0, 10)).isEmpty();
  }

  private Violation only(String template, Map<String, ?> params) {
    List<Violation> found = flow.templates().validate(template, params);
    assertThat(found).as(found.toString()).hasSize(1);
    Optional<Violation> thrown = Optional.empty();
    try {
      flow.templates().install(template, params);
    } catch (ValidationException e) {
      thrown = Optional.of(e.violations().get(0));
    }
    assertThat(thrown).as("install refuses what validate reports").contains(found.get(0));
    return found.get(0);
  }
}
