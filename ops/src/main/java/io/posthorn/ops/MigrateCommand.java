package io.posthorn.ops;

import io.posthorn.registry.RegistryConfig;
import io.posthorn.registry.RegistrySchema;
import io.posthorn.registry.RegistrySettings;
import io.posthorn.relay.RelayConfig;
import io.posthorn.relay.RelaySettings;
import io.posthorn.schema.OutboxSchema;
import io.posthorn.schema.PendingMigration;
import io.posthorn.schema.config.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code posthorn migrate --config FILE [--dry-run]}: creates or upgrades what Posthorn needs in
 * the databases a relay, registry or server config file names, before the first start
 * (docs/decisions/0038-migrate-command.md). Idempotent, and safe from several hosts at once: Flyway
 * holds an advisory lock while it migrates, and {@link CaptureGrants} holds one for the rest.
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description =
        "Creates or upgrades Posthorn's tables on the databases FILE names, and exits. With"
            + " registry.database.url: the registry's schema (posthorn_registry) and the outbox it"
            + " writes to. With relay.database.url: the outbox (posthorn.outbox), the relay's"
            + " publication, and SELECT on the captured tables for relay.database.user. Running it"
            + " again changes nothing; several hosts may run it at once.",
    footer = {
      "%nThe registry's database is migrated as registry.database.user (the registry runs the same"
          + " migrations at every start, so its role owns its tables). The relay's database is"
          + " migrated as --db-user if given, else as the registry's user when it is the same"
          + " database, else as relay.database.user; keys come from the file or POSTHORN_*"
          + " variables as for the relay and the registry.",
      "%nExamples:",
      "  posthorn migrate --config server.properties --dry-run",
      "  POSTHORN_DB_PASSWORD=… posthorn migrate --config relay.properties --db-user shop_owner"
    })
final class MigrateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "A relay, registry or server config file (Java properties).")
  Path config;

  @Option(
      names = "--dry-run",
      description = "Print the statements it would run, and change nothing.")
  boolean dryRun;

  @Option(
      names = "--db-user",
      paramLabel = "USER",
      description =
          "Migrate the relay's database as USER, e.g. the owner of the product service's tables,"
              + " instead of relay.database.user. The password is read from $"
              + DatabaseOptions.PASSWORD_VARIABLE
              + ".")
  String dbUser;

  @Override
  public Integer call() throws SQLException {
    // A relay, registry or server file: any component's keys are welcome, unknown ones are not.
    Settings file = CommandSettings.load(config, System.getenv(), CommandSettings.ALL);
    Optional<RegistryConfig> registry =
        file.value("registry.database.url").isPresent()
            ? Optional.of(RegistrySettings.parse(file))
            : Optional.empty();
    Optional<RelayConfig> relay =
        file.value("relay.database.url").isPresent()
            ? Optional.of(RelaySettings.parse(file))
            : Optional.empty();
    if (registry.isEmpty() && relay.isEmpty()) {
      throw new OpsException(
          config
              + " sets neither registry.database.url nor relay.database.url: nothing to migrate");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (dryRun) {
      out.println("-- posthorn migrate --dry-run: what it would run; nothing was changed");
    }
    if (registry.isPresent()) {
      migrateRegistry(registry.get(), out);
    }
    if (relay.isPresent()) {
      migrateRelay(relay.get(), registry, out);
    }
    out.flush();
    return 0;
  }

  private void migrateRegistry(RegistryConfig registry, PrintWriter out) {
    Login login =
        new Login(registry.databaseUrl(), registry.databaseUser(), registry.databasePassword());
    PGSimpleDataSource db = login.dataSource();
    if (dryRun) {
      out.println("-- the registry's schema, on " + login);
      printPending(RegistrySchema.pending(db, registry.secretSeal()), out);
    } else {
      int applied = RegistrySchema.migrate(db, registry.secretSeal());
      out.println("posthorn migrate: registry schema on " + login + ": " + applied(applied));
    }
  }

  private void migrateRelay(RelayConfig relay, Optional<RegistryConfig> registry, PrintWriter out)
      throws SQLException {
    boolean registryDatabase =
        registry.map(r -> r.databaseUrl().equals(relay.databaseUrl())).orElse(false);
    Login login =
        dbUser != null
            ? new Login(
                relay.databaseUrl(),
                dbUser,
                Objects.requireNonNullElse(System.getenv(DatabaseOptions.PASSWORD_VARIABLE), ""))
            : registryDatabase
                ? new Login(
                    relay.databaseUrl(),
                    registry.get().databaseUser(),
                    registry.get().databasePassword())
                : new Login(relay.databaseUrl(), relay.databaseUser(), relay.databasePassword());
    PGSimpleDataSource db = login.dataSource();
    CaptureGrants capture =
        new CaptureGrants(
            relay.publicationName(), relay.databaseUser(), relay.captureEndpointFeed());
    try (Connection c = db.getConnection()) {
      CaptureGrants.RoleState role = capture.role(c);
      if (dryRun) {
        out.println("-- the relay's outbox, publication and grants, on " + login);
        if (role != CaptureGrants.RoleState.READY) {
          out.println("-- " + capture.explain(role));
        }
        if (!registryDatabase) {
          printPending(OutboxSchema.pending(db), out);
        }
        out.println(
            "-- in one transaction holding pg_advisory_xact_lock("
                + CaptureGrants.LOCK
                + "), what is missing now:");
        capture.missing(c).forEach(sql -> out.println(sql + ";"));
        return;
      }
      switch (role) {
        case READY -> {}
        case MISSING -> throw new OpsException(capture.explain(role));
        case CANNOT_STREAM -> out.println("posthorn migrate: warning: " + capture.explain(role));
      }
      if (!registryDatabase) {
        out.println(
            "posthorn migrate: outbox on " + login + ": " + applied(OutboxSchema.migrate(db)));
      }
      List<String> ran = capture.apply(c);
      if (ran.isEmpty()) {
        out.println("posthorn migrate: publication and grants on " + login + ": up to date");
      }
      ran.forEach(sql -> out.println("posthorn migrate: ran " + sql));
    }
  }

  private static String applied(int count) {
    return count == 0 ? "up to date" : "applied " + count + " migration(s)";
  }

  private static void printPending(List<PendingMigration> pending, PrintWriter out) {
    for (PendingMigration m : pending) {
      out.println("-- " + m.history() + " version " + m.version() + ": " + m.description());
      out.println(m.sql());
    }
  }

  /** Where and as whom; printed without the password or any URL parameters. */
  private record Login(String url, String user, String password) {
    PGSimpleDataSource dataSource() {
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setURL(url);
      ds.setUser(user);
      ds.setPassword(password);
      ds.setLogServerErrorDetail(false); // a failed statement's values stay out of messages
      return ds;
    }

    @Override
    public String toString() {
      int query = url.indexOf('?');
      return (query < 0 ? url : url.substring(0, query)) + " as " + user;
    }
  }
}
