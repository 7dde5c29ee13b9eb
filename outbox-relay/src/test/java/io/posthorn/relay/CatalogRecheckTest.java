package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A row from a writer with a newer catalog than the relay's is checked again after a reload. */
class CatalogRecheckTest {
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock();
  private final List<CatalogReload> reloads = new ArrayList<>();

  @Test
  void aVersionTheRelayDoesNotKnowYetIsRelayedOnceTheDirectoryHasIt() throws IOException {
    write(1);
    CatalogRecheck recheck =
        new CatalogRecheck(LiveCatalog.load(Optional.of(dir), reloads::add), clock);
    write(2); // the writer's catalog is ahead; the relay has not reloaded yet

    CapturedRow row = recheck.map(row(2));

    assertThat(row).isInstanceOf(CapturedRow.Valid.class);
    assertThat(((CapturedRow.Valid) row).envelope().schemaVersion()).isEqualTo(2);
    assertThat(reloads).hasSize(1);
  }

  @Test
  void reloadsAtMostOncePerInterval_thenQuarantinesWhatIsStillUnknown() throws IOException {
    write(1);
    CatalogRecheck recheck =
        new CatalogRecheck(LiveCatalog.load(Optional.of(dir), reloads::add), clock);

    assertThat(recheck.map(row(3))).isInstanceOf(CapturedRow.Invalid.class);
    write(3);
    assertThat(recheck.map(row(3))).isInstanceOf(CapturedRow.Invalid.class);
    assertThat(reloads).hasSize(1);

    clock.advance(CatalogRecheck.MIN_INTERVAL.plus(Duration.ofMillis(1)));
    assertThat(recheck.map(row(3))).isInstanceOf(CapturedRow.Valid.class);
    assertThat(reloads).hasSize(2);
  }

  @Test
  void aRowTheCatalogAcceptsReloadsNothing() throws IOException {
    write(1);
    CatalogRecheck recheck =
        new CatalogRecheck(LiveCatalog.load(Optional.of(dir), reloads::add), clock);

    assertThat(recheck.map(row(1))).isInstanceOf(CapturedRow.Valid.class);
    assertThat(reloads).isEmpty();
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
