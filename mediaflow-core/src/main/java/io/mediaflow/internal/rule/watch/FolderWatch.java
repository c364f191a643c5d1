package io.mediaflow.internal.rule.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import io.mediaflow.api.rule.FileTrigger;
import io.mediaflow.api.store.FileStateArguments;
import io.mediaflow.api.store.FileStateStore;
import io.mediaflow.api.store.SeenFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch of one folder rule: change notices from a {@link WatchService} make new and changed
 * files candidates at once; a full listing every {@link FileTrigger#rescan()} catches what notices
 * miss (an overflow, a network file system, a folder that came back). A candidate is due once its
 * size and modification time stayed the same for the debounce window, measured on the engine's
 * clock at each {@link #due}; the caller claims it and calls {@link #handled}.
 *
 * <p>Memory: the handled files are {@link KnownFiles} (two longs each); only candidates are held as
 * objects. Not thread-safe: its owner, {@link FileWatches}, serialises calls.
 */
final class FolderWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FolderWatch.class);

  private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final String ruleId;
  private final FileTrigger trigger;
  private final FolderWalker walker;
  private final FileStateStore store;
  private final Clock clock;
  private final KnownFiles known = new KnownFiles();
  private Map<Path, Candidate> pending = new HashMap<>();
  private final Map<Path, WatchKey> folders = new HashMap<>();
  private final WatchService notices;
  private Instant nextRescan = Instant.MIN;
  private boolean rootPresent = true;
  private long scan;

  /** A file seen but not yet due: its last version and since when it has not changed. */
  private static final class Candidate {
    long size;
    Instant modified;
    Instant since;
    long scan;

    Candidate(long size, Instant modified, Instant since) {
      this.size = size;
      this.modified = modified;
      this.since = since;
    }
  }

  /**
   * Starts watching: reads what the store says this rule handled, in pages.
   *
   * @param root the folder, absolute and real
   */
  FolderWatch(String ruleId, FileTrigger trigger, Path root, FileStateStore store, Clock clock) {
    this.ruleId = ruleId;
    this.trigger = trigger;
    this.walker = new FolderWalker(root, trigger.glob(), trigger.recursive());
    this.store = store;
    this.clock = clock;
    for (int page = 0; ; page++) {
      List<SeenFile> claimed = store.claimed(ruleId, page, FileStateArguments.MAX_PAGE_SIZE);
      for (SeenFile f : claimed) {
        known.put(f.path(), f.size(), f.modified());
      }
      if (claimed.size() < FileStateArguments.MAX_PAGE_SIZE) {
        break;
      }
    }
    this.notices = openNotices(root);
  }

  private static WatchService openNotices(Path root) {
    try {
      return root.getFileSystem().newWatchService();
    } catch (IOException | UnsupportedOperationException e) {
      // too many inotify instances, or a file system without notices: the rescan still works
      LOG.warn("watching {} by rescans only, without change notices: {}", root, e.toString());
      return null;
    }
  }

  FileTrigger trigger() {
    return trigger;
  }

  /** How many candidates it holds (files seen, not yet handled). */
  int candidates() {
    return pending.size();
  }

  /**
   * Takes the change notices and, when it is time, lists the folder again; returns the candidates
   * now due, in no order. They stay candidates until {@link #handled}.
   */
  List<SeenFile> due(Instant now) {
    boolean rescan = takeNotices(now) || !now.isBefore(nextRescan);
    if (!rootPresent && Files.isDirectory(walker.root())) {
      rescan = true; // the folder came back
    }
    if (rescan) {
      // set first: a listing that fails is tried again at the next rescan, not every second
      nextRescan = now.plus(trigger.rescan());
      rescan(now);
    }
    return settle(now);
  }

  /** These files were claimed (here or by another engine): they are not candidates any more. */
  void handled(Collection<SeenFile> files) {
    for (SeenFile f : files) {
      known.put(f.path(), f.size(), f.modified());
      pending.remove(Path.of(f.path()));
    }
    if (pending.isEmpty()) {
      pending = new HashMap<>(); // a burst of files leaves no large empty table behind
    }
  }

  /** The trigger data of a handled file. */
  Map<String, Object> data(SeenFile file) {
    Path path = Path.of(file.path());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("path", file.path());
    data.put("name", path.getFileName().toString());
    data.put("relativePath", walker.relative(path));
    data.put("folder", walker.root().toString());
    data.put("size", file.size());
    data.put("modifiedAt", file.modified().toString());
    return data;
  }

  // ---------------------------------------------------------------- notices

  /** Takes the pending change notices; true when they ask for a full listing (an overflow). */
  private boolean takeNotices(Instant now) {
    if (notices == null) {
      return false;
    }
    boolean overflow = false;
    for (WatchKey key = notices.poll(); key != null; key = notices.poll()) {
      Path dir = (Path) key.watchable();
      for (WatchEvent<?> event : key.pollEvents()) {
        if (event.kind() == OVERFLOW) {
          overflow = true;
        } else {
          overflow |= notice(dir.resolve((Path) event.context()), event.kind(), now);
        }
      }
      if (!key.reset()) {
        folders.remove(dir); // the folder is gone; the rescan watches it again if it returns
        overflow |= dir.equals(walker.root());
      }
    }
    return overflow;
  }

  private boolean notice(Path child, WatchEvent.Kind<?> kind, Instant now) {
    if (kind == ENTRY_DELETE) {
      pending.remove(child);
      return false;
    }
    BasicFileAttributes attrs = attributes(child);
    if (attrs == null) {
      return false;
    }
    if (attrs.isDirectory()) {
      // a folder created (or moved in) whole: list it, its files may have arrived before its watch
      if (walker.recursive() && !folders.containsKey(child)) {
        try {
          walker.walk(child, this::watchFolder, (f, a) -> seen(f, a, now, false));
        } catch (IOException e) {
          return true;
        }
      }
      return false;
    }
    if (attrs.isRegularFile() && walker.takes(child)) {
      seen(child, attrs, now, false);
    }
    return false;
  }

  private void watchFolder(Path dir) {
    if (notices == null || folders.containsKey(dir)) {
      return;
    }
    try {
      folders.put(dir, dir.register(notices, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE));
    } catch (IOException e) {
      // out of inotify watches, or deleted meanwhile: the rescan covers it
      LOG.debug("no change notices for {}: {}", dir, e.toString());
    }
  }

  // ---------------------------------------------------------------- rescans

  private void rescan(Instant now) {
    Path root = walker.root();
    if (!Files.isDirectory(root)) {
      if (rootPresent) {
        LOG.warn("watched folder {} of rule {} is gone; watching for it to return", root, ruleId);
      }
      rootPresent = false;
      pending.clear();
      cancelNotices();
      return;
    }
    if (!rootPresent) {
      LOG.info("watched folder {} of rule {} is back", root, ruleId);
      rootPresent = true;
    }
    scan++;
    known.startScan();
    Instant started = clock.instant();
    try {
      walker.walk(root, this::watchFolder, (f, a) -> seen(f, a, now, true));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list watched folder " + root, e);
    }
    pending.values().removeIf(c -> c.scan != scan); // gone since it was seen
    if (known.unmarked() > 0) {
      forgetMissing(started);
    }
  }

  /**
   * Forgets the handled files no longer there, so that one coming back fires again. Skipped when
   * the listing took longer than the debounce window: another engine may meanwhile have claimed a
   * file this listing was too early to see, whose claim must not be forgotten.
   */
  private void forgetMissing(Instant listingStarted) {
    if (Duration.between(listingStarted, clock.instant()).compareTo(trigger.debounce()) > 0) {
      return;
    }
    List<String> present = new ArrayList<>();
    try {
      walker.walk(walker.root(), dir -> {}, (f, a) -> present.add(f.toString()));
    } catch (IOException e) {
      return; // the next rescan tries again
    }
    int forgotten = store.forgetMissing(ruleId, present);
    known.retainMarked();
    LOG.debug("rule {}: forgot {} files no longer in {}", ruleId, forgotten, walker.root());
  }

  /** A file listed or noticed: a candidate unless this version was handled. */
  private void seen(Path file, BasicFileAttributes attrs, Instant now, boolean listing) {
    String path = file.toString();
    long size = attrs.size();
    Instant modified = attrs.lastModifiedTime().toInstant();
    boolean handled = listing ? known.mark(path, size, modified) : known.has(path, size, modified);
    if (handled) {
      pending.remove(file);
      return;
    }
    Candidate c = pending.get(file);
    if (c == null) {
      c = new Candidate(size, modified, now);
      pending.put(file, c);
    } else if (c.size != size || !c.modified.equals(modified)) {
      c.size = size;
      c.modified = modified;
      c.since = now;
    }
    c.scan = scan;
  }

  /** Looks at every candidate again; returns those unchanged for the debounce window. */
  private List<SeenFile> settle(Instant now) {
    List<SeenFile> due = new ArrayList<>();
    for (Iterator<Map.Entry<Path, Candidate>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Path, Candidate> e = it.next();
      Candidate c = e.getValue();
      BasicFileAttributes attrs = attributes(e.getKey());
      if (attrs == null || !attrs.isRegularFile()) {
        it.remove();
        continue;
      }
      Instant modified = attrs.lastModifiedTime().toInstant();
      if (attrs.size() != c.size || !modified.equals(c.modified)) {
        c.size = attrs.size();
        c.modified = modified;
        c.since = now;
      }
      if (Duration.between(c.since, now).compareTo(trigger.debounce()) >= 0) {
        due.add(new SeenFile(e.getKey().toString(), c.size, c.modified));
      }
    }
    return due;
  }

  private static BasicFileAttributes attributes(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, NO_FOLLOW);
    } catch (IOException e) {
      return null; // gone
    }
  }

  private void cancelNotices() {
    folders.values().forEach(WatchKey::cancel);
    folders.clear();
  }

  @Override
  public void close() {
    cancelNotices();
    if (notices != null) {
      try {
        notices.close();
      } catch (IOException e) {
        LOG.debug("closing the change notices of {}: {}", walker.root(), e.toString());
      }
    }
  }
}
