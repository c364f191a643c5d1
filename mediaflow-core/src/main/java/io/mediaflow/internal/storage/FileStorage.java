package io.mediaflow.internal.storage;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.storage.MediaStorage;
import io.mediaflow.internal.WorkspacePaths;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * {@code file:} behind {@link MediaStorage}, confined to the workspace's roots as every local path
 * is ({@link WorkspacePaths#resolveFile}: {@code ..} and symbolic links cannot leave them). Media
 * jobs read and write local files directly; this serves callers that go through the SPI for any
 * scheme.
 */
public final class FileStorage implements MediaStorage {

  private final WorkspacePaths workspace;

  public FileStorage(WorkspacePaths workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
  }

  @Override
  public Set<String> schemes() {
    return Set.of("file");
  }

  @Override
  public Set<Operation> operations() {
    return EnumSet.allOf(Operation.class);
  }

  @Override
  public URI resolve(String location, String jsonPath) {
    return workspace.resolveFile(location, jsonPath).toUri();
  }

  @Override
  public Path fetch(URI location, FetchRequest request) {
    Path source = Path.of(location);
    try {
      long size = Files.size(source);
      if (size > request.maxBytes()) {
        throw new MediaFlowException(
            ErrorCode.INPUT_INVALID,
            request.jsonPath() + ": " + source + " is larger than " + request.maxBytes() + " bytes",
            "give a smaller file");
      }
      Path copy = Files.createTempFile(request.directory(), "file-", name(source));
      Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
      return copy;
    } catch (java.nio.file.NoSuchFileException e) {
      throw new MediaFlowException(
          ErrorCode.INPUT_NOT_FOUND,
          request.jsonPath() + ": " + source + " does not exist",
          "check the path");
    } catch (IOException e) {
      throw failed(request.jsonPath(), "read " + source, e);
    }
  }

  /** A temp file beside the destination, then a rename: the file appears whole or not at all. */
  @Override
  public Stored put(Path file, URI location, PutRequest request) {
    Path dest = Path.of(location);
    Path temp = null;
    try {
      Files.createDirectories(dest.getParent());
      temp = Files.createTempFile(dest.getParent(), ".put-", ".mediaflow-tmp");
      Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
      if (request.overwrite()) {
        try {
          Files.move(
              temp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      } else {
        Files.createLink(dest, temp); // fails if the name is taken, atomically
        Files.delete(temp);
      }
      return new Stored(location, Files.size(dest), "");
    } catch (FileAlreadyExistsException e) {
      throw new MediaFlowException(
          ErrorCode.DESTINATION_EXISTS,
          request.jsonPath() + ": " + dest + " already exists",
          WorkspacePaths.OVERWRITE_SUGGESTION);
    } catch (IOException e) {
      throw failed(request.jsonPath(), "write " + dest, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          // the temp file's name marks it; the next run's sweep removes it
        }
      }
    }
  }

  @Override
  public boolean exists(URI location) {
    return Files.exists(Path.of(location));
  }

  @Override
  public boolean delete(URI location) {
    try {
      return Files.deleteIfExists(Path.of(location));
    } catch (IOException e) {
      throw failed("", "delete " + location.getPath(), e);
    }
  }

  private static String name(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot);
  }

  private static MediaFlowException failed(String jsonPath, String what, IOException e) {
    return new MediaFlowException(
        ErrorCode.PROCESSING_FAILED,
        (jsonPath.isEmpty() ? "" : jsonPath + ": ") + "cannot " + what + ": " + e.getMessage(),
        "check the file's folder and its permissions",
        false,
        e);
  }
}
