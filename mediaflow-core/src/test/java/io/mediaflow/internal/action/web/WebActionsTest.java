package io.mediaflow.internal.action.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.operator.ParamSpec;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The web group's catalogue: names, parameters, outputs, test-run behaviour and error codes. */
class WebActionsTest {

  final Map<String, ActionDescriptor> byName =
      WebActions.all().stream()
          .map(Action::descriptor)
          .collect(Collectors.toMap(ActionDescriptor::name, Function.identity()));

  @Test
  void the_group_has_the_four_web_actions_each_describing_itself_in_a_test_run() {
    assertThat(byName)
        .containsOnlyKeys("download.url", "download.playlist", "download.channel", "http.request");
    assertThat(byName.values())
        .allSatisfy(
            d -> {
              assertThat(d.dryRun()).isEqualTo(DryRun.DESCRIBES_ITSELF);
              assertThat(d.description()).isNotBlank();
              assertThat(d.param("url").map(ParamSpec::required)).contains(true);
              assertThat(d.errors()).contains(ErrorCode.INVALID_VALUE, ErrorCode.CANCELLED);
            });
  }

  @Test
  void each_declares_the_outputs_it_returns_and_the_codes_it_raises() {
    assertThat(byName.get("download.url").outputs())
        .extracting(ActionOutput::name)
        .containsExactly("path", "name", "size", "contentType", "resumedFrom", "url");
    assertThat(byName.get("download.url").errors())
        .contains(
            ErrorCode.NETWORK,
            ErrorCode.ADDRESS_NOT_ALLOWED,
            ErrorCode.DESTINATION_EXISTS,
            WebActionErrors.DOWNLOAD_TOO_LARGE,
            WebActionErrors.CONTENT_TYPE_NOT_ALLOWED,
            WebActionErrors.HTTP_STATUS);
    assertThat(byName.get("http.request").outputs())
        .extracting(ActionOutput::name)
        .containsExactly("status", "ok", "headers", "body", "json", "url");
    assertThat(byName.get("http.request").errors())
        .contains(WebActionErrors.RESPONSE_TOO_LARGE, WebActionErrors.RESPONSE_NOT_JSON);
    assertThat(byName.get("download.channel").param("since")).isPresent();
    assertThat(byName.get("download.playlist").param("since")).isEmpty();
    assertThat(byName.get("download.playlist").errors())
        .contains(WebActionErrors.NO_MEDIA_SOURCE, WebActionErrors.MEDIA_SOURCE_FAILED);
  }

  @Test
  void only_a_failing_source_is_retryable_by_default() {
    assertThat(WebActionErrors.MEDIA_SOURCE_FAILED.retryable()).isTrue();
    assertThat(WebActionErrors.DOWNLOAD_TOO_LARGE.retryable()).isFalse();
    assertThat(WebActionErrors.CONTENT_TYPE_NOT_ALLOWED.retryable()).isFalse();
    assertThat(WebActionErrors.HTTP_STATUS.retryable()).isFalse();
    assertThat(WebActionErrors.NO_MEDIA_SOURCE.category())
        .isEqualTo(ErrorCode.Category.CONFIGURATION);
  }
}
