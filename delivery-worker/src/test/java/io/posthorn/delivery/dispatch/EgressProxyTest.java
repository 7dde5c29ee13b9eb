package io.posthorn.delivery.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Proxy;
import okhttp3.Credentials;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class EgressProxyTest {
  @Test
  void readsHostAndPortAndLeavesTheNameForOkhttpToResolve() {
    EgressProxy proxy = EgressProxy.parse(" http://egress.internal:3128/ ");

    assertThat(proxy.proxy().type()).isEqualTo(Proxy.Type.HTTP);
    InetSocketAddress address = (InetSocketAddress) proxy.proxy().address();
    assertThat(address.isUnresolved()).isTrue();
    assertThat(address.getHostString()).isEqualTo("egress.internal");
    assertThat(address.getPort()).isEqualTo(3128);
    assertThat(proxy.authenticated()).isFalse();
  }

  @Test
  void readsAnIpv6Literal() {
    EgressProxy proxy = EgressProxy.parse("http://[fd00::1]:8080");

    assertThat(proxy.host()).isEqualTo("fd00::1");
    assertThat(proxy).hasToString("http://[fd00::1]:8080");
  }

  @Test
  void refusesWhatIsNotAPlainHttpProxyUrl() {
    assertThatThrownBy(() -> EgressProxy.parse("https://egress.internal:3128"))
        .hasMessageStartingWith("must be an http://HOST:PORT URL");
    assertThatThrownBy(() -> EgressProxy.parse("egress.internal:3128"))
        .hasMessageStartingWith("must be an http://HOST:PORT URL");
    assertThatThrownBy(() -> EgressProxy.parse("http://egress.internal:3128?x=1"))
        .hasMessageStartingWith("must be http://HOST:PORT with no path, query or fragment");
    assertThatThrownBy(() -> EgressProxy.parse("http://bad host:3128"))
        .hasMessageStartingWith("must be an http://HOST:PORT URL");
  }

  @Test
  void answersAChallengeOnceWithTheCredentialsThenGivesUp() throws Exception {
    EgressProxy proxy =
        EgressProxy.parse("http://egress.internal:3128").withCredentials("posthorn", "pw");
    Request plain = new Request.Builder().url("http://receiver.example/hook").build();

    Request answered = proxy.authenticator().authenticate(null, challenge(plain));

    assertThat(answered.header("Proxy-Authorization"))
        .isEqualTo(Credentials.basic("posthorn", "pw"));
    assertThat(proxy.authenticator().authenticate(null, challenge(answered)))
        .as("refused with the credentials: no second try")
        .isNull();
    assertThat(proxy).hasToString("http://egress.internal:3128 as posthorn");
  }

  @Test
  void withoutCredentialsAChallengeEndsTheCall() throws Exception {
    Request plain = new Request.Builder().url("http://receiver.example/hook").build();

    assertThat(
            EgressProxy.parse("http://egress.internal:3128")
                .authenticator()
                .authenticate(null, challenge(plain)))
        .isNull();
  }

  private static Response challenge(Request request) {
    return new Response.Builder()
        .request(request)
        .protocol(Protocol.HTTP_1_1)
        .code(407)
        .message("Proxy Authentication Required")
        .header("Proxy-Authenticate", "Basic realm=\"egress\"")
        .build();
  }
}
