package io.posthorn.delivery.dispatch;

import io.posthorn.schema.endpoint.AddressPolicy;
import io.posthorn.schema.endpoint.EndpointHost;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import okhttp3.Dns;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * The address policy for calls that go through an {@link EgressProxy}: okhttp then resolves only
 * the proxy's name, never the target's, so {@link GuardedDns} would judge the proxy. This check
 * resolves the target's name itself, on the call's thread, before the request is handed to the
 * proxy, and refuses the call with {@link RefusedAddressException} if <em>any</em> of its addresses
 * is refused: the worker cannot choose which address the proxy connects to (decision 0036). IP
 * literals are judged by {@link HttpDispatcher} before the call.
 */
final class TargetAddressCheck implements Interceptor {
  private final Dns dns;

  TargetAddressCheck(Dns dns) {
    this.dns = dns;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    String host = chain.request().url().host();
    if (EndpointHost.parse(host) instanceof EndpointHost.Name) {
      for (InetAddress address : dns.lookup(host)) {
        Optional<AddressPolicy.Refusal> refusal = AddressPolicy.refusal(address);
        if (refusal.isPresent()) {
          throw new RefusedAddressException(
              host
                  + " resolves to "
                  + refusal.get().address()
                  + ", which "
                  + refusal.get().clause());
        }
      }
    }
    return chain.proceed(chain.request());
  }
}
