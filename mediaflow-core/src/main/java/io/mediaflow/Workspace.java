package io.mediaflow;

import io.mediaflow.api.ValidationException;
import io.mediaflow.api.operator.PathResolver;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.internal.WorkspacePaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The path policy: where relative {@code file:} paths point, and which folders a job may read and
 * write, for its inputs, its outputs and the files its parameters name ({@link #resolveFile}).
 * Nothing outside the allowed roots is ever opened, and {@code ..} cannot escape them, not even
 * through a symbolic link: every path is resolved once to the real path it leads to, and that real
 * path is both what is checked and what is read or written. Only regular files are read or
 * replaced; a folder, FIFO, device or socket is refused before anything opens it.
 *
 * {@snippet :
 * Workspace workspace = Workspace.builder()
 *     .baseDirectory(specFile.getParent())
 *     .allowRoot(Path.of("/srv/media"))
 *     .build();
 * Locations where = workspace.resolve(spec);
 * }
 */
public final class Workspace {

  private final WorkspacePaths paths;

  private Workspace(WorkspacePaths paths) {
    this.paths = paths;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The folder relative paths start from. */
  public Path baseDirectory() {
    return paths.baseDirectory();
  }

  /** The folders a job may touch; the base directory is always one of them. */
  public List<Path> roots() {
    return paths.roots();
  }

  /**
   * Resolves every input source and output destination to the real local path it leads to, inside
   * the roots.
   *
   * <p>Each path is resolved once, here: symbolic links on the part that exists are followed and
   * the result is what {@link Locations} holds, so what was checked is what is read and written (a
   * link outside the roots that points inside leads to its target; the temp file of an output is
   * made in the target's folder). Nothing is opened: a FIFO, a device, a socket or a folder is
   * refused from its file type alone.
   *
   * @throws ValidationException listing every source or destination that is not allowed ({@code
   *     PATH_NOT_ALLOWED}), not supported ({@code UNSUPPORTED_SOURCE}), exists but is not a regular
   *     file ({@code NOT_A_REGULAR_FILE}), or is the same real file as another ({@code
   *     INVALID_VALUE})
   */
  public Locations resolve(JobSpec spec) {
    return paths.resolve(spec);
  }

  /**
   * Resolves a file a parameter names (a {@link io.mediaflow.api.operator.ParamType#PATH}, such as
   * drawtext's {@code fontFile}) under the rule of sources and destinations; a method reference to
   * it is the {@link PathResolver} the planner binds parameters with.
   *
   * <p>A relative path starts at the {@link #baseDirectory()}. Every symbolic link on the way is
   * followed, even one whose target does not exist, and the file it leads to must lie inside the
   * {@link #roots()}. That is decided before, and regardless of, whether the file exists: a path
   * outside is refused with the same answer either way, so the answer reveals nothing about files
   * outside the roots.
   *
   * @param path the path as written: {@code fonts/title.ttf}, {@code file:/srv/fonts/a.ttf}
   * @param jsonPath where it is written, such as {@code operations[2].params.fontFile}
   * @return the real path: absolute, every link resolved, inside the roots; it may not exist
   * @throws ValidationException with one violation at {@code jsonPath}: {@code PATH_NOT_ALLOWED}
   *     for a file outside the roots, {@code UNSUPPORTED_SOURCE} for a URL or another scheme,
   *     {@code INVALID_VALUE} for text that is no valid path
   */
  public Path resolveFile(String path, String jsonPath) {
    return paths.resolveFile(path, jsonPath);
  }

  /** What the facade hands to the planner and the pipeline. */
  WorkspacePaths paths() {
    return paths;
  }

  /** Builds a {@link Workspace}. */
  public static final class Builder {
    private Path baseDirectory;
    private final List<Path> roots = new ArrayList<>();

    private Builder() {}

    /** Relative paths start here; it is also an allowed root. Default: the working directory. */
    public Builder baseDirectory(Path directory) {
      Objects.requireNonNull(directory, "directory");
      if (this.baseDirectory != null) {
        throw new IllegalStateException(
            "baseDirectory was already set to " + this.baseDirectory + "; set it once");
      }
      this.baseDirectory = directory;
      return this;
    }

    /** Another folder jobs may read and write. */
    public Builder allowRoot(Path directory) {
      roots.add(Objects.requireNonNull(directory, "directory"));
      return this;
    }

    public Workspace build() {
      return new Workspace(
          WorkspacePaths.of(baseDirectory == null ? Path.of("") : baseDirectory, roots));
    }
  }
}
