package io.posthorn.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.posthorn.schema.endpoint.SecretSeal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 5: custom header values become sealed ({@code
 * docs/decisions/0024-credentials-out-of-logs.md}). It needs the master key, so it is Java, handed
 * to Flyway by {@link RegistrySchema}. In one transaction it seals every stored value, drops the
 * plain {@code headers} from every feed document already written, and writes each such endpoint's
 * latest document again with {@code sealedHeaders}, so the relay publishes a sealed version that
 * replaces the plain one on the compacted {@code posthorn.endpoints} (the plain record stays on the
 * topic until compaction).
 */
final class HeaderSealMigration implements JavaMigration {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SecretSeal seal;

  HeaderSealMigration(SecretSeal seal) {
    this.seal = seal;
  }

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("5");
  }

  @Override
  public String getDescription() {
    return "seal custom header values";
  }

  @Override
  public Integer getChecksum() {
    return null;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    Map<String, Map<String, String>> plain = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id, headers::text FROM"
                    + " posthorn_registry.endpoints WHERE headers <> '{}'::jsonb ORDER BY seq FOR UPDATE")) {
      while (rs.next()) {
        plain.put(
            rs.getString(1),
            JSON.readValue(rs.getString(2), new TypeReference<Map<String, String>>() {}));
      }
    }
    try (Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE posthorn_registry.endpoint_feed SET document = document - 'headers'"
              + " WHERE document IS NOT NULL AND jsonb_exists(document, 'headers')");
    }
    for (Map.Entry<String, Map<String, String>> e : plain.entrySet()) {
      String id = e.getKey();
      Map<String, String> sealed = new LinkedHashMap<>();
      e.getValue().forEach((name, value) -> sealed.put(name, seal.sealHeader(id, name, value)));
      String sealedJson = JSON.writeValueAsString(sealed);
      try (PreparedStatement u =
          c.prepareStatement(
              "UPDATE posthorn_registry.endpoints SET headers = CAST(? AS jsonb) WHERE id = ?")) {
        u.setString(1, sealedJson);
        u.setString(2, id);
        u.executeUpdate();
      }
      republish(c, id, sealed);
    }
  }

  private static void republish(Connection c, String id, Map<String, String> sealed)
      throws Exception {
    String latest = null;
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT document::text FROM posthorn_registry.endpoint_feed"
                + " WHERE endpoint_id = ? ORDER BY seq DESC LIMIT 1")) {
      q.setString(1, id);
      try (ResultSet rs = q.executeQuery()) {
        latest = rs.next() ? rs.getString(1) : null;
      }
    }
    if (latest == null) {
      return; // never published, or deleted: nothing on the topic to replace
    }
    ObjectNode doc = (ObjectNode) JSON.readTree(latest);
    doc.set("sealedHeaders", JSON.valueToTree(sealed));
    try (PreparedStatement i =
        c.prepareStatement(
            "INSERT INTO posthorn_registry.endpoint_feed"
                + " (endpoint_id, document) VALUES (?, CAST(? AS jsonb))")) {
      i.setString(1, id);
      i.setString(2, doc.toString());
      i.executeUpdate();
    } catch (SQLException ex) {
      throw new RegistryException("republishing endpoint " + id + " with sealed headers", ex);
    }
  }
}
