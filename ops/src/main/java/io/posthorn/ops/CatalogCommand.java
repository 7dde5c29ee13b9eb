package io.posthorn.ops;

import io.posthorn.schema.catalog.Compatibility;
import io.posthorn.schema.catalog.EventCatalog;
import io.posthorn.schema.catalog.Incompatibility;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code posthorn catalog}: work on an event catalog directory. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = "Checks event catalog directories.",
    subcommands = {CatalogCommand.Check.class})
final class CatalogCommand {

  /**
   * {@code posthorn catalog check --against OLD NEW}: both catalogs must load, and NEW must not
   * break a subscriber of OLD (docs/event-catalog.md, "Checking a change in CI").
   */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Loads NEW_DIR (every file must be valid) and, with --against, fails when a schema"
              + " version of OLD_DIR changed in NEW_DIR in a way that breaks its subscribers: a"
              + " property removed or made required, a type narrowed, an enum value removed,"
              + " additionalProperties closed, a bound tightened. A new version number (a new"
              + " major version) may change anything.",
      footer = {
        "%nExit status: 0 compatible, 1 a breaking change (one line each: type, version, JSON",
        "pointer into the version's schema, what changed) or an invalid catalog.",
        "%nIn CI, against the catalog of the main branch:",
        "  git worktree add /tmp/catalog-main origin/main",
        "  posthorn catalog check --against /tmp/catalog-main/catalog catalog"
      })
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--against",
        paramLabel = "OLD_DIR",
        description = "The catalog directory subscribers validate with today.")
    Path against;

    @Parameters(index = "0", paramLabel = "NEW_DIR", description = "The changed catalog directory.")
    Path dir;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      EventCatalog newer = EventCatalog.load(dir);
      if (against == null) {
        out.println("catalog " + dir + ": " + newer.types().size() + " types, valid");
        out.flush();
        return 0;
      }
      List<Incompatibility> breaking = Compatibility.check(EventCatalog.load(against), newer);
      for (Incompatibility b : breaking) {
        out.println(b);
      }
      out.println(
          breaking.isEmpty()
              ? "compatible: " + dir + " breaks no subscriber of " + against
              : breaking.size()
                  + " breaking change(s): give the type a new version number instead (a new"
                  + " major version), and keep the old one");
      out.flush();
      return breaking.isEmpty() ? 0 : 1;
    }
  }
}
