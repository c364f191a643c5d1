package io.mediaflow.internal;

import io.mediaflow.Locations;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.operator.PathResolver;
import io.mediaflow.api.spec.InputSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.spec.OutputSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link io.mediaflow.Workspace} resolves paths, behind the public type so that the planner
 * and the pipeline, which resolve every path of a job, do not depend on the facade package: the
 * public {@code Workspace} delegates here, and the facade hands this to the internals.
 *
 * <p>Nothing outside the allowed roots is ever opened, and {@code ..} cannot escape them, not even
 * through a symbolic link: every path is resolved once to the real path it leads to, and that real
 * path is both what is checked and what is read or written. Only regular files are read or
 * replaced; a folder, FIFO, device or socket is refused before anything opens it.
 */
public final class WorkspacePaths {

  /** Links followed in one path before giving up, as Linux does ({@code MAXSYMLINKS}). */
  private static final int MAX_LINKS = 40;

  /**
   * The longest file or folder name the common file systems take (ext4, XFS, Btrfs, APFS, NTFS).
   */
  private static final int MAX_NAME_BYTES = 255;

  private final Path baseDirectory;
  private final List<Path> roots;

  private WorkspacePaths(Path baseDirectory, List<Path> roots) {
    this.baseDirectory = baseDirectory;
    this.roots = List.copyOf(roots);
  }

  /**
   * The paths of a workspace whose relative paths start at {@code baseDirectory} and which may also
   * touch {@code otherRoots}; each is made absolute and, where it exists, real.
   */
  public static WorkspacePaths of(Path baseDirectory, List<Path> otherRoots) {
    Path base = canonical(baseDirectory);
    List<Path> all = new ArrayList<>();
    all.add(base);
    for (Path root : otherRoots) {
      Path c = canonical(root);
      if (!all.contains(c)) {
        all.add(c);
      }
    }
    return new WorkspacePaths(base, all);
  }

  /** These paths with one more allowed root, listed right after the base directory. */
  public WorkspacePaths withRoot(Path folder) {
    List<Path> others = new ArrayList<>();
    others.add(folder);
    others.addAll(roots);
    return of(baseDirectory, others);
  }

  private static Path canonical(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    try {
      return abs.toRealPath();
    } catch (IOException e) {
      return abs;
    }
  }

  /**
   * What {@code DESTINATION_EXISTS} suggests, at submit and when the outputs are put in place: the
   * spec's own switch, as JSON and Java write it (the command line adds its {@code --overwrite}).
   */
  public static final String OVERWRITE_SUGGESTION =
      "allow replacing it with \"overwrite\": true on the output (in Java .overwrite() after"
          + " JobSpec.builder().output(...), the overwrite of OutputSpec), or choose another"
          + " destination";

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
   * What a job's destinations would meet when it runs, found when it is submitted: a destination
   * outside the roots ({@code PATH_NOT_ALLOWED}) or that is a folder, FIFO, device or socket
   * ({@code NOT_A_REGULAR_FILE}), and one that exists while its output may not replace it ({@code
   * DESTINATION_EXISTS}), each at {@code outputs[i].destination}. The run checks again (a file may
   * appear meanwhile, and is never replaced); what else a destination may get wrong (a URL, a name
   * too long) is left to {@link #resolve}, which the run calls.
   */
  public List<Violation> destinationProblems(JobSpec spec) {
    List<Violation> found = new ArrayList<>(0);
    for (int i = 0; i < spec.outputs().size(); i++) {
      OutputSpec out = spec.outputs().get(i);
      String path = "outputs[" + i + "].destination";
      List<Violation> refused = new ArrayList<>(1);
      Optional<Path> dest = resolvePath(out.destination(), path, "destination", refused);
      refused.stream()
          .filter(
              v ->
                  v.code() == ErrorCode.PATH_NOT_ALLOWED
                      || v.code() == ErrorCode.NOT_A_REGULAR_FILE)
          .forEach(found::add);
      if (!out.overwrite()
          && dest.isPresent()
          && Files.exists(dest.get(), LinkOption.NOFOLLOW_LINKS)) {
        found.add(
            new Violation(
                path,
                ErrorCode.DESTINATION_EXISTS,
                "destination " + quoted(out.destination()) + " already exists: " + dest.get(),
                OVERWRITE_SUGGESTION));
      }
    }
    return found;
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
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(jsonPath, "jsonPath");
    List<Violation> violations = new ArrayList<>(1);
    Optional<Path> allowed = resolvePath(path, jsonPath, "file", violations);
    Optional<Path> real = allowed.flatMap(WorkspacePaths::followLinks).filter(this::insideRoots);
    if (real.isEmpty()
        && violations.stream().allMatch(v -> v.code() == ErrorCode.PATH_NOT_ALLOWED)) {
      // one answer for every path outside, built here from the text as written: whichever check
      // caught it, and whether or not something exists there, the words are the same
      throw new ValidationException(
          new Violation(
              jsonPath,
              ErrorCode.PATH_NOT_ALLOWED,
              "file " + quoted(path) + " is outside the allowed folders " + roots,
              "name a file inside one of them, or allow its folder (Workspace.Builder.allowRoot); a"
                  + " relative path starts at "
                  + baseDirectory));
    }
    ValidationException.throwIfAny(violations);
    return real.orElseThrow();
  }

  /**
   * Resolves a folder to watch to the real path it leads to, inside the roots; it may not exist yet
   * (it is watched for).
   *
   * @throws ValidationException with the violations at {@code jsonPath}: {@code PATH_NOT_ALLOWED}
   *     outside the roots, {@code UNSUPPORTED_SOURCE} for a URL, {@code INVALID_VALUE} for a path
   *     that is a file
   */
  public Path resolveFolder(String path, String jsonPath) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(jsonPath, "jsonPath");
    List<Violation> violations = new ArrayList<>(1);
    Optional<Located> located = locate(path, jsonPath, "folder", violations);
    ValidationException.throwIfAny(violations);
    Path real = located.orElseThrow().real();
    if (Files.exists(real, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(real)) {
      throw new ValidationException(
          new Violation(
              jsonPath,
              ErrorCode.INVALID_VALUE,
              "folder " + quoted(path) + " is a file, not a folder",
              "name the folder the file is in"));
    }
    return real;
  }

  /**
   * Why a folder may not be watched, as {@link #resolveFolder} would throw it; empty when it may.
   */
  public List<Violation> folderProblems(String path, String jsonPath) {
    try {
      resolveFolder(path, jsonPath);
      return List.of();
    } catch (ValidationException e) {
      return e.violations();
    }
  }

  private static String quoted(String text) {
    String cut = text.length() > 200 ? text.substring(0, 197) + "..." : text;
    return "\"" + cut + "\"";
  }

  /**
   * The file the operating system opens for an absolute {@code path}: each name is looked up in
   * turn and every symbolic link replaced by its target, also one whose target does not exist
   * (which {@link Path#toRealPath} cannot resolve, and which would otherwise let a link point
   * anywhere until the day its target appears). Empty after more links than the operating system
   * follows, as in a loop.
   */
  private static Optional<Path> followLinks(Path path) {
    Deque<Path> names = new ArrayDeque<>();
    path.forEach(names::addLast);
    Path current = path.getRoot();
    int links = 0;
    while (!names.isEmpty()) {
      String name = names.removeFirst().toString();
      if (name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        // the folder we are in has no links left, so its parent is the real one
        current = current.getParent() == null ? current : current.getParent();
        continue;
      }
      Path next = current.resolve(name);
      if (!Files.isSymbolicLink(next)) {
        current = next;
        continue;
      }
      if (++links > MAX_LINKS) {
        return Optional.empty();
      }
      Path target;
      try {
        target = Files.readSymbolicLink(next);
      } catch (IOException e) {
        return Optional.empty();
      }
      List<Path> targetNames = new ArrayList<>();
      target.forEach(targetNames::add);
      for (int i = targetNames.size() - 1; i >= 0; i--) {
        names.addFirst(targetNames.get(i));
      }
      if (target.isAbsolute()) {
        current = target.getRoot();
      }
    }
    return Optional.of(current);
  }

  /**
   * The one place a {@code file:} path is resolved: against the base directory, then to the real
   * path it leads to, which must lie inside a root and, where it exists, be a regular file.
   *
   * @return the real path, or empty with a violation added at {@code jsonPath}
   */
  /**
   * The real path {@code text} leads to, inside the roots, whatever it is (it may not exist);
   * empty, with a violation, when it is a URL, no path, or outside the roots.
   */
  private Optional<Located> locate(
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
    for (Path name : path) {
      int bytes = name.toString().getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_NAME_BYTES) {
        // found here, not as a failed write at the end of the run
        violations.add(
            new Violation(
                jsonPath,
                ErrorCode.INVALID_VALUE,
                what
                    + " \""
                    + abbreviated(text)
                    + "\" has a name of "
                    + bytes
                    + " bytes; file systems take at most "
                    + MAX_NAME_BYTES,
                "shorten the file or folder name"));
        return Optional.empty();
      }
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
              "move the file inside one of them, or allow its folder (Workspace.Builder.allowRoot)"));
      return Optional.empty();
    }
    return Optional.of(new Located(path, resolved.get()));
  }

  /** A path as written (absolute, normalised) and the real path it leads to. */
  private record Located(Path path, Path real) {}

  private Optional<Path> resolvePath(
      String text, String jsonPath, String what, List<Violation> violations) {
    Optional<Located> located = locate(text, jsonPath, what, violations);
    if (located.isEmpty()) {
      return Optional.empty();
    }
    Path path = located.get().path();
    Path real = located.get().real();
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

  private static String abbreviated(String text) {
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }

  private boolean insideRoots(Path path) {
    return roots.stream().anyMatch(path::startsWith);
  }
}
