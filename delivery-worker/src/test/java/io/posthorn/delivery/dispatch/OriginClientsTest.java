package io.posthorn.delivery.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class OriginClientsTest {
  private final OkHttpClient base = new OkHttpClient();
  private final OriginClients clients = new OriginClients(base, 8, Duration.ofMinutes(5), 3);

  @Test
  void oneClientAndPoolPerOriginSharingTheBaseDispatcher() {
    OkHttpClient a = clients.forUrl(HttpUrl.get("https://hooks.acme.example/a"));
    OkHttpClient samePort = clients.forUrl(HttpUrl.get("https://hooks.acme.example:443/b?x=1"));
    OkHttpClient otherPort = clients.forUrl(HttpUrl.get("https://hooks.acme.example:8443/a"));
    OkHttpClient otherScheme = clients.forUrl(HttpUrl.get("http://hooks.acme.example/a"));

    assertThat(samePort).isSameAs(a);
    assertThat(otherPort.connectionPool()).isNotSameAs(a.connectionPool());
    assertThat(otherScheme.connectionPool())
        .isNotSameAs(a.connectionPool())
        .isNotSameAs(otherPort.connectionPool());
    assertThat(a.dispatcher()).isSameAs(base.dispatcher());
    assertThat(a.dns()).isSameAs(base.dns());
  }

  @Test
  void pastTheBoundIdlePoolsAreDroppedAndTheNewOriginGetsOne() {
    OkHttpClient first = clients.forUrl(HttpUrl.get("https://a.example/"));
    clients.forUrl(HttpUrl.get("https://b.example/"));
    clients.forUrl(HttpUrl.get("https://c.example/"));

    OkHttpClient d = clients.forUrl(HttpUrl.get("https://d.example/"));

    assertThat(clients.size()).as("pools without connections were dropped").isEqualTo(1);
    assertThat(clients.forUrl(HttpUrl.get("https://d.example/"))).isSameAs(d);
    assertThat(clients.forUrl(HttpUrl.get("https://a.example/")))
        .as("a fresh pool")
        .isNotSameAs(first);
  }
}
