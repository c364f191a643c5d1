package io.mediaflow.http;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How an {@link HttpHost} serves: where it listens, how much it reads, how long it waits, how often
 * a key may call, which browser origins may call, and how many threads serve. Immutable; {@link
 * #ofDefaults()} is safe for a host on one machine.
 *
 * {@snippet :
 * HttpOptions options = HttpOptions.builder()
 *     .port(8080)
 *     .bindAddress("0.0.0.0")                       // default 127.0.0.1: this machine only
 *     .rateLimit(200, Duration.ofSeconds(1))        // per API key
 *     .corsOrigins("https://ops.example.com")       // off by default
 *     .build();
 * }
 */
public final class HttpOptions {

  /** Listen on this machine only, unless told otherwise. */
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

  /** The largest request body read: 1 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  /** The time a request has to arrive in full, headers and body: 30 seconds. */
  public static final Duration DEFAULT_REQUEST_DEADLINE = Duration.ofSeconds(30);

  /** Requests per {@link #DEFAULT_RATE_PERIOD} per API key (per client address on open routes). */
  public static final int DEFAULT_RATE_LIMIT = 100;

  /** The period of the rate limit. */
  public static final Duration DEFAULT_RATE_PERIOD = Duration.ofSeconds(1);

  /** Threads that serve requests; an event stream holds one while it is open. */
  public static final int DEFAULT_THREADS = 16;

  /** The comment line an event stream sends when it has nothing else to send, this often. */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

  /** The most threads a host may have. */
  public static final int MAX_THREADS = 1024;

  private final int port;
  private final String bindAddress;
  private final long maxBodyBytes;
  private final Duration requestDeadline;
  private final int rateLimit;
  private final Duration ratePeriod;
  private final Set<String> corsOrigins;
  private final int threads;
  private final boolean openHealth;
  private final Duration heartbeat;
  private final Object prometheus;

  private HttpOptions(Builder b) {
    this.port = b.port == null ? 0 : b.port;
    this.bindAddress = b.bindAddress == null ? DEFAULT_BIND_ADDRESS : b.bindAddress;
    this.maxBodyBytes = b.maxBodyBytes == null ? DEFAULT_MAX_BODY_BYTES : b.maxBodyBytes;
    this.requestDeadline = b.requestDeadline == null ? DEFAULT_REQUEST_DEADLINE : b.requestDeadline;
    this.rateLimit = b.rateLimit == null ? DEFAULT_RATE_LIMIT : b.rateLimit;
    this.ratePeriod = b.ratePeriod == null ? DEFAULT_RATE_PERIOD : b.ratePeriod;
    this.corsOrigins = b.corsOrigins == null ? Set.of() : Set.copyOf(b.corsOrigins);
    this.threads = b.threads == null ? DEFAULT_THREADS : b.threads;
    this.openHealth = b.openHealth == null || b.openHealth;
    this.heartbeat = b.heartbeat == null ? DEFAULT_HEARTBEAT : b.heartbeat;
    this.prometheus = b.prometheus;
  }

  /** Every option at its default: port 0 (any free port), 127.0.0.1, 1 MiB, 30 s, 100/s. */
  public static HttpOptions ofDefaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The TCP port; 0 lets the system choose a free one ({@link HttpHost#port()} tells which). */
  public int port() {
    return port;
  }

  public String bindAddress() {
    return bindAddress;
  }

  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  public Duration requestDeadline() {
    return requestDeadline;
  }

  /** Requests per {@link #ratePeriod()} per key; 0 when there is no limit. */
  public int rateLimit() {
    return rateLimit;
  }

  public Duration ratePeriod() {
    return ratePeriod;
  }

  /** The origins a browser page may call from; empty (the default) for no CORS headers. */
  public Set<String> corsOrigins() {
    return corsOrigins;
  }

  public int threads() {
    return threads;
  }

  /** Whether {@code GET /health} answers without a key (true by default, for load balancers). */
  public boolean openHealth() {
    return openHealth;
  }

  public Duration heartbeat() {
    return heartbeat;
  }

  /** The Micrometer Prometheus registry {@code GET /metrics} scrapes, if the host gave one. */
  public Optional<Object> prometheus() {
    return Optional.ofNullable(prometheus);
  }

  @Override
  public String toString() {
    return "HttpOptions[port="
        + port
        + ", bindAddress="
        + bindAddress
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", requestDeadline="
        + requestDeadline
        + ", rateLimit="
        + (rateLimit == 0 ? "off" : rateLimit + " per " + ratePeriod)
        + ", corsOrigins="
        + corsOrigins
        + ", threads="
        + threads
        + ", openHealth="
        + openHealth
        + ", heartbeat="
        + heartbeat
        + ", prometheus="
        + (prometheus != null)
        + "]";
  }

  /** Sets each option once, checked at once. */
  public static final class Builder {

    private Integer port;
    private String bindAddress;
    private Long maxBodyBytes;
    private Duration requestDeadline;
    private Integer rateLimit;
    private Duration ratePeriod;
    private Set<String> corsOrigins;
    private Integer threads;
    private Boolean openHealth;
    private Duration heartbeat;
    private Object prometheus;

    private Builder() {}

    /** The TCP port, 0 to 65535; 0 (the default) for any free port. */
    public Builder port(int value) {
      once(port, "port");
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535 but was " + value);
      }
      port = value;
      return this;
    }

    /** The address to listen on: {@value HttpOptions#DEFAULT_BIND_ADDRESS} by default. */
    public Builder bindAddress(String value) {
      once(bindAddress, "bindAddress");
      Objects.requireNonNull(value, "value");
      if (value.isBlank()) {
        throw new IllegalArgumentException(
            "bindAddress must be an address such as 127.0.0.1, not blank");
      }
      bindAddress = value.strip();
      return this;
    }

    /** The largest request body, 1 byte to 1 GiB; a larger one is answered 413. */
    public Builder maxBodyBytes(long value) {
      once(maxBodyBytes, "maxBodyBytes");
      if (value < 1 || value > 1L << 30) {
        throw new IllegalArgumentException(
            "maxBodyBytes must be between 1 and " + (1L << 30) + " but was " + value);
      }
      maxBodyBytes = value;
      return this;
    }

    /** How long a request may take to arrive in full; a slower one is answered 408 and cut off. */
    public Builder requestDeadline(Duration value) {
      once(requestDeadline, "requestDeadline");
      positive(value, "requestDeadline");
      requestDeadline = value;
      return this;
    }

    /** At most {@code permits} requests per {@code period} per API key; 0 permits for no limit. */
    public Builder rateLimit(int permits, Duration period) {
      once(rateLimit, "rateLimit");
      if (permits < 0) {
        throw new IllegalArgumentException(
            "rate limit permits must be 0 or more but was " + permits);
      }
      positive(period, "rate limit period");
      rateLimit = permits;
      ratePeriod = period;
      return this;
    }

    /**
     * The origins ({@code https://ops.example.com}, or {@code *}) whose pages may call the API;
     * without this, no CORS header is sent and browsers keep other origins out.
     */
    public Builder corsOrigins(String... origins) {
      once(corsOrigins, "corsOrigins");
      Set<String> set = new LinkedHashSet<>();
      for (String o : List.of(origins)) {
        if (o.isBlank() || (!o.equals("*") && !o.matches("https?://[^/\\s]+"))) {
          throw new IllegalArgumentException(
              "a CORS origin is scheme://host[:port] without a path, or *, but was \"" + o + "\"");
        }
        set.add(o);
      }
      corsOrigins = set;
      return this;
    }

    /** Threads serving requests, 2 to {@value HttpOptions#MAX_THREADS}. */
    public Builder threads(int value) {
      once(threads, "threads");
      if (value < 2 || value > MAX_THREADS) {
        throw new IllegalArgumentException(
            "threads must be between 2 and " + MAX_THREADS + " but was " + value);
      }
      threads = value;
      return this;
    }

    /** Whether {@code GET /health} needs no key (default true). */
    public Builder openHealth(boolean value) {
      once(openHealth, "openHealth");
      openHealth = value;
      return this;
    }

    /** How often a quiet event stream sends a comment line (default 15 s). */
    public Builder heartbeat(Duration value) {
      once(heartbeat, "heartbeat");
      positive(value, "heartbeat");
      heartbeat = value;
      return this;
    }

    /**
     * The Micrometer {@code PrometheusMeterRegistry} whose {@code scrape()} {@code GET /metrics}
     * answers, in the Prometheus text format; without it, the engine's metrics snapshot as JSON.
     * Typed {@code Object} so that mediaflow needs no Prometheus library unless the host has it.
     *
     * @throws IllegalArgumentException when it has no public {@code scrape()} method
     */
    public Builder prometheus(Object registry) {
      once(prometheus, "prometheus");
      Objects.requireNonNull(registry, "registry");
      try {
        registry.getClass().getMethod("scrape");
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException(
            "the Prometheus registry must have a scrape() method, as Micrometer's"
                + " PrometheusMeterRegistry has; "
                + registry.getClass().getName()
                + " has none",
            e);
      }
      prometheus = registry;
      return this;
    }

    public HttpOptions build() {
      return new HttpOptions(this);
    }

    private static void once(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was set already");
      }
    }

    private static void positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive but was " + value);
      }
    }
  }
}
