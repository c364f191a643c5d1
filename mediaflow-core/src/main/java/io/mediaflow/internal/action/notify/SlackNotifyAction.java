package io.mediaflow.internal.action.notify;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionHttp;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code notify.slack}: posts a message to a Slack incoming webhook ({@code {"text": ...}} and
 * optionally Block Kit {@code blocks}) through the SSRF-guarded client. The webhook's URL is its
 * secret, so summaries and errors show its host only.
 */
public final class SlackNotifyAction implements Action {

  static final String NAME = "notify.slack";

  /** Slack's own limit for the text of one message is 40,000 characters. */
  static final int MAX_TEXT = 40_000;

  private static final ActionDescriptor DESCRIPTOR =
      ActionDescriptor.builder(NAME)
          .description("Posts a message to a Slack incoming webhook")
          .category("notify")
          .param(
              ParamSpec.builder("url", ParamType.STRING)
                  .required()
                  .description("the incoming webhook's address; a secret, never shown whole")
                  .build())
          .param(
              ParamSpec.builder("text", ParamType.STRING)
                  .required()
                  .check(
                      v ->
                          v.toString().isBlank()
                              ? java.util.Optional.of("the text must not be blank")
                              : v.toString().length() > MAX_TEXT
                                  ? java.util.Optional.of(
                                      "the text is longer than Slack's " + MAX_TEXT + " characters")
                                  : java.util.Optional.empty())
                  .description("the message; Slack's mrkdwn formatting applies")
                  .build())
          .param(
              ParamSpec.builder("blocks", ParamType.ARRAY)
                  .description("Block Kit blocks; the text is then the notification's fallback")
                  .build())
          .param(
              ParamSpec.builder("timeout", ParamType.DURATION)
                  .defaultValue("30s")
                  .range(1, 300)
                  .description("for the whole exchange")
                  .build())
          .output(ActionOutput.of("status", "Slack's HTTP status", 200))
          .dryRun(DryRun.DESCRIBES_ITSELF)
          .error(NotifyErrors.NOTIFY_URL_INVALID)
          .error(NotifyErrors.NOTIFY_SLACK_REJECTED)
          .error(ErrorCode.ADDRESS_NOT_ALLOWED)
          .error(ErrorCode.NETWORK)
          .build();

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Violation> validate(Params params, ValidationContext ctx) {
    List<Violation> problems = new ArrayList<>();
    params
        .optString("url")
        .flatMap(NotifyPost::urlProblem)
        .ifPresent(
            p ->
                problems.add(
                    ctx.violation("url", NotifyErrors.NOTIFY_URL_INVALID, "the url " + p)));
    return problems;
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    URI uri = NotifyPost.uri(NAME, params.getString("url"));
    String shown = NotifyPost.hostOnly(uri);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("text", params.getString("text"));
    params.get("blocks").ifPresent(b -> message.put("blocks", b));
    byte[] body = NotifyPost.json(message);
    if (ctx.dryRun()) {
      return ActionResult.of(Map.of("status", 0))
          .withSummary(
              "test run: would post a "
                  + params.getString("text").length()
                  + "-character message to "
                  + shown);
    }
    Duration timeout = params.getDuration("timeout").toDuration();
    Integer status =
        ctx.step(
            "post",
            Integer.class,
            () -> {
              ActionHttp.Response r = NotifyPost.post(ctx, uri, shown, Map.of(), body, timeout);
              if (r.status() < 200 || r.status() > 299) {
                throw NotifyPost.rejected(NotifyErrors.NOTIFY_SLACK_REJECTED, NAME, shown, r);
              }
              return r.status();
            });
    return ActionResult.of(Map.of("status", status))
        .withSummary("posted to Slack (" + shown + "): HTTP " + status);
  }
}
