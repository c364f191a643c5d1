package io.mediaflow.internal.webhook.inbound;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One inbound source as the receiver uses it: its name (the {@code {source}} of {@code
 * /v1/hooks/{source}}), how its body is read, how its sender proves itself, and its body limit.
 *
 * @param name letters, digits, {@code _} and {@code -}, 1 to {@value #MAX_NAME_LENGTH} characters
 * @param arr the *arr application that sends it; empty for a generic JSON sender, whose events are
 *     {@code webhook.<name>}
 * @param auth the sender's proof
 * @param limits the body limit
 */
public record InboundSettings(
    String name, Optional<ArrKind> arr, InboundAuth auth, InboundLimits limits) {

  /** The longest name. */
  public static final int MAX_NAME_LENGTH = 64;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_NAME_LENGTH + "}");

  /** Checks every part; a name must be usable in a URL path and as an event type's segment. */
  public InboundSettings {
    checkName(name);
    Objects.requireNonNull(arr, "arr");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(limits, "limits");
  }

  /**
   * Checks a source's name.
   *
   * @return the name
   * @throws IllegalArgumentException for anything but 1 to {@value #MAX_NAME_LENGTH} letters,
   *     digits, {@code _} and {@code -}
   */
  public static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "an inbound source's name must be 1 to "
              + MAX_NAME_LENGTH
              + " letters, digits, '_' or '-' (it is a URL path segment and an event type's)"
              + " but was \""
              + InboundReceiver.printable(name)
              + "\"");
    }
    return name;
  }

  /** {@code radarr}, {@code sonarr} or {@code json}. */
  public String kind() {
    return arr.map(ArrKind::id).orElse("json");
  }
}
