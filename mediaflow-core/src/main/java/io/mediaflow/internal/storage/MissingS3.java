package io.mediaflow.internal.storage;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.storage.MediaStorage;
import java.net.URI;
import java.util.EnumSet;
import java.util.Set;

/**
 * What serves {@code s3:} when the AWS SDK is not on the class path: every location is refused when
 * the job is prepared, naming the Maven coordinates to add.
 */
public final class MissingS3 implements MediaStorage {

  /** What to add, as the message says it. */
  public static final String COORDINATES =
      "software.amazon.awssdk:s3 (version 2.59.1 or later, or from software.amazon.awssdk:bom)";

  /** The class whose presence tells the SDK is there. */
  static final String PROBE_CLASS = "software.amazon.awssdk.services.s3.S3Client";

  /** Whether the AWS SDK's S3 client can be loaded by {@code loader}. */
  public static boolean sdkPresent(ClassLoader loader) {
    try {
      Class.forName(PROBE_CLASS, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public Set<String> schemes() {
    return Set.of("s3");
  }

  @Override
  public Set<Operation> operations() {
    return EnumSet.allOf(Operation.class);
  }

  @Override
  public URI resolve(String location, String jsonPath) {
    throw new ValidationException(
        new Violation(
            jsonPath,
            ErrorCode.UNSUPPORTED_SOURCE,
            "\""
                + location
                + "\" is an s3: location, and the AWS SDK for Java v2 is not on the class path",
            "add the Maven dependency "
                + COORDINATES
                + " to the application; see docs/object-storage.md"));
  }
}
