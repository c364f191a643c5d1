package io.mediaflow.internal.media;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.internal.RealPaths;
import io.mediaflow.internal.TempFileJournal;
import io.mediaflow.internal.WorkspacePaths;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outputs of one run of a plan: where each goes (resolved and checked once, before anything
 * runs), the temp file each is written to beside its destination, and the move of them all into
 * place together, or of none.
 */
final class StagedOutputs {

  private static final Logger LOG = LoggerFactory.getLogger(StagedOutputs.class);

  private final Map<String, Target> targets;
  private final List<Staged> staged = new ArrayList<>();

  private StagedOutputs(Map<String, Target> targets) {
    this.targets = targets;
  }

  /**
   * The outputs of {@code plan}, their destinations resolved and checked.
   *
   * @throws MediaFlowException as {@link LocalJobRunner#run} says, before anything runs
   */
  static StagedOutputs of(ProcessingPlan plan, boolean overwrite) {
    return new StagedOutputs(targets(plan, overwrite));
  }

  /** {@code out} redirected to a new temp file beside its destination. */
  InvocationOutput stage(InvocationOutput out) {
    return stage(out, targets.get(out.location()), staged);
  }

  /**
   * Moves every output into place, or none, and forgets the temp files.
   *
   * @return the real paths of the destinations written, in the order they were staged
   */
  List<Path> commit() {
    commit(staged);
    TempFileJournal.remove(temps());
    return staged.stream().map(st -> st.target().destination()).toList();
  }

  /** Deletes every temp file, after a failed run. */
  void discard() {
    staged.forEach(st -> TempFiles.deleteQuietly(st.temp()));
    TempFileJournal.remove(temps());
  }

  private List<Path> temps() {
    return staged.stream().map(Staged::temp).toList();
  }

  /**
   * Where an output goes, resolved once before anything runs.
   *
   * @param outputId the spec output, {@code outputs[0]}, for messages
   * @param destination the real path the output is written to
   * @param replace whether an existing file there may be replaced
   */
  private record Target(String outputId, Path destination, boolean replace) {}

  /** An output being written: its target and the temp file beside it. */
  private record Staged(Target target, Path temp) {}

  /**
   * Resolves and checks every destination of the plan, by its location in the plan.
   *
   * @throws MediaFlowException as {@link LocalJobRunner#run} says, before anything runs
   */
  private static Map<String, Target> targets(ProcessingPlan plan, boolean overwrite) {
    Map<String, Target> targets = new LinkedHashMap<>();
    Map<Path, String> owners = new HashMap<>();
    for (Invocation inv : plan.invocations()) {
      if (inv.purpose() == Invocation.Purpose.ANALYSIS) {
        continue;
      }
      for (InvocationOutput out : inv.outputs()) {
        Path given = Path.of(out.location()).toAbsolutePath().normalize();
        Path dest =
            RealPaths.realLocation(given)
                .orElseThrow(
                    () ->
                        new MediaFlowException(
                            ErrorCode.PATH_NOT_ALLOWED,
                            out.outputId()
                                + ": "
                                + given
                                + " passes through a symbolic link that leads nowhere",
                            "remove the broken link, or choose another destination"));
        Optional<String> notRegular = RealPaths.notRegularFile(dest);
        if (notRegular.isPresent()) {
          throw notRegularFile(out.outputId(), dest, notRegular.get());
        }
        boolean replace = overwrite || out.overwrite();
        if (!replace && Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
          throw destinationExists(out.outputId(), dest, "");
        }
        String owner = owners.putIfAbsent(dest, out.outputId());
        if (owner != null) {
          throw new MediaFlowException(
              ErrorCode.INVALID_VALUE,
              owner + " and " + out.outputId() + " both write " + dest,
              "give every output its own file");
        }
        targets.put(out.location(), new Target(out.outputId(), dest, replace));
      }
    }
    return targets;
  }

  private static MediaFlowException destinationExists(String outputId, Path dest, String when) {
    return new MediaFlowException(
        ErrorCode.DESTINATION_EXISTS,
        outputId + ": " + dest + " already exists" + when,
        WorkspacePaths.OVERWRITE_SUGGESTION);
  }

  private static MediaFlowException notRegularFile(String outputId, Path dest, String kind) {
    return new MediaFlowException(
        ErrorCode.NOT_A_REGULAR_FILE,
        outputId + ": " + dest + " is a " + kind + ", not a regular file",
        "choose a destination that is a regular file or does not exist yet; a folder, FIFO,"
            + " device or socket is never written, not even with overwrite");
  }

  /**
   * Makes the destination's folder and names a temp file in it. The folder was resolved to its real
   * path before the run; if it resolves elsewhere now (a part of it was replaced by a symbolic link
   * since), the job stops rather than write where nobody checked.
   */
  private static InvocationOutput stage(InvocationOutput out, Target target, List<Staged> staged) {
    Path dest = target.destination();
    Path folder = dest.getParent();
    Path realFolder;
    try {
      Files.createDirectories(folder);
      realFolder = folder.toRealPath();
    } catch (IOException e) {
      throw new MediaFlowException(
          ErrorCode.PROCESSING_FAILED,
          "cannot create the folder of " + dest + ": " + e.getMessage(),
          "check that the folder can be written",
          false,
          e);
    }
    if (!realFolder.equals(folder)) {
      throw new MediaFlowException(
          ErrorCode.PATH_NOT_ALLOWED,
          target.outputId()
              + ": the folder "
              + folder
              + " now leads to "
              + realFolder
              + "; it was replaced by a symbolic link while the job ran",
          "run the job again once the folder stays put");
    }
    Path temp = folder.resolve(TempFiles.tempName(dest.getFileName().toString()));
    staged.add(new Staged(target, temp));
    TempFileJournal.add(temp);
    return out.withLocation(temp.toString());
  }

  /**
   * Moves every output into place, or none: first those that must not replace a file, each with an
   * operation that fails if the destination exists (undone if a later one fails), then those that
   * may replace one, with an atomic rename. The caller deletes the temp files that are left.
   */
  private static void commit(List<Staged> staged) {
    for (Staged st : staged) {
      if (!Files.exists(st.temp(), LinkOption.NOFOLLOW_LINKS)) {
        throw new MediaFlowException(
            ErrorCode.PROCESSING_FAILED,
            "the media tool reported success but wrote nothing for " + st.target().destination(),
            "run the plan with --format json and check the output's streams");
      }
      // checked before the run too: a folder, device or link that took a file's place since is
      // not the file that may be replaced, and finding it now still leaves every output untouched
      Optional<String> notRegular = RealPaths.notRegularFile(st.target().destination());
      if (st.target().replace() && notRegular.isPresent()) {
        throw notRegularFile(st.target().outputId(), st.target().destination(), notRegular.get());
      }
    }
    List<Placed> placed = new ArrayList<>();
    try {
      for (Staged st : staged) {
        if (!st.target().replace()) {
          placed.add(placeNew(st));
        }
      }
      for (Staged st : staged) {
        if (st.target().replace()) {
          replace(st);
        }
      }
    } catch (RuntimeException e) {
      placed.forEach(StagedOutputs::undo);
      throw e;
    }
    staged.forEach(
        st -> TempFiles.deleteQuietly(st.temp())); // the hard-linked ones keep a second name
  }

  /** A new file this run put at {@code destination}, known by its file key to take it back. */
  private record Placed(Path destination, Object fileKey) {}

  /**
   * Puts a temp file at its destination unless a file is there: a hard link fails atomically when
   * the destination exists; where the file system has no hard links, a move without replace checks
   * and renames in two steps, which is as close as Java gets there.
   */
  private static Placed placeNew(Staged st) {
    Path dest = st.target().destination();
    Object key = fileKey(st.temp());
    try {
      Files.createLink(dest, st.temp());
      return new Placed(dest, key);
    } catch (FileAlreadyExistsException e) {
      throw destinationExists(st.target().outputId(), dest, " (it appeared while the job ran)");
    } catch (IOException | UnsupportedOperationException noLinks) {
      LOG.debug("no hard link for {} ({}); moving without replace", dest, noLinks.toString());
    }
    try {
      Files.move(st.temp(), dest);
      return new Placed(dest, key);
    } catch (FileAlreadyExistsException e) {
      throw destinationExists(st.target().outputId(), dest, " (it appeared while the job ran)");
    } catch (IOException io) {
      throw moveFailed(st, io);
    }
  }

  private static void replace(Staged st) {
    Path dest = st.target().destination();
    try {
      try {
        Files.move(
            st.temp(), dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException notAtomic) {
        Files.move(st.temp(), dest, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException io) {
      throw moveFailed(st, io);
    }
  }

  private static MediaFlowException moveFailed(Staged st, IOException io) {
    return new MediaFlowException(
        ErrorCode.PROCESSING_FAILED,
        "cannot move " + st.temp() + " to " + st.target().destination() + ": " + io.getMessage(),
        "check the destination folder's permissions",
        false,
        io);
  }

  /** Takes back a file this run put in place, unless another file has taken its name since. */
  private static void undo(Placed p) {
    Object now = fileKey(p.destination());
    if (p.fileKey() != null && !p.fileKey().equals(now)) {
      return;
    }
    try {
      Files.deleteIfExists(p.destination());
    } catch (IOException e) {
      LOG.warn("could not take back the output {}: {}", p.destination(), e.getMessage());
    }
  }

  /**
   * The file's identity (device and inode where the platform has them), without following links.
   */
  private static Object fileKey(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .fileKey();
    } catch (IOException e) {
      return null;
    }
  }
}
