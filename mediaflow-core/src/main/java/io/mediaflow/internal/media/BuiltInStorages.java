package io.mediaflow.internal.media;

import io.mediaflow.api.storage.MediaStorage;
import io.mediaflow.internal.WorkspacePaths;
import io.mediaflow.internal.storage.FileStorage;
import io.mediaflow.internal.storage.MediaStorages;
import io.mediaflow.internal.storage.MissingS3;
import io.mediaflow.internal.storage.s3.S3Settings;
import io.mediaflow.internal.storage.s3.S3Storage;
import java.util.List;

/**
 * The storages of an engine or a command: the host's, those on the class path, then the built-in
 * {@code file:}, {@code http(s):} and {@code s3:} (the AWS SDK's, or {@link MissingS3} when the SDK
 * is not on the class path).
 */
public final class BuiltInStorages {

  private BuiltInStorages() {}

  /**
   * @param hostAdded the host's storages, asked first
   * @param loader where to look for storages and for the AWS SDK
   */
  public static MediaStorages create(
      List<MediaStorage> hostAdded,
      ClassLoader loader,
      WorkspacePaths workspace,
      boolean allowPrivateNetwork,
      S3Settings s3) {
    MediaStorage s3Storage = MissingS3.sdkPresent(loader) ? S3Storage.create(s3) : new MissingS3();
    return MediaStorages.of(
            hostAdded,
            loader,
            List.of(new FileStorage(workspace), new HttpStorage(allowPrivateNetwork), s3Storage))
        .allowingPrivateNetwork(allowPrivateNetwork);
  }
}
