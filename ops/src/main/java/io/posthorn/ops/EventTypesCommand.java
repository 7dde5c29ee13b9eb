package io.posthorn.ops;

import io.posthorn.schema.catalog.CatalogType;
import io.posthorn.schema.catalog.EventCatalog;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code posthorn event-types}: the event catalog, one type per line. */
@Command(
    name = "event-types",
    mixinStandardHelpOptions = true,
    description =
        "Lists the event catalog: every event type with its schema version and description.")
final class EventTypesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--examples",
      description = "Also print each type's example payload, ready for `posthorn emit`.")
  boolean examples;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    int width =
        EventCatalog.standard().types().stream()
            .mapToInt(t -> t.type().name().length())
            .max()
            .orElse(0);
    for (CatalogType type : EventCatalog.standard().types()) {
      out.printf("%-" + width + "s  v%d  %s%n", type.type(), type.version(), type.description());
      if (examples) {
        out.printf("%-" + width + "s       %s%n", "", type.example().json());
      }
    }
    out.flush();
    return 0;
  }
}
