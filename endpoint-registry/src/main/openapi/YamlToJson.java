import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the hand-kept {@code openapi.yaml} as the JSON the registry serves at {@code
 * /v1/openapi.json}. The build runs it with the JDK's source launcher ({@code java YamlToJson.java
 * IN OUT}, pom.xml, phase generate-resources), so no YAML parser reaches the registry's class path.
 * It converts and nothing more: the YAML is the contract.
 */
public final class YamlToJson {
  private YamlToJson() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: java YamlToJson.java IN.yaml OUT.json");
    }
    JsonNode doc =
        YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build()
            .readTree(Path.of(args[0]).toFile());
    if (doc == null || !doc.path("openapi").asText().startsWith("3.1")) {
      throw new IllegalStateException(args[0] + " is not an OpenAPI 3.1 document");
    }
    Path out = Path.of(args[1]);
    Files.createDirectories(out.getParent());
    Files.writeString(
        out, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n");
  }
}
