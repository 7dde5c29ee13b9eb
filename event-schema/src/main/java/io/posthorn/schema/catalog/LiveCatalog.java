package io.posthorn.schema.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog of a running process, reloaded from its directory without a restart (decision 0042):
 * {@link #get()} is the catalog in force, {@link #reload()} loads the directory again and swaps the
 * new catalog in atomically, or refuses an invalid one and keeps the old, and {@link
 * #watch(Duration)} reloads whenever the directory changes, once it has been quiet for a moment (an
 * editor or a deployment writes several files); {@code SIGHUP} reloads every watched catalog of the
 * JVM too. Each reload is reported to the listener, which logs it. Thread-safe.
 */
public final class LiveCatalog implements Supplier<EventCatalog>, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LiveCatalog.class);

  /**
   * The listener a process uses: a change at INFO (what was added, removed or revised), a refusal
   * at ERROR naming the file, no change at DEBUG.
   */
  public static final Consumer<CatalogReload> LOG = LiveCatalog::logReload;

  private final Optional<Path> dir;
  private final Consumer<CatalogReload> listener;
  private volatile EventCatalog current;
  private volatile DirectoryStamp stamp; // the directory as it was before the last load
  private volatile WatchService watcher;

  private LiveCatalog(
      Optional<Path> dir,
      EventCatalog first,
      DirectoryStamp stamp,
      Consumer<CatalogReload> listener) {
    this.dir = dir;
    this.current = first;
    this.stamp = stamp;
    this.listener = listener;
  }

  /**
   * Loads {@code dir}, or the directory in {@value EventCatalog#DIR_VARIABLE} when empty (a process
   * without either has Posthorn's own types only, and nothing to reload).
   *
   * @throws InvalidCatalogException naming the file and the reason: a process must not start
   */
  public static LiveCatalog load(Optional<Path> dir, Consumer<CatalogReload> listener) {
    Optional<Path> named =
        dir.or(
            () ->
                Optional.ofNullable(System.getenv(EventCatalog.DIR_VARIABLE))
                    .filter(v -> !v.isBlank())
                    .map(v -> Path.of(v.strip())));
    // The standard catalog was read once per JVM, maybe long ago: the first refresh() reloads it.
    DirectoryStamp before = dir.map(DirectoryStamp::of).orElse(DirectoryStamp.NONE);
    return new LiveCatalog(named, EventCatalog.of(dir), before, listener);
  }

  private static void logReload(CatalogReload reload) {
    switch (reload) {
      case CatalogReload.Changed c -> log.info("event catalog reloaded: {}", c.change());
      case CatalogReload.Refused r ->
          log.error(
              "event catalog reload refused, the previous catalog stays in force: {}",
              r.reason().getMessage());
      case CatalogReload.Unchanged u -> log.debug("event catalog reloaded: no change");
    }
  }

  /** A catalog that never changes, e.g. for tests. */
  public static LiveCatalog fixed(EventCatalog catalog) {
    return new LiveCatalog(Optional.empty(), catalog, DirectoryStamp.NONE, r -> {});
  }

  /** The catalog in force now. */
  @Override
  public EventCatalog get() {
    return current;
  }

  /** The directory reloaded from; empty when there is none. */
  public Optional<Path> dir() {
    return dir;
  }

  /**
   * Loads the directory again. A valid catalog replaces the current one; an invalid one is refused
   * and the current one stays. Tells the listener either way.
   */
  public synchronized CatalogReload reload() {
    if (dir.isEmpty()) {
      return new CatalogReload.Unchanged();
    }
    return reload(DirectoryStamp.of(dir.get()));
  }

  /**
   * Reloads only when a {@code <type>.json} of the directory was added, removed, or changed in size
   * or modification time since the last load (valid or refused) read it; else answers {@link
   * CatalogReload.Unchanged} without reading a file or telling the listener. Cheap enough for a
   * process to call whenever its catalog refuses an event (a listing and a stat per file), which is
   * how a writer or a relay never refuses what a newer catalog on its disk accepts.
   */
  public synchronized CatalogReload refresh() {
    if (dir.isEmpty()) {
      return new CatalogReload.Unchanged();
    }
    DirectoryStamp now = DirectoryStamp.of(dir.get());
    return now.equals(stamp) ? new CatalogReload.Unchanged() : reload(now);
  }

  private CatalogReload reload(DirectoryStamp before) {
    stamp = before;
    CatalogReload outcome;
    try {
      EventCatalog next = EventCatalog.load(dir.get());
      CatalogChange change = CatalogChange.between(current, next);
      current = next;
      outcome =
          change.isEmpty() ? new CatalogReload.Unchanged() : new CatalogReload.Changed(change);
    } catch (InvalidCatalogException e) {
      outcome = new CatalogReload.Refused(e);
    } catch (RuntimeException e) {
      outcome =
          new CatalogReload.Refused(
              new InvalidCatalogException(dir.get().toString(), e.toString(), e));
    }
    listener.accept(outcome);
    return outcome;
  }

  /**
   * Reloads whenever a file of the directory is created, changed or deleted, after {@code quiet}
   * without further change. Does nothing without a directory; stops on {@link #close()}.
   */
  public synchronized LiveCatalog watch(Duration quiet) {
    if (dir.isEmpty() || watcher != null) {
      return this;
    }
    try {
      WatchService service = dir.get().getFileSystem().newWatchService();
      dir.get()
          .register(
              service,
              StandardWatchEventKinds.ENTRY_CREATE,
              StandardWatchEventKinds.ENTRY_MODIFY,
              StandardWatchEventKinds.ENTRY_DELETE);
      watcher = service;
      HangUp.add(this);
      Thread.ofPlatform()
          .daemon()
          .name("posthorn-catalog-watch")
          .start(() -> watchLoop(service, quiet));
    } catch (IOException e) {
      throw new UncheckedIOException("watching the event catalog directory " + dir.get(), e);
    }
    return this;
  }

  private void watchLoop(WatchService service, Duration quiet) {
    try {
      while (true) {
        drain(service.take());
        WatchKey more;
        while ((more = service.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
          drain(more);
        }
        reload();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ClosedWatchServiceException e) {
      // closed: stop watching
    }
  }

  private static void drain(WatchKey key) {
    key.pollEvents();
    key.reset();
  }

  @Override
  public void close() {
    HangUp.remove(this);
    WatchService w = watcher;
    if (w != null) {
      try {
        w.close();
      } catch (IOException e) {
        // nothing left to release
      }
    }
  }
}
