package io.posthorn.schema.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.schema.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Reloading a catalog directory into a running process (decision 0042). */
@Timeout(60)
class LiveCatalogTest {
  private static final String ID =
      "\"required\": [\"id\"], \"properties\": {\"id\": {\"type\": \"string\"}}";

  @TempDir Path dir;
  private final BlockingQueue<CatalogReload> reloads = new LinkedBlockingQueue<>();

  private LiveCatalog live() {
    return LiveCatalog.load(Optional.of(dir), reloads::add);
  }

  @Test
  void aReloadSwapsInTheNewCatalogAndSaysWhatChanged() {
    CatalogDir files = new CatalogDir(dir).type("invoice.paid", 1, ID, "{\"id\": \"a\"}");
    files.type("invoice.sent", 1, ID, "{\"id\": \"a\"}");
    LiveCatalog catalog = live();
    EventCatalog before = catalog.get();

    files.type("invoice.voided", 1, ID, "{\"id\": \"a\"}");
    files.versions(
        "invoice.paid",
        "",
        CatalogDir.version("invoice.paid", 1, ID, "{\"id\": \"a\"}"),
        CatalogDir.version("invoice.paid", 2, "", "{}"));
    CatalogReload reload = catalog.reload();

    assertThat(reload).isInstanceOf(CatalogReload.Changed.class);
    CatalogChange change = ((CatalogReload.Changed) reload).change();
    assertThat(change.addedTypes()).containsExactly("invoice.voided");
    assertThat(change.addedVersions()).containsExactly("invoice.paid v2");
    assertThat(change.removedTypes()).isEmpty();
    assertThat(catalog.get()).isNotSameAs(before);
    assertThat(catalog.get().find(EventType.of("invoice.voided"))).isPresent();
    assertThat(reloads).containsExactly(reload);
  }

  @Test
  void theDiffNamesRemovedTypesRemovedVersionsAndRevisionsInPlace() throws Exception {
    CatalogDir files =
        new CatalogDir(dir)
            .versions(
                "invoice.paid",
                "",
                CatalogDir.version("invoice.paid", 1, ID, "{\"id\": \"a\"}"),
                CatalogDir.version("invoice.paid", 2, "", "{}"));
    files.type("invoice.sent", 1, ID, "{\"id\": \"a\"}");
    EventCatalog before = EventCatalog.load(dir);

    Files.delete(dir.resolve("invoice.sent.json"));
    files.type("invoice.paid", 1, "", "{\"id\": \"a\"}");
    CatalogChange change = CatalogChange.between(before, EventCatalog.load(dir));

    assertThat(change.removedTypes()).containsExactly("invoice.sent");
    assertThat(change.removedVersions()).containsExactly("invoice.paid v2");
    assertThat(change.revised()).containsExactly("invoice.paid v1");
    assertThat(change.toString())
        .isEqualTo(
            "types removed [invoice.sent]; versions removed [invoice.paid v2];"
                + " revised in place [invoice.paid v1]");
    assertThat(CatalogChange.between(before, before).isEmpty()).isTrue();
  }

  @Test
  void anInvalidDirectoryIsRefusedNamingTheFile_andTheOldCatalogStays() {
    new CatalogDir(dir).type("invoice.paid", 1, ID, "{\"id\": \"a\"}");
    LiveCatalog catalog = live();
    EventCatalog before = catalog.get();

    new CatalogDir(dir).type("invoice.broken", 1, ID, "{\"id\": 7}");
    CatalogReload reload = catalog.reload();

    assertThat(reload).isInstanceOf(CatalogReload.Refused.class);
    assertThat(((CatalogReload.Refused) reload).reason().file()).endsWith("invoice.broken.json");
    assertThat(catalog.get()).isSameAs(before);
  }

  @Test
  void anUnchangedDirectoryReloadsToUnchanged() {
    new CatalogDir(dir).type("invoice.paid", 1, ID, "{\"id\": \"a\"}");

    assertThat(live().reload()).isEqualTo(new CatalogReload.Unchanged());
  }

  @Test
  void watchingReloadsOnceTheDirectoryChanged() throws Exception {
    new CatalogDir(dir).type("invoice.paid", 1, ID, "{\"id\": \"a\"}");
    try (LiveCatalog catalog = live().watch(Duration.ofMillis(50))) {
      new CatalogDir(dir).type("invoice.voided", 1, ID, "{\"id\": \"a\"}");

      CatalogReload reload = reloads.poll(30, TimeUnit.SECONDS);
      while (reload instanceof CatalogReload.Refused) { // caught the file half written
        reload = reloads.poll(30, TimeUnit.SECONDS);
      }

      assertThat(reload).isInstanceOf(CatalogReload.Changed.class);
      assertThat(((CatalogReload.Changed) reload).change().addedTypes())
          .containsExactly("invoice.voided");
      assertThat(catalog.get().find(EventType.of("invoice.voided"))).isPresent();
    }
  }

  @Test
  void aHangUpReloadsEveryWatchedCatalog_andNoLongerOnceClosed() throws Exception {
    new CatalogDir(dir).type("invoice.paid", 1, ID, "{\"id\": \"a\"}");
    LiveCatalog catalog = live().watch(Duration.ofMinutes(10));

    HangUp.reloadAll();
    assertThat(reloads.poll(10, TimeUnit.SECONDS)).isEqualTo(new CatalogReload.Unchanged());

    catalog.close();
    HangUp.reloadAll();
    assertThat(reloads).isEmpty();
  }
}
