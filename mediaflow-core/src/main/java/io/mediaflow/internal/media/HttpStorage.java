package io.mediaflow.internal.media;

import io.mediaflow.api.storage.MediaStorage;
import io.mediaflow.internal.net.NetworkGuard;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code http(s):} behind {@link MediaStorage}: read only, each fetch through the SSRF-guarded
 * downloader of {@link Sources} (the host resolved once and every address checked, redirects
 * checked alike, size and time limited, stopped within a fraction of a second of a cancel).
 */
public final class HttpStorage implements MediaStorage {

  private final boolean allowPrivateNetwork;

  /**
   * @param allowPrivateNetwork whether loopback and private addresses may be fetched from
   */
  public HttpStorage(boolean allowPrivateNetwork) {
    this.allowPrivateNetwork = allowPrivateNetwork;
  }

  @Override
  public Set<String> schemes() {
    return Set.of("http", "https");
  }

  @Override
  public Set<Operation> operations() {
    return EnumSet.of(Operation.FETCH);
  }

  @Override
  public URI resolve(String location, String jsonPath) {
    return NetworkGuard.parse(location, jsonPath);
  }

  @Override
  public Path fetch(URI location, FetchRequest request) {
    Sources.Builder builder =
        Sources.builder()
            .downloadDirectory(request.directory())
            .maxDownloadBytes(request.maxBytes());
    if (allowPrivateNetwork) {
      builder.allowPrivateNetwork();
    }
    return builder.build().download(location.toString(), request.jsonPath(), request.cancelled());
  }
}
