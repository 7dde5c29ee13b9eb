package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.devstack.ManualClock;
import io.posthorn.schema.catalog.CatalogReload;
import io.posthorn.schema.catalog.LiveCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A row from a writer with a newer catalog than the relay's is checked again after a refresh, and
 * held while its type or version is still missing (decisions 0042, 0047).
 */
@Timeout(30)
class CatalogRecheckTest {
  private static final Duration WAIT = Duration.ofMinutes(1);

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock();
  private final List<CatalogReload> reloads = new ArrayList<>();
  private final List<String> waits = new CopyOnWriteArrayList<>();
  private final AtomicInteger holding = new AtomicInteger();

  private final RelayListener listener =
      new RelayListener() {
        @Override
        public void catalogWaitStarted(String rowId, String missing) {
          waits.add("started " + missing);
        }

        @Override
        public void catalogWaitEnded(String rowId, boolean found) {
          waits.add(found ? "found" : "given up");
        }
      };

  @Test
  void aVersionTheRelayDoesNotKnowYetIsRelayedOnceTheDirectoryHasIt() throws Exception {
    write(1);
    CatalogRecheck recheck = recheck(Duration.ZERO);
    write(2); // the writer's catalog is ahead; the relay has not reloaded yet

    CapturedRow row = recheck.map(row(2));

    assertThat(row).isInstanceOf(CapturedRow.Valid.class);
    assertThat(((CapturedRow.Valid) row).envelope().schemaVersion()).isEqualTo(2);
    assertThat(reloads).hasSize(1);
  }

  @Test
  void aFileWrittenRightAfterARefusal_isReadForTheNextRow_withoutWaitingAnInterval()
      throws Exception {
    write(1);
    CatalogRecheck recheck = recheck(Duration.ZERO);
    assertThat(recheck.map(row(3))).isInstanceOf(CapturedRow.Invalid.class);

    write(3); // same instant on the clock

    assertThat(recheck.map(row(3))).isInstanceOf(CapturedRow.Valid.class);
  }

  @Test
  void aRefusalWithTheDirectoryUnchangedReadsNoFile() throws Exception {
    write(1);
    CatalogRecheck recheck = recheck(Duration.ZERO);

    assertThat(recheck.map(row(3))).isInstanceOf(CapturedRow.Invalid.class);
    assertThat(recheck.map(row(3))).isInstanceOf(CapturedRow.Invalid.class);

    assertThat(reloads).isEmpty();
  }

  @Test
  void aMissingVersionIsHeld_untilTheDirectoryGainsIt() throws Exception {
    write(1);
    CatalogRecheck recheck = recheck(WAIT);

    CompletableFuture<CapturedRow> mapped = mapAsync(recheck, row(2));
    await().atMost(Duration.ofSeconds(10)).until(() -> waits.contains("started invoice.paid v2"));
    assertThat(mapped).isNotDone();
    write(2);

    CapturedRow row = mapped.get(10, TimeUnit.SECONDS);
    assertThat(row).isInstanceOf(CapturedRow.Valid.class);
    assertThat(((CapturedRow.Valid) row).envelope().schemaVersion()).isEqualTo(2);
    assertThat(waits).containsExactly("started invoice.paid v2", "found");
    assertThat(holding).hasPositiveValue(); // the watchdog was told
  }

  @Test
  void aMissingTypeIsQuarantinedAfterTheWait_theReasonNamingIt() throws Exception {
    write(1);
    CatalogRecheck recheck = recheck(WAIT);

    CompletableFuture<CapturedRow> mapped =
        mapAsync(recheck, row(1).put("event_type", "invoice.voided"));
    await().atMost(Duration.ofSeconds(10)).until(() -> waits.contains("started invoice.voided"));
    clock.advance(WAIT.minusMillis(1));
    assertThat(mapped).isNotDone();
    clock.advance(Duration.ofMillis(1));

    CapturedRow row = mapped.get(10, TimeUnit.SECONDS);
    assertThat(row).isInstanceOf(CapturedRow.Invalid.class);
    assertThat(((CapturedRow.Invalid) row).reason())
        .contains("'invoice.voided' is not in the event catalog")
        .contains("held PT1M")
        .contains("relay.catalog-wait");
    assertThat(waits).containsExactly("started invoice.voided", "given up");
  }

  @Test
  void afterAWaitGaveUp_theSameMissingTypeIsQuarantinedAtOnce_untilTheCatalogChanges()
      throws Exception {
    write(1);
    CatalogRecheck recheck = recheck(WAIT);
    Struct typo = row(1).put("event_type", "invoice.voided");
    CompletableFuture<CapturedRow> first = mapAsync(recheck, typo);
    await().atMost(Duration.ofSeconds(10)).until(() -> !waits.isEmpty());
    clock.advance(WAIT);
    assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOf(CapturedRow.Invalid.class);

    CapturedRow second = recheck.map(typo);

    assertThat(((CapturedRow.Invalid) second).reason())
        .contains("quarantined at once until its event catalog changes");
    assertThat(waits).containsExactly("started invoice.voided", "given up");

    write(2); // the catalog changes: the next such row gets its wait again
    CompletableFuture<CapturedRow> third = mapAsync(recheck, typo);
    await().atMost(Duration.ofSeconds(10)).until(() -> waits.size() == 3);
    recheck.stop();
    assertThat(third).failsWithin(Duration.ofSeconds(10));
  }

  @Test
  void aPayloadBreakingAVersionTheCatalogHas_isQuarantinedWithoutWaiting() throws Exception {
    write(1);
    CatalogRecheck recheck = recheck(WAIT);

    CapturedRow row = recheck.map(row(1).put("payload", "{\"cents\": 5}"));

    assertThat(row).isInstanceOf(CapturedRow.Invalid.class);
    assertThat(waits).isEmpty();
  }

  @Test
  void stoppingTheRunLetsGoOfAHeldRow() throws Exception {
    write(1);
    CatalogRecheck recheck = recheck(WAIT);
    CompletableFuture<CapturedRow> mapped = mapAsync(recheck, row(4));
    await().atMost(Duration.ofSeconds(10)).until(() -> !waits.isEmpty());

    recheck.stop();

    assertThat(mapped)
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(CatalogRecheck.HoldAbandoned.class);
    assertThat(waits).containsExactly("started invoice.paid v4", "given up");
  }

  @Test
  void aRowTheCatalogAcceptsReloadsNothing() throws Exception {
    write(1);
    CatalogRecheck recheck = recheck(WAIT);

    assertThat(recheck.map(row(1))).isInstanceOf(CapturedRow.Valid.class);
    assertThat(reloads).isEmpty();
    assertThat(waits).isEmpty();
  }

  private CatalogRecheck recheck(Duration maxWait) {
    return new CatalogRecheck(
        LiveCatalog.load(Optional.of(dir), reloads::add),
        clock,
        maxWait,
        listener,
        holding::incrementAndGet);
  }

  private static CompletableFuture<CapturedRow> mapAsync(CatalogRecheck recheck, Struct row) {
    CompletableFuture<CapturedRow> mapped = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                mapped.complete(recheck.map(row));
              } catch (Throwable e) {
                mapped.completeExceptionally(e);
              }
            });
    return mapped;
  }

  private static Struct row(int version) {
    return OutboxRowMapperTest.validRow()
        .put("event_type", "invoice.paid")
        .put("payload", "{\"amountCents\": 5}")
        .put("schema_version", version);
  }

  /** invoice.paid with versions 1 to {@code latest}, each requiring amountCents. */
  private void write(int latest) throws IOException {
    List<String> versions = new ArrayList<>();
    for (int v = 1; v <= latest; v++) {
      versions.add(
          "{\"type\": \"object\", \"version\": "
              + v
              + ", \"required\": [\"amountCents\"], \"examples\": [{\"amountCents\": 1}]}");
    }
    Files.writeString(
        dir.resolve("invoice.paid.json"),
        "{\"title\": \"invoice.paid\", \"description\": \"Paid.\", \"versions\": ["
            + String.join(", ", versions)
            + "]}");
  }
}
