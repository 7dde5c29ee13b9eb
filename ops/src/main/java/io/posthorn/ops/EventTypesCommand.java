package io.posthorn.ops;

import io.posthorn.schema.catalog.CatalogType;
import io.posthorn.schema.catalog.CatalogVersion;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code posthorn event-types}: the configured event catalog, one type per line: name, schema
 * versions, description ({@code DEPRECATED:} first when the type is).
 */
@Command(
    name = "event-types",
    mixinStandardHelpOptions = true,
    description =
        "Lists the event catalog (--catalog-dir or $POSTHORN_CATALOG_DIR, plus Posthorn's own"
            + " types): every event type with its schema versions and description.")
final class EventTypesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CatalogOptions catalog;

  @Option(
      names = "--examples",
      description =
          "Also print an example payload of each type's versions, ready for `posthorn emit`.")
  boolean examples;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<CatalogType> types = catalog.catalog().types();
    int width = types.stream().mapToInt(t -> t.type().name().length()).max().orElse(0);
    for (CatalogType type : types) {
      String versions =
          type.versions().stream().map(v -> "v" + v.version()).collect(Collectors.joining(","));
      out.printf(
          "%-" + width + "s  %s  %s%s%n",
          type.type(),
          versions,
          type.deprecated() ? "DEPRECATED: " : "",
          type.description());
      if (examples) {
        for (CatalogVersion version : type.versions()) {
          out.printf(
              "%-" + width + "s       %s%s%n",
              "",
              type.versions().size() > 1 ? "v" + version.version() + " " : "",
              version.example().json());
        }
      }
    }
    out.flush();
    return 0;
  }
}
