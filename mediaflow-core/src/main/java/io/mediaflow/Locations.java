package io.mediaflow;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a job's files are on this machine, as {@link Workspace#resolve} checked them: real paths,
 * with the symbolic links on their existing part resolved, so the files read and written are the
 * files that were checked.
 *
 * @param inputs each input id's local file
 * @param outputs each output's destination, in the order of the spec's outputs
 */
public record Locations(Map<String, Path> inputs, List<Path> outputs) {

  public Locations {
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    outputs = List.copyOf(outputs);
  }
}
