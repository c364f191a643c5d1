package io.mediaflow.api.operator;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import java.net.URI;
import java.nio.file.Path;

/**
 * The host's rule for the files a spec names in parameters (a font, a subtitle file, a list of
 * frames): it turns the path as written into the one file a job may open, or refuses it. Every
 * {@link ParamType#PATH} value goes through it before an operator or action sees it, so no
 * parameter can name a file the host did not allow.
 *
 * <p>{@code mediaflow-core}'s {@code Workspace} provides the rule of inputs and outputs: relative
 * paths start at its base directory, symbolic links are followed, and the file they lead to must
 * lie inside the allowed roots. Whether a path is allowed is decided before anything looks at
 * whether it exists, so a refusal never says whether something is there.
 *
 * {@snippet :
 * PathResolver paths = workspace::resolveFile;
 * Path font = paths.resolve("fonts/title.ttf", "operations[2].params.fontFile");
 * }
 */
@FunctionalInterface
public interface PathResolver {

  /**
   * Resolves one path.
   *
   * @param path the path as the spec gives it: {@code fonts/title.ttf}, {@code file:/srv/a.ttf}
   * @param jsonPath where the spec gives it, named by the violation
   * @return the absolute path to open, with every symbolic link resolved; it may not exist
   * @throws ValidationException with one violation at {@code jsonPath}: {@code PATH_NOT_ALLOWED}
   *     when the file lies outside what the host allows, or another code when {@code path} is not a
   *     local file path at all
   */
  Path resolve(String path, String jsonPath);

  /**
   * Checks a location of a {@link ParamType#LOCATION} parameter that names a scheme other than
   * {@code file:} ({@code s3://bucket/key.mp4}): that a storage serves the scheme and that the
   * location has its form, without touching the network. The default refuses every such location
   * with {@code UNSUPPORTED_SOURCE}; {@code mediaflow-core}'s engine asks its {@code
   * MediaStorage}s.
   *
   * @param location as written
   * @param jsonPath where it is written, named by the violation
   * @return the location as its storage reads it
   * @throws ValidationException with one violation at {@code jsonPath}
   */
  default URI resolveLocation(String location, String jsonPath) {
    throw new ValidationException(
        new Violation(
            jsonPath,
            ErrorCode.UNSUPPORTED_SOURCE,
            "location " + ParamType.describe(location) + " is not a local file",
            "name a file inside the allowed folders"));
  }

  /**
   * Refuses every path with {@code PATH_NOT_ALLOWED}: the rule of contexts made without a host's
   * policy, so that forgetting to pass one never opens a file.
   */
  static PathResolver none() {
    return (path, jsonPath) -> {
      throw new ValidationException(
          new Violation(
              jsonPath,
              ErrorCode.PATH_NOT_ALLOWED,
              "file " + ParamType.describe(path) + " is not allowed: no folder is allowed here",
              "plan with a workspace that allows the file's folder"));
    };
  }
}
