package io.mediaflow.internal.action.notify;

import io.mediaflow.SmtpSettings;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code notify.email}: one message through the host's SMTP server ({@link SmtpSettings}), sent
 * with Jakarta Mail. The mail library is an optional dependency of mediaflow: without it on the
 * class path the action fails with {@code NOTIFY_EMAIL_LIBRARY_MISSING}, saying what to add.
 */
public final class EmailNotifyAction implements Action {

  static final String NAME = "notify.email";

  /** What to add, for messages and docs. */
  static final String LIBRARY =
      "org.eclipse.angus:angus-mail (with jakarta.mail:jakarta.mail-api; on the module path,"
          + " also 'requires jakarta.mail')";

  /** A class of the mail API, looked for before {@link SmtpMail} is loaded. */
  static final String PROBE_CLASS = "jakarta.mail.Session";

  private static final int MAX_SUBJECT = 998; // RFC 5322's longest line

  private static final ActionDescriptor DESCRIPTOR =
      ActionDescriptor.builder(NAME)
          .description("Sends an e-mail through the host's SMTP server")
          .category("notify")
          .param(
              ParamSpec.builder("to", ParamType.STRING)
                  .required()
                  .description("recipients: a@example.com, Ann <b@example.com>")
                  .build())
          .param(ParamSpec.builder("cc", ParamType.STRING).description("copy recipients").build())
          .param(
              ParamSpec.builder("bcc", ParamType.STRING)
                  .description("blind copy recipients")
                  .build())
          .param(
              ParamSpec.builder("subject", ParamType.STRING)
                  .required()
                  .check(
                      v ->
                          v.toString().chars().anyMatch(c -> c == '\r' || c == '\n')
                              ? Optional.of("the subject must be one line")
                              : v.toString().length() > MAX_SUBJECT
                                  ? Optional.of(
                                      "the subject is longer than " + MAX_SUBJECT + " characters")
                                  : Optional.empty())
                  .description("one line")
                  .build())
          .param(
              ParamSpec.builder("body", ParamType.STRING)
                  .required()
                  .description("the text")
                  .build())
          .param(
              ParamSpec.builder("html", ParamType.BOOL)
                  .defaultValue(false)
                  .description("whether the body is HTML rather than plain text")
                  .build())
          .param(
              ParamSpec.builder("from", ParamType.STRING)
                  .description("the sender; default the SmtpSettings' from")
                  .build())
          .output(ActionOutput.of("messageId", "the message's Message-ID", "<placeholder@local>"))
          .output(ActionOutput.of("recipients", "how many addresses it went to", 1))
          .dryRun(DryRun.DESCRIBES_ITSELF)
          .error(NotifyErrors.NOTIFY_EMAIL_LIBRARY_MISSING)
          .error(NotifyErrors.NOTIFY_EMAIL_NOT_CONFIGURED)
          .error(NotifyErrors.NOTIFY_EMAIL_ADDRESS_INVALID)
          .error(NotifyErrors.NOTIFY_EMAIL_SEND_FAILED)
          .build();

  private final ClassLoader loader;

  /** The action as registered: it looks for the mail library with its own class loader. */
  public EmailNotifyAction() {
    this(EmailNotifyAction.class.getClassLoader());
  }

  /** The action looking for the mail library through {@code loader} (tests hide it so). */
  EmailNotifyAction(ClassLoader loader) {
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    if (!libraryPresent()) {
      throw libraryMissing("it is not on the class path");
    }
    SmtpSettings smtp =
        ctx.service(SmtpSettings.class)
            .orElseThrow(
                () ->
                    new MediaFlowException(
                        NotifyErrors.NOTIFY_EMAIL_NOT_CONFIGURED,
                        NAME + ": no mail server: the host registered no SmtpSettings",
                        "register one with MediaFlow.builder().actionService(SmtpSettings.class,"
                            + " SmtpSettings.builder(host, from).build())"));
    SmtpMail.Mail mail =
        new SmtpMail.Mail(
            params.optString("from").orElse(smtp.from()),
            params.getString("to"),
            params.optString("cc").orElse(""),
            params.optString("bcc").orElse(""),
            params.getString("subject"),
            params.getString("body"),
            params.optBool("html").orElse(false));
    int recipients = SmtpMail.check(mail);
    if (ctx.dryRun()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("messageId", "");
      out.put("recipients", recipients);
      return ActionResult.of(out)
          .withSummary(
              "test run: would mail '"
                  + mail.subject()
                  + "' to "
                  + recipients
                  + " recipient(s) through "
                  + smtp.host());
    }
    // a resumed run whose message went out does not send it again
    String id = ctx.step("send", String.class, () -> SmtpMail.send(smtp, mail));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("messageId", id == null ? "" : id);
    out.put("recipients", recipients);
    return ActionResult.of(out)
        .withSummary("mailed '" + mail.subject() + "' to " + recipients + " recipient(s)");
  }

  private boolean libraryPresent() {
    try {
      Class.forName(PROBE_CLASS, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  static MediaFlowException libraryMissing(String why) {
    return new MediaFlowException(
        NotifyErrors.NOTIFY_EMAIL_LIBRARY_MISSING,
        NAME + " needs a mail library and " + why,
        "add " + LIBRARY + " to the host application");
  }
}
