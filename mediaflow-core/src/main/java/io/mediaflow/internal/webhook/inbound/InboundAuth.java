package io.mediaflow.internal.webhook.inbound;

import io.mediaflow.WebhookVerifier;
import io.mediaflow.api.MediaFlowException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a source proves that a request comes from its sender, checked before the body is read. Radarr
 * and Sonarr offer a username and password (HTTP basic auth) and custom headers (a token); other
 * senders may sign as Standard Webhooks. Secrets are compared in constant time and never appear in
 * messages or {@code toString()}.
 */
public sealed interface InboundAuth
    permits InboundAuth.None, InboundAuth.Basic, InboundAuth.HeaderToken, InboundAuth.Signed {

  /**
   * Checks one request.
   *
   * @param headers as the server hands them over: any case, a list of values per name
   * @param body the body exactly as received
   * @throws MediaFlowException {@code INBOUND_AUTH_MISSING} or {@code INBOUND_AUTH_INVALID}; a
   *     signature fails with the codes of {@link io.mediaflow.WebhookErrors}
   */
  void check(Map<String, List<String>> headers, byte[] body);

  /** No check: for a sender on a trusted network only. */
  static InboundAuth none() {
    return new None();
  }

  /** HTTP basic auth with this username and password (Radarr's and Sonarr's webhook settings). */
  static InboundAuth basic(String username, String password) {
    return new Basic(username, password);
  }

  /** A header, such as {@code X-Api-Key}, whose value must be {@code token}. */
  static InboundAuth headerToken(String header, String token) {
    return new HeaderToken(header, token);
  }

  /** A Standard Webhooks signature, checked by {@code verifier}. */
  static InboundAuth signed(WebhookVerifier verifier) {
    return new Signed(verifier);
  }

  /** No check. */
  record None() implements InboundAuth {
    @Override
    public void check(Map<String, List<String>> headers, byte[] body) {
      // nothing to check: the host chose to trust the network
    }
  }

  /**
   * HTTP basic auth.
   *
   * @param username the expected username
   * @param password the expected password
   */
  record Basic(String username, String password) implements InboundAuth {

    /** Checks that neither is null. */
    public Basic {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public void check(Map<String, List<String>> headers, byte[] body) {
      String value = Secrets.header(headers, "Authorization");
      if (value == null) {
        throw Secrets.missing(
            "the request has no Authorization header",
            "set the username and password of the connection's webhook settings");
      }
      byte[] given = null;
      if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
        try {
          given = Base64.getDecoder().decode(value.substring(6).trim());
        } catch (IllegalArgumentException e) {
          given = null; // not base64: refused below like a wrong password
        }
      }
      String expected = username + ":" + password;
      // Radarr and Sonarr encode the pair as ISO-8859-1 (ManagedHttpDispatcher), most other
      // clients as UTF-8; both are compared, always both, so the time does not tell which matched
      if (given == null
          || !(Secrets.sameInConstantTime(expected.getBytes(StandardCharsets.UTF_8), given)
              | Secrets.sameInConstantTime(
                  expected.getBytes(StandardCharsets.ISO_8859_1), given))) {
        throw Secrets.invalid(
            "the Authorization header's basic credentials do not match",
            "use the same username and password here and in the connection's webhook settings");
      }
    }

    @Override
    public String toString() {
      return "Basic[username=" + username + ", password=***]";
    }
  }

  /**
   * A token in a header.
   *
   * @param header the header's name, any case
   * @param token the expected value
   */
  record HeaderToken(String header, String token) implements InboundAuth {

    /** Checks that neither is null or blank. */
    public HeaderToken {
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(token, "token");
      if (header.isBlank() || token.isBlank()) {
        throw new IllegalArgumentException("a header token needs a header name and a token");
      }
    }

    @Override
    public void check(Map<String, List<String>> headers, byte[] body) {
      String value = Secrets.header(headers, header);
      if (value == null) {
        throw Secrets.missing(
            "the request has no " + header + " header",
            "add the header " + header + " to the connection's webhook settings");
      }
      if (!Secrets.sameInConstantTime(
          token.getBytes(StandardCharsets.UTF_8), value.trim().getBytes(StandardCharsets.UTF_8))) {
        throw Secrets.invalid(
            "the " + header + " header does not match the source's token",
            "use the same token here and in the connection's webhook headers");
      }
    }

    @Override
    public String toString() {
      return "HeaderToken[header=" + header + ", token=***]";
    }
  }

  /**
   * A Standard Webhooks signature ({@code docs/webhooks-signing.md}).
   *
   * @param verifier holds the secrets and the replay window
   */
  record Signed(WebhookVerifier verifier) implements InboundAuth {

    /** Checks that it is not null. */
    public Signed {
      Objects.requireNonNull(verifier, "verifier");
    }

    @Override
    public void check(Map<String, List<String>> headers, byte[] body) {
      verifier.verify(headers, body);
    }
  }

  /** What the checks share. */
  final class Secrets {

    private Secrets() {}

    /** The first value of {@code name} in any case, or null. */
    static String header(Map<String, List<String>> headers, String name) {
      for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
        if (entry.getKey() != null
            && entry.getKey().equalsIgnoreCase(name)
            && entry.getValue() != null
            && !entry.getValue().isEmpty()) {
          return entry.getValue().get(0);
        }
      }
      return null;
    }

    /**
     * Compares digests rather than the texts, so that the time taken tells neither the matching
     * prefix nor the expected length.
     */
    static boolean sameInConstantTime(byte[] expected, byte[] given) {
      return MessageDigest.isEqual(digest(expected), digest(given));
    }

    private static byte[] digest(byte[] bytes) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java runtime has SHA-256", e);
      }
    }

    static MediaFlowException missing(String message, String suggestion) {
      return new MediaFlowException(InboundErrors.INBOUND_AUTH_MISSING, message, suggestion);
    }

    static MediaFlowException invalid(String message, String suggestion) {
      return new MediaFlowException(InboundErrors.INBOUND_AUTH_INVALID, message, suggestion);
    }
  }
}
