package io.mediaflow.internal.storage.s3;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A bucket and a key, read from {@code s3://bucket/key} as a spec writes it: everything after the
 * bucket's slash is the key, as it is (a {@code ?} or {@code #} is part of it, not a query).
 *
 * @param bucket checked against S3's bucket naming rules, so a spec cannot steer a virtual-hosted
 *     request to another host
 * @param key 1 to 1024 bytes of UTF-8, no control characters
 */
record S3Location(String bucket, String key) {

  /** S3's bucket names: 3 to 63 lower-case letters, digits, dots and hyphens, alphanumeric ends. */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private static final int MAX_KEY_BYTES = 1024;

  /**
   * Reads a location as written.
   *
   * @throws ValidationException {@code INVALID_VALUE} at {@code jsonPath}
   */
  static S3Location parse(String text, String jsonPath) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("s3://")) {
      throw invalid(jsonPath, text, "an s3 location starts with s3://");
    }
    String rest = text.substring("s3://".length());
    int slash = rest.indexOf('/');
    if (slash < 0 || slash == rest.length() - 1) {
      throw invalid(jsonPath, text, "it names no key: write s3://bucket/path/to/file.mp4");
    }
    String bucket = rest.substring(0, slash);
    String key = rest.substring(slash + 1);
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw invalid(
          jsonPath,
          text,
          "\""
              + bucket
              + "\" is not a bucket name: 3 to 63 lower-case letters, digits, '.' and '-',"
              + " starting and ending with a letter or digit");
    }
    if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw invalid(jsonPath, text, "the key is longer than S3's " + MAX_KEY_BYTES + " bytes");
    }
    if (key.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw invalid(jsonPath, text, "the key holds a control character");
    }
    return new S3Location(bucket, key);
  }

  /** From the URI {@link #uri()} made. */
  static S3Location of(URI uri) {
    return new S3Location(uri.getHost(), uri.getPath().substring(1));
  }

  /** {@code s3://bucket/key}, the key quoted where a URI needs it. */
  URI uri() {
    try {
      return new URI("s3", bucket, "/" + key, null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot make a URI of s3://" + bucket + "/" + key, e);
    }
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key;
  }

  private static ValidationException invalid(String jsonPath, String text, String why) {
    String shown = text.length() > 200 ? text.substring(0, 197) + "..." : text;
    return new ValidationException(
        new Violation(
            jsonPath,
            ErrorCode.INVALID_VALUE,
            "\"" + shown + "\" is not an s3 location: " + why,
            "write s3://bucket/key, such as s3://media-in/2024/clip.mp4"));
  }
}
