package io.mediaflow;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the built-in {@code notify.email} action sends mail: the host's SMTP server, registered
 * with {@code MediaFlow.builder().actionService(SmtpSettings.class, settings)}. The action needs a
 * mail library on the class path too ({@code org.eclipse.angus:angus-mail}, see {@code
 * docs/actions.md}).
 *
 * {@snippet :
 * SmtpSettings smtp = SmtpSettings.builder("smtp.example.com", "mediaflow@example.com")
 *     .login("mediaflow", System.getenv("SMTP_PASSWORD"))
 *     .build();                                  // port 587, STARTTLS required
 * }
 *
 * @param host the server's name
 * @param port its port
 * @param security how the connection is protected
 * @param username the login; empty for none
 * @param password the password; never shown by {@link #toString()}
 * @param from the sender address of every message unless a node gives another
 * @param timeout for connecting, and for each answer of the server
 */
public record SmtpSettings(
    String host,
    int port,
    Security security,
    String username,
    String password,
    String from,
    Duration timeout) {

  /** The default port: 587, mail submission. */
  public static final int DEFAULT_PORT = 587;

  /** The default timeout: 30 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** How the connection to the server is protected. */
  public enum Security {
    /** Plain text: only for a server on the same host or in tests. */
    NONE,
    /** Plain connection upgraded with STARTTLS, which the server must offer (port 587). */
    STARTTLS,
    /** TLS from the first byte (port 465). */
    TLS
  }

  public SmtpSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(security, "security");
    username = username == null ? "" : username;
    password = password == null ? "" : password;
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(timeout, "timeout");
    if (host.isBlank()) {
      throw new IllegalArgumentException("the SMTP host must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535 but was " + port);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive but was " + timeout);
    }
  }

  /** A builder for a server and the default sender address. */
  public static Builder builder(String host, String from) {
    return new Builder(host, from);
  }

  /** Never the password. */
  @Override
  public String toString() {
    return "SmtpSettings[host="
        + host
        + ", port="
        + port
        + ", security="
        + security
        + ", username="
        + username
        + ", password="
        + (password.isEmpty() ? "" : "***")
        + ", from="
        + from
        + ", timeout="
        + timeout
        + "]";
  }

  /** Builds {@link SmtpSettings}: port {@link #DEFAULT_PORT}, {@link Security#STARTTLS}. */
  public static final class Builder {
    private final String host;
    private final String from;
    private int port = DEFAULT_PORT;
    private Security security = Security.STARTTLS;
    private String username = "";
    private String password = "";
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder(String host, String from) {
      this.host = Objects.requireNonNull(host, "host");
      this.from = Objects.requireNonNull(from, "from");
    }

    /** The server's port. */
    public Builder port(int value) {
      port = value;
      return this;
    }

    /** How the connection is protected. */
    public Builder security(Security value) {
      security = Objects.requireNonNull(value, "security");
      return this;
    }

    /** Logs in with this user and password. */
    public Builder login(String user, String secret) {
      username = Objects.requireNonNull(user, "user");
      password = Objects.requireNonNull(secret, "secret");
      return this;
    }

    /** For connecting and for each answer. */
    public Builder timeout(Duration value) {
      timeout = Objects.requireNonNull(value, "timeout");
      return this;
    }

    /** Builds the settings; wrong values fail here. */
    public SmtpSettings build() {
      return new SmtpSettings(host, port, security, username, password, from, timeout);
    }
  }
}
