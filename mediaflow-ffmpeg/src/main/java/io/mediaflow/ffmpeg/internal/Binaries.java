package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ffmpeg} and {@code ffprobe} programs in use and FFmpeg's version. Found through an
 * explicit path, then the folder in {@code MEDIAFLOW_FFMPEG_HOME}, then the {@code PATH}.
 *
 * @param ffmpeg the ffmpeg program
 * @param ffprobe the ffprobe program
 * @param version the version as ffmpeg reports it, such as {@code 5.1.9-0+deb12u1}
 */
public record Binaries(Path ffmpeg, Path ffprobe, String version) {

  /** The environment variable naming the folder that holds ffmpeg and ffprobe. */
  public static final String HOME_ENV = "MEDIAFLOW_FFMPEG_HOME";

  /** The oldest FFmpeg mediaflow works with. */
  public static final int MIN_MAJOR = 5;

  public static final int MIN_MINOR = 1;

  static final String SUGGESTION =
      "install FFmpeg 5.1 or newer: apt-get install -y ffmpeg, or set "
          + HOME_ENV
          + " to the folder holding ffmpeg and ffprobe";

  private static final Logger LOG = LoggerFactory.getLogger(Binaries.class);
  private static final Pattern VERSION =
      Pattern.compile("(?:ffmpeg|ffprobe) version n?(\\d+)\\.(\\d+)(\\S*)");
  private static final Pattern ANY_VERSION = Pattern.compile("(?:ffmpeg|ffprobe) version (\\S+)");
  private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(20);

  /**
   * Finds both programs and checks FFmpeg's version.
   *
   * @param explicitFfmpeg a path given by the host, or null
   * @param explicitFfprobe a path given by the host, or null
   * @param env the environment to read {@code MEDIAFLOW_FFMPEG_HOME} and {@code PATH} from
   * @throws MediaFlowException with {@code BINARY_NOT_FOUND} when a program is missing or too old
   */
  public static Binaries locate(
      Path explicitFfmpeg, Path explicitFfprobe, Map<String, String> env) {
    return check(find(explicitFfmpeg, explicitFfprobe, env));
  }

  /**
   * The two programs found on disk, before either has run.
   *
   * @param ffmpeg the ffmpeg program
   * @param ffprobe the ffprobe program
   */
  public record Found(Path ffmpeg, Path ffprobe) {}

  /**
   * Finds both programs without running them.
   *
   * @throws MediaFlowException with {@code BINARY_NOT_FOUND} when a program is missing
   */
  public static Found find(Path explicitFfmpeg, Path explicitFfprobe, Map<String, String> env) {
    return new Found(
        program("ffmpeg", explicitFfmpeg, env), program("ffprobe", explicitFfprobe, env));
  }

  /**
   * Runs {@code ffmpeg -version} and checks the version.
   *
   * @throws MediaFlowException with {@code BINARY_NOT_FOUND} when it cannot run or is too old
   */
  public static Binaries check(Found found) {
    String version = checkVersion(versionLine(found.ffmpeg()), found.ffmpeg());
    LOG.info("using ffmpeg {} at {} and ffprobe at {}", version, found.ffmpeg(), found.ffprobe());
    return new Binaries(found.ffmpeg(), found.ffprobe(), version);
  }

  /**
   * Checks the first line of {@code ffmpeg -version}; returns the version text.
   *
   * @throws MediaFlowException with {@code BINARY_NOT_FOUND} when the version is below 5.1
   */
  static String checkVersion(String firstLine, Path program) {
    Matcher m = VERSION.matcher(firstLine);
    if (m.find()) {
      int major = Integer.parseInt(m.group(1));
      int minor = Integer.parseInt(m.group(2));
      String text = m.group(1) + "." + m.group(2) + m.group(3);
      if (major < MIN_MAJOR || (major == MIN_MAJOR && minor < MIN_MINOR)) {
        throw new MediaFlowException(
            ErrorCode.BINARY_NOT_FOUND,
            program + " is FFmpeg " + text + " but mediaflow needs 5.1 or newer",
            SUGGESTION);
      }
      return text;
    }
    Matcher any = ANY_VERSION.matcher(firstLine);
    if (any.find()) {
      // development builds say "N-112233-gabcdef": newer than any release we check against
      LOG.warn("cannot tell the release of ffmpeg version {}; assuming it is recent", any.group(1));
      return any.group(1);
    }
    throw new MediaFlowException(
        ErrorCode.BINARY_NOT_FOUND,
        program + " does not look like FFmpeg: -version printed \"" + firstLine + "\"",
        SUGGESTION);
  }

  private static Path program(String name, Path explicit, Map<String, String> env) {
    if (explicit != null) {
      if (isProgram(explicit)) {
        return explicit;
      }
      throw new MediaFlowException(
          ErrorCode.BINARY_NOT_FOUND,
          "the " + name + " given as " + explicit + " is not an executable file",
          "give the full path of " + name + ", or " + SUGGESTION);
    }
    String home = env.get(HOME_ENV);
    if (home != null && !home.isBlank()) {
      Optional<Path> inHome = inFolder(Path.of(home.trim()), name);
      if (inHome.isPresent()) {
        return inHome.get();
      }
      throw new MediaFlowException(
          ErrorCode.BINARY_NOT_FOUND,
          HOME_ENV + " is \"" + home + "\" but it holds no executable " + name,
          "point " + HOME_ENV + " at the folder holding ffmpeg and ffprobe, or " + SUGGESTION);
    }
    String path = env.getOrDefault("PATH", "");
    List<String> searched = new ArrayList<>();
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      searched.add(dir);
      Optional<Path> found = inFolder(Path.of(dir), name);
      if (found.isPresent()) {
        return found.get();
      }
    }
    throw new MediaFlowException(
        ErrorCode.BINARY_NOT_FOUND,
        name
            + " was not found: "
            + HOME_ENV
            + " is not set and no PATH folder holds it "
            + searched,
        SUGGESTION);
  }

  private static Optional<Path> inFolder(Path folder, String name) {
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    for (String n : windows ? List.of(name + ".exe", name) : List.of(name)) {
      Path candidate = folder.resolve(n);
      if (isProgram(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static boolean isProgram(Path p) {
    return Files.isRegularFile(p) && Files.isExecutable(p);
  }

  private static String versionLine(Path ffmpeg) {
    StringBuilder first = new StringBuilder();
    try {
      ProcessRunner.Result result =
          new ProcessRunner(Duration.ofSeconds(2))
              .run(
                  List.of(ffmpeg.toString(), "-hide_banner", "-version"),
                  line -> {
                    if (first.length() == 0) {
                      first.append(line);
                    }
                  },
                  () -> false,
                  Optional.of(VERSION_TIMEOUT));
      if (result.ending() != ProcessRunner.Ending.EXITED || result.exitCode() != 0) {
        throw new MediaFlowException(
            ErrorCode.BINARY_NOT_FOUND,
            ffmpeg + " -version failed (exit " + result.exitCode() + "): " + result.stderr(),
            SUGGESTION);
      }
    } catch (IOException e) {
      throw new MediaFlowException(
          ErrorCode.BINARY_NOT_FOUND,
          "cannot run " + ffmpeg + ": " + e.getMessage(),
          SUGGESTION,
          false,
          e);
    }
    return first.toString();
  }
}
