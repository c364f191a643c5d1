/**
 * Where a job's files live when they are not local files: the {@link
 * io.mediaflow.api.storage.MediaStorage} SPI behind which {@code file:}, {@code http(s):}, {@code
 * s3:} and a host's own schemes are served.
 */
package io.mediaflow.api.storage;
