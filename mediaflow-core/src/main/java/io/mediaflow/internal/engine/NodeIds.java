package io.mediaflow.internal.engine;

import java.util.UUID;

/** The engine's name in the leases it takes: the host's, checked, or a new one per process. */
final class NodeIds {

  private NodeIds() {}

  /** {@code host-pid-random}: new in every process, so a restart cannot recognise its leases. */
  static String newDefault() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException | SecurityException e) {
      host = "node";
    }
    long pid = ProcessHandle.current().pid();
    return host + "-" + pid + "-" + UUID.randomUUID().toString().substring(0, 4);
  }

  /** The id a host set, or an {@link IllegalArgumentException} saying what is wrong with it. */
  static String checked(String value) {
    if (value.isBlank() || value.length() > 100) {
      throw new IllegalArgumentException(
          "nodeId must be 1 to 100 characters but was \"" + value + "\"");
    }
    if (value.indexOf('/') >= 0) {
      // leases are owned by "nodeId/thread": a '/' in the id would let node "a" take back the
      // leases of node "a/b" when it restarts
      throw new IllegalArgumentException(
          "nodeId must not contain '/' but was \""
              + value
              + "\"; use '-' or '.' to build it from parts");
    }
    return value;
  }
}
