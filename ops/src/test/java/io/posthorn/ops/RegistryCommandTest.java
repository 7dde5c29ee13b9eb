package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.schema.endpoint.SecretSeal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCommandTest {
  private static final String STRONG_ADMIN_KEY =
      "phk_9c1e4f7a2b8d3e6f0a5c9b2e7d4f1a8c3e6b9d2f5a8c1e4b7d0a3f6c9e2b5d8";

  @TempDir Path dir;

  @Test
  void checkAcceptsTheExampleConfigWithRandomKeys_andBindsLoopback() throws IOException {
    PosthornCli.Result r = check(STRONG_ADMIN_KEY, SecretSeal.generateMasterKey());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("registry settings are valid")
        .contains("http=127.0.0.1:8080")
        .doesNotContain(STRONG_ADMIN_KEY);
  }

  @Test
  void checkRefusesAnAdminKeyOfOneRepeatedCharacter() throws IOException {
    PosthornCli.Result r = check("a".repeat(32), SecretSeal.generateMasterKey());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("registry.admin-key is too weak").doesNotContain("a".repeat(32));
  }

  @Test
  void checkRefusesAnAllZeroMasterKey() throws IOException {
    String zeros = Base64.getEncoder().encodeToString(new byte[32]);

    PosthornCli.Result r = check(STRONG_ADMIN_KEY, zeros);

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("registry.secret-key is too weak").doesNotContain(zeros);
  }

  private PosthornCli.Result check(String adminKey, String masterKey) throws IOException {
    Path config = dir.resolve("registry.properties");
    Files.writeString(
        config,
        Files.readString(Path.of("config", "registry.properties"))
            + "\nregistry.database.password =\nregistry.admin-key = "
            + adminKey
            + "\nregistry.secret-key = "
            + masterKey
            + "\n");
    return PosthornCli.run("registry", "--config", config.toString(), "--check");
  }
}
