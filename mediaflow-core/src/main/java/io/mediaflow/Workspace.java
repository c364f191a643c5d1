package io.mediaflow;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.spec.InputSpec;
import io.mediaflow.api.spec.JobSpec;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The path policy: where relative {@code file:} paths point, and which folders a job may read and
 * write. Nothing outside the allowed roots is ever opened, and {@code ..} cannot escape them, not
 * even through a symbolic link: every path is resolved once to the real path it leads to, and that
 * real path is both what is checked and what is read or written. Only regular files are read or
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

  private final Path baseDirectory;
  private final List<Path> roots;

  private Workspace(Path baseDirectory, List<Path> roots) {
    this.baseDirectory = baseDirectory;
    this.roots = List.copyOf(roots);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The folder relative paths start from. */
  public Path baseDirectory() {
    return baseDirectory;
  }

  /** The folders a job may touch; the base directory is always one of them. */
  public List<Path> roots() {
    return roots;
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
    List<Violation> violations = new ArrayList<>();
    Map<String, Path> inputs = new LinkedHashMap<>();
    Map<Path, String> claimed = new HashMap<>();
    for (int i = 0; i < spec.inputs().size(); i++) {
      InputSpec input = spec.inputs().get(i);
      String path = "inputs[" + i + "].source";
      resolvePath(input.source(), path, "source", violations)
          .ifPresent(
              p -> {
                inputs.put(input.id(), p);
                claimed.putIfAbsent(p, "input '" + input.id() + "' (" + path + ")");
              });
    }
    List<Path> outputs = new ArrayList<>();
    for (int i = 0; i < spec.outputs().size(); i++) {
      String path = "outputs[" + i + "].destination";
      String text = spec.outputs().get(i).destination();
      Optional<Path> resolved = resolvePath(text, path, "destination", violations);
      if (resolved.isEmpty()) {
        outputs.add(null);
        continue;
      }
      Path dest = resolved.get();
      String owner = claimed.putIfAbsent(dest, path + " \"" + text + "\"");
      if (owner != null) {
        violations.add(
            new Violation(
                path,
                ErrorCode.INVALID_VALUE,
                "destination \""
                    + text
                    + "\" is the same file as "
                    + owner
                    + ": "
                    + dest
                    + " (paths are compared after following symbolic links)",
                "give every output its own file, different from every input"));
      }
      outputs.add(dest);
    }
    ValidationException.throwIfAny(violations);
    return new Locations(inputs, outputs);
  }

  /**
   * The one place a {@code file:} path is resolved: against the base directory, then to the real
   * path it leads to, which must lie inside a root and, where it exists, be a regular file.
   *
   * @return the real path, or empty with a violation added at {@code jsonPath}
   */
  private Optional<Path> resolvePath(
      String text, String jsonPath, String what, List<Violation> violations) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      violations.add(
          new Violation(
              jsonPath,
              ErrorCode.UNSUPPORTED_SOURCE,
              what + " \"" + text + "\" is a URL; this build reads and writes local files only",
              "download the file first and refer to it with file:"));
      return Optional.empty();
    }
    String raw = lower.startsWith("file:") ? text.substring("file:".length()) : text;
    if (raw.startsWith("//")) {
      raw = raw.substring(2); // file:///abs/path
    }
    if (raw.isBlank() || (raw.contains(":") && !raw.startsWith("/"))) {
      violations.add(
          new Violation(
              jsonPath,
              ErrorCode.UNSUPPORTED_SOURCE,
              what + " \"" + text + "\" is not a file path",
              "write file:relative/path.mp4 or file:/absolute/path.mp4"));
      return Optional.empty();
    }
    Path path;
    try {
      path = baseDirectory.resolve(raw).normalize();
    } catch (InvalidPathException e) {
      violations.add(
          Violation.of(
              jsonPath, ErrorCode.INVALID_VALUE, what + " \"" + text + "\" is not a valid path"));
      return Optional.empty();
    }
    Optional<Path> resolved = RealPaths.realLocation(path);
    if (resolved.isEmpty() || !insideRoots(resolved.get())) {
      // say no more than the spec's author can see: a path written outside the roots is refused
      // alike whether it exists, is a link or leads nowhere; only a link inside the roots is named
      String why;
      if (!insideRoots(path)) {
        why = " is outside the allowed folders " + roots;
      } else if (resolved.isEmpty()) {
        why =
            " passes through a symbolic link that leads nowhere, so where it leads cannot be"
                + " checked";
      } else {
        why = " leads outside the allowed folders " + roots + " through a symbolic link";
      }
      violations.add(
          new Violation(
              jsonPath,
              ErrorCode.PATH_NOT_ALLOWED,
              what + " " + path + why,
              "move the file inside one of them, or allow its folder (--allow-root DIR)"));
      return Optional.empty();
    }
    Path real = resolved.get();
    Optional<String> notRegular = RealPaths.notRegularFile(real);
    if (notRegular.isPresent()) {
      violations.add(
          new Violation(
              jsonPath,
              ErrorCode.NOT_A_REGULAR_FILE,
              what
                  + " "
                  + path
                  + (real.equals(path) ? "" : " leads to " + real + ", which")
                  + " is a "
                  + notRegular.get()
                  + ", not a regular file",
              "name a regular file; folders, FIFOs, devices and sockets are never read or"
                  + " written"));
      return Optional.empty();
    }
    return Optional.of(real);
  }

  private boolean insideRoots(Path path) {
    return roots.stream().anyMatch(path::startsWith);
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
      Path base = canonical(baseDirectory == null ? Path.of("") : baseDirectory);
      List<Path> all = new ArrayList<>();
      all.add(base);
      for (Path root : roots) {
        Path c = canonical(root);
        if (!all.contains(c)) {
          all.add(c);
        }
      }
      return new Workspace(base, all);
    }

    private static Path canonical(Path p) {
      Path abs = p.toAbsolutePath().normalize();
      try {
        return abs.toRealPath();
      } catch (IOException e) {
        return abs;
      }
    }
  }
}
