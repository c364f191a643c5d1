package io.mediaflow.internal.action.organise;

import java.util.Locale;

/** What a file action does when its destination exists: the {@code conflict} parameter. */
enum Conflict {
  /** Fail with {@code ORGANISE_DESTINATION_EXISTS}; the default, so nothing is replaced unasked. */
  FAIL,
  /** Keep both: the new file takes the first free name of {@code name (1).ext}, {@code (2)}, … */
  SUFFIX,
  /** Replace the destination, in one atomic rename. */
  OVERWRITE;

  /** The values as the parameter takes them. */
  static final String[] NAMES = {"fail", "suffix", "overwrite"};

  static Conflict of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
