package io.mediaflow.internal.action.notify;

import io.mediaflow.SmtpSettings;
import io.mediaflow.api.MediaFlowException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * The only class that touches the optional mail library (Jakarta Mail, as Eclipse Angus Mail
 * implements it): {@link EmailNotifyAction} loads it only after finding the library, so that
 * without it the action fails with a code instead of a {@link NoClassDefFoundError}.
 */
final class SmtpMail {

  private SmtpMail() {}

  /** One message to send. */
  record Mail(
      String from, String to, String cc, String bcc, String subject, String body, boolean html) {}

  /**
   * Checks every address as RFC 822 asks (strictly: no header tricks, no groups); returns how many
   * recipients there are.
   *
   * @throws MediaFlowException {@code NOTIFY_EMAIL_ADDRESS_INVALID} naming the field
   */
  static int check(Mail mail) {
    addresses("from", mail.from(), true);
    int n = addresses("to", mail.to(), true).length;
    n += addresses("cc", mail.cc(), false).length;
    n += addresses("bcc", mail.bcc(), false).length;
    return n;
  }

  /**
   * Sends one message; returns its {@code Message-ID}.
   *
   * @throws MediaFlowException {@code NOTIFY_EMAIL_SEND_FAILED} (retryable unless the server
   *     refused the login or the recipients), {@code NOTIFY_EMAIL_LIBRARY_MISSING} when the API is
   *     there but no SMTP provider is
   */
  static String send(SmtpSettings smtp, Mail mail) {
    Session session = Session.getInstance(properties(smtp));
    try {
      MimeMessage m = new MimeMessage(session);
      m.setFrom(addresses("from", mail.from(), true)[0]);
      m.setRecipients(Message.RecipientType.TO, addresses("to", mail.to(), true));
      m.setRecipients(Message.RecipientType.CC, addresses("cc", mail.cc(), false));
      m.setRecipients(Message.RecipientType.BCC, addresses("bcc", mail.bcc(), false));
      m.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
      m.setSentDate(new Date());
      if (mail.html()) {
        m.setText(mail.body(), StandardCharsets.UTF_8.name(), "html");
      } else {
        m.setText(mail.body(), StandardCharsets.UTF_8.name());
      }
      m.saveChanges();
      try (Transport t =
          session.getTransport(smtp.security() == SmtpSettings.Security.TLS ? "smtps" : "smtp")) {
        if (smtp.username().isEmpty()) {
          t.connect(smtp.host(), smtp.port(), null, null);
        } else {
          t.connect(smtp.host(), smtp.port(), smtp.username(), smtp.password());
        }
        t.sendMessage(m, m.getAllRecipients());
      }
      return m.getMessageID();
    } catch (NoSuchProviderException e) {
      throw EmailNotifyAction.libraryMissing("it has the mail API but no SMTP provider");
    } catch (AuthenticationFailedException e) {
      throw failed(smtp, "refused the login of '" + smtp.username() + "'", false, e);
    } catch (SendFailedException e) {
      // every recipient refused: no retry changes that
      throw failed(smtp, "refused the recipients: " + e.getMessage(), false, e);
    } catch (MessagingException e) {
      throw failed(smtp, e.getMessage(), true, e);
    }
  }

  private static MediaFlowException failed(
      SmtpSettings smtp, String why, boolean retryable, Exception cause) {
    return new MediaFlowException(
        NotifyErrors.NOTIFY_EMAIL_SEND_FAILED,
        EmailNotifyAction.NAME
            + ": the mail server "
            + smtp.host()
            + ":"
            + smtp.port()
            + " "
            + NotifyPost.printable(String.valueOf(why)),
        retryable
            ? "check that the server is reachable; the node's retry policy may try again"
            : "check the SmtpSettings login and the addresses",
        retryable,
        cause);
  }

  private static Properties properties(SmtpSettings smtp) {
    String timeout = Long.toString(smtp.timeout().toMillis());
    Properties p = new Properties();
    for (String proto : List.of("smtp", "smtps")) {
      p.put("mail." + proto + ".host", smtp.host());
      p.put("mail." + proto + ".port", Integer.toString(smtp.port()));
      p.put("mail." + proto + ".connectiontimeout", timeout);
      p.put("mail." + proto + ".timeout", timeout);
      p.put("mail." + proto + ".writetimeout", timeout);
      p.put("mail." + proto + ".auth", Boolean.toString(!smtp.username().isEmpty()));
    }
    if (smtp.security() == SmtpSettings.Security.STARTTLS) {
      p.put("mail.smtp.starttls.enable", "true");
      // never fall back to plain text when the server does not offer STARTTLS
      p.put("mail.smtp.starttls.required", "true");
    }
    if (smtp.security() != SmtpSettings.Security.NONE) {
      p.put("mail.smtp.ssl.checkserveridentity", "true");
      p.put("mail.smtps.ssl.checkserveridentity", "true");
    }
    return p;
  }

  private static InternetAddress[] addresses(String field, String text, boolean required) {
    if (text == null || text.isBlank()) {
      if (required) {
        throw invalid(field, "is empty");
      }
      return new InternetAddress[0];
    }
    try {
      InternetAddress[] parsed = InternetAddress.parse(text, true);
      List<InternetAddress> out = new ArrayList<>();
      for (InternetAddress a : parsed) {
        if (a.isGroup()) {
          throw invalid(field, "has a group address \"" + a + "\"");
        }
        a.validate();
        out.add(a);
      }
      if (out.isEmpty() && required) {
        throw invalid(field, "names no address");
      }
      return out.toArray(InternetAddress[]::new);
    } catch (AddressException e) {
      throw invalid(field, "is not a list of e-mail addresses: " + e.getMessage());
    }
  }

  private static MediaFlowException invalid(String field, String why) {
    return new MediaFlowException(
        NotifyErrors.NOTIFY_EMAIL_ADDRESS_INVALID,
        EmailNotifyAction.NAME + ": \"" + field + "\" " + NotifyPost.printable(why),
        "give addresses as a@example.com, separated by commas; a name may come first:"
            + " Ann <a@example.com>");
  }
}
