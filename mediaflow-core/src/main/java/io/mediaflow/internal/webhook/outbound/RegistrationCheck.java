package io.mediaflow.internal.webhook.outbound;

import io.mediaflow.WebhookErrors;
import io.mediaflow.WebhookSecret;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.event.EventPatterns;
import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.internal.net.CloudMetadata;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a registration before it is stored: every problem with its place ({@code url}, {@code
 * patterns[1]}, {@code secrets[0]}, {@code allowedAddresses[2]}), never quoting a secret.
 */
final class RegistrationCheck {

  /** The longest registration id. */
  static final int MAX_ID = 120;

  private RegistrationCheck() {}

  static List<Violation> problems(WebhookRegistration r, boolean httpsOnly) {
    List<Violation> out = new ArrayList<>();
    if (r.id().isBlank() || r.id().length() > MAX_ID || r.id().chars().anyMatch(c -> c < 0x21)) {
      out.add(
          new Violation(
              "id",
              WebhookErrors.WEBHOOK_REGISTRATION_INVALID,
              "the id must be 1 to " + MAX_ID + " visible characters but was \"" + r.id() + "\"",
              "name the registration such as \"ops-alerts\""));
    }
    url(r.url(), httpsOnly, out);
    if (r.patterns().isEmpty()) {
      out.add(
          new Violation(
              "patterns",
              WebhookErrors.WEBHOOK_REGISTRATION_INVALID,
              "a registration needs at least one event pattern",
              "give one such as \"job.failed\", \"workflow.*\" or \"**\" for every event"));
    }
    for (int i = 0; i < r.patterns().size(); i++) {
      try {
        EventPatterns.checkPattern(r.patterns().get(i));
      } catch (RuntimeException e) {
        out.add(
            new Violation(
                "patterns[" + i + "]",
                WebhookErrors.WEBHOOK_REGISTRATION_INVALID,
                e instanceof MediaFlowException m ? m.detail() : e.getMessage(),
                "dot-separated lower-case segments; * matches one segment, ** any number"));
      }
    }
    if (r.secrets().isEmpty()) {
      out.add(
          new Violation(
              "secrets",
              WebhookErrors.WEBHOOK_SECRET_INVALID,
              "a registration needs at least one signing secret",
              "make one with WebhookSecret.generate().text() and give it to the receiver too"));
    }
    for (int i = 0; i < r.secrets().size(); i++) {
      try {
        WebhookSecret.parse(r.secrets().get(i));
      } catch (MediaFlowException e) {
        out.add(new Violation("secrets[" + i + "]", e.code(), e.detail(), e.suggestion()));
      }
    }
    for (int i = 0; i < r.allowedAddresses().size(); i++) {
      String where = "allowedAddresses[" + i + "]";
      AddressAllowList.problem(r.allowedAddresses().get(i))
          .ifPresent(
              p ->
                  out.add(
                      new Violation(
                          where,
                          WebhookErrors.WEBHOOK_ADDRESS_INVALID,
                          p,
                          "list IP addresses or CIDR blocks of the receiver's network")));
    }
    return out;
  }

  private static void url(String text, boolean httpsOnly, List<Violation> out) {
    String problem = null;
    String suggestion = "give an address such as https://example.com/hooks/mediaflow";
    try {
      URI uri = new URI(text.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
        problem = "the url must be an absolute http or https address";
      } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
        problem = "the url has no host name";
      } else if (httpsOnly && !scheme.equals("https")) {
        problem = "the url must be https: this engine sends webhooks over HTTPS only";
        suggestion = "give the receiver's https address";
      } else if (AddressAllowList.literal(uri.getHost())
          .filter(CloudMetadata::contains)
          .isPresent()) {
        problem = "the url's host is a cloud metadata address, which no webhook may reach";
      }
    } catch (URISyntaxException e) {
      problem = "the url is not a valid address: " + e.getReason();
    }
    if (problem != null) {
      out.add(new Violation("url", WebhookErrors.WEBHOOK_URL_INVALID, problem, suggestion));
    }
  }
}
