package io.mediaflow.internal.action.notify;

import static io.mediaflow.internal.action.ActionRuns.completes;
import static io.mediaflow.internal.action.ActionRuns.fails;
import static io.mediaflow.internal.action.ActionRuns.node;
import static io.mediaflow.internal.action.ActionRuns.nodeRun;
import static io.mediaflow.internal.action.ActionRuns.outputs;
import static io.mediaflow.internal.action.ActionRuns.quoted;
import static io.mediaflow.internal.action.ActionRuns.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mediaflow.InMemoryStorage;
import io.mediaflow.JobHandle;
import io.mediaflow.MediaFlow;
import io.mediaflow.SmtpSettings;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.job.JobError;
import io.mediaflow.testkit.ManualClock;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code notify.email} through real workflow runs to GreenMail's SMTP server in this JVM. */
class EmailNotifyActionTest {

  final ManualClock clock = ManualClock.at(Instant.parse("2026-03-01T12:00:00Z"));
  final List<MediaFlow> flows = new ArrayList<>();
  GreenMail mail;

  @BeforeEach
  void serve() {
    mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    mail.start();
  }

  @AfterEach
  void close() {
    flows.forEach(MediaFlow::close);
    mail.stop();
  }

  SmtpSettings smtp(int port) {
    return SmtpSettings.builder("127.0.0.1", "mediaflow@example.com")
        .port(port)
        .security(SmtpSettings.Security.NONE)
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  MediaFlow flow(SmtpSettings settings, Action... actions) {
    MediaFlow.Builder b =
        MediaFlow.builder().storage(new InMemoryStorage()).clock(clock).runOnCallingThread();
    if (settings != null) {
      b.actionService(SmtpSettings.class, settings);
    }
    for (Action a : actions) {
      b.action(a);
    }
    MediaFlow f = b.build();
    flows.add(f);
    return f;
  }

  MediaFlow flow() {
    return flow(smtp(mail.getSmtp().getPort()));
  }

  static String def(String to, String subject, String extra) {
    return workflow(
        node(
            "mail",
            "notify.email",
            "{\"to\":"
                + quoted(to)
                + ",\"subject\":"
                + quoted(subject)
                + ",\"body\":\"The podcast is ready: Podcasts/2026-03/a.mp3\""
                + extra
                + "}"));
  }

  @Test
  void the_message_arrives_at_the_smtp_server() throws Exception {
    MediaFlow f = flow();

    JobHandle h =
        completes(
            f,
            f.workflows()
                .start(
                    def(
                        "Ann <ann@example.com>, bob@example.com",
                        "Podcast ready",
                        ",\"cc\":\"c@example.com\""),
                    Map.of()));

    MimeMessage[] received = mail.getReceivedMessages();
    assertThat(received).hasSize(3); // one copy a recipient
    MimeMessage m = received[0];
    assertThat(m.getSubject()).isEqualTo("Podcast ready");
    assertThat(m.getFrom()[0].toString()).isEqualTo("mediaflow@example.com");
    assertThat(m.getRecipients(Message.RecipientType.TO))
        .extracting(Object::toString)
        .containsExactly("Ann <ann@example.com>", "bob@example.com");
    assertThat(GreenMailUtil.getBody(m)).isEqualTo("The podcast is ready: Podcasts/2026-03/a.mp3");
    assertThat(m.getContentType()).startsWith("text/plain");
    assertThat(outputs(h, "mail"))
        .containsEntry("recipients", 3)
        .containsEntry("messageId", m.getMessageID());
    assertThat(nodeRun(f, h, "mail").summary())
        .isEqualTo("mailed 'Podcast ready' to 3 recipient(s)");
  }

  @Test
  void an_html_body_and_a_sender_of_the_node_are_sent_as_given() throws Exception {
    MediaFlow f = flow();

    completes(
        f,
        f.workflows()
            .start(
                def(
                    "ann@example.com",
                    "Überblick ✓",
                    ",\"html\":true,\"from\":\"Robot <robot@example.com>\""),
                Map.of()));

    MimeMessage m = mail.getReceivedMessages()[0];
    assertThat(m.getSubject()).isEqualTo("Überblick ✓");
    assertThat(m.getFrom()[0].toString()).isEqualTo("Robot <robot@example.com>");
    assertThat(m.getContentType()).startsWith("text/html");
  }

  @Test
  void a_test_run_sends_nothing_and_says_what_it_would_send() {
    MediaFlow f = flow();

    JobHandle h =
        completes(f, f.workflows().testRun(def("ann@example.com", "Podcast ready", ""), Map.of()));

    assertThat(mail.getReceivedMessages()).isEmpty();
    assertThat(nodeRun(f, h, "mail").summary())
        .isEqualTo("test run: would mail 'Podcast ready' to 1 recipient(s) through 127.0.0.1");
  }

  @Test
  void without_the_mail_library_the_action_says_what_to_add() {
    ClassLoader withoutMail = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader());
    MediaFlow f = flow(smtp(mail.getSmtp().getPort()), new EmailNotifyAction(withoutMail));

    JobError e = fails(f, f.workflows().start(def("ann@example.com", "x", ""), Map.of()));

    assertThat(e.code()).isEqualTo("NOTIFY_EMAIL_LIBRARY_MISSING");
    assertThat(e.message())
        .contains("notify.email needs a mail library and it is not on the class path");
    assertThat(e.suggestion())
        .isEqualTo(
            "add org.eclipse.angus:angus-mail (with jakarta.mail:jakarta.mail-api; on the module"
                + " path, also 'requires jakarta.mail') to the host application");
  }

  @Test
  void without_smtp_settings_the_action_says_how_to_register_them() {
    MediaFlow f = flow(null);

    JobError e = fails(f, f.workflows().start(def("ann@example.com", "x", ""), Map.of()));

    assertThat(e.code()).isEqualTo("NOTIFY_EMAIL_NOT_CONFIGURED");
    assertThat(e.message())
        .contains("notify.email: no mail server: the host registered no SmtpSettings");
    assertThat(e.suggestion()).contains("actionService(SmtpSettings.class");
  }

  @Test
  void bad_addresses_and_a_subject_that_would_add_headers_are_refused() {
    MediaFlow f = flow();

    JobError to = fails(f, f.workflows().start(def("ann@", "x", ""), Map.of()));
    assertThat(to.code()).isEqualTo("NOTIFY_EMAIL_ADDRESS_INVALID");
    assertThat(to.message()).contains("notify.email: \"to\" is not a list of e-mail addresses");

    JobError cc =
        fails(
            f,
            f.workflows()
                .start(
                    def("ann@example.com", "x", ",\"cc\":\"a@b.c\\r\\nBcc: x@evil.example\""),
                    Map.of()));
    assertThat(cc.code()).isEqualTo("NOTIFY_EMAIL_ADDRESS_INVALID");
    assertThat(cc.message()).contains("notify.email: \"cc\"");

    JobError empty = fails(f, f.workflows().start(def(" ", "x", ""), Map.of()));
    assertThat(empty.code()).isEqualTo("NOTIFY_EMAIL_ADDRESS_INVALID");
    assertThat(empty.message()).contains("notify.email: \"to\" is empty");

    JobError subject =
        fails(
            f,
            f.workflows().start(def("ann@example.com", "hi\r\nBcc: x@evil.example", ""), Map.of()));
    assertThat(subject.code()).isEqualTo("INVALID_VALUE");
    assertThat(subject.message())
        .contains("nodes[mail].params.subject")
        .contains("the subject must be one line");
    assertThat(mail.getReceivedMessages()).isEmpty();
  }

  @Test
  void an_unreachable_server_fails_as_retryable() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    MediaFlow f = flow(smtp(closed));

    JobError e = fails(f, f.workflows().start(def("ann@example.com", "x", ""), Map.of()));

    assertThat(e.code()).isEqualTo("NOTIFY_EMAIL_SEND_FAILED");
    assertThat(e.message()).contains("notify.email: the mail server 127.0.0.1:" + closed);
    assertThat(e.suggestion()).contains("retry policy may try again");
  }

  @Test
  void smtp_settings_never_show_the_password_and_refuse_wrong_values() {
    SmtpSettings s =
        SmtpSettings.builder("smtp.example.com", "me@example.com").login("me", "hunter2").build();

    assertThat(s.toString())
        .isEqualTo(
            "SmtpSettings[host=smtp.example.com, port=587, security=STARTTLS, username=me,"
                + " password=***, from=me@example.com, timeout=PT30S]");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SmtpSettings.builder("smtp.example.com", "me@example.com").port(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be between 1 and 65535 but was 0");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SmtpSettings.builder(" ", "me@example.com").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the SMTP host must not be blank");
  }
}
