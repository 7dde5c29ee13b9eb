package io.posthorn.delivery.dispatch;

import io.posthorn.schema.endpoint.AddressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Dns;

/**
 * Resolves, then keeps only the addresses {@link AddressPolicy} allows, at connect time: a name that
 * passed registration but now resolves to a private or metadata address (DNS rebinding) is still
 * refused. A name with no allowed address fails with {@link RefusedAddressException}.
 */
final class GuardedDns implements Dns {
  private final Dns delegate;

  GuardedDns(Dns delegate) {
    this.delegate = delegate;
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    List<InetAddress> allowed = new ArrayList<>();
    String firstRefusal = null;
    for (InetAddress address : delegate.lookup(hostname)) {
      String refusal = AddressPolicy.refusal(address);
      if (refusal == null) {
        allowed.add(address);
      } else if (firstRefusal == null) {
        firstRefusal = hostname + " resolves to " + address.getHostAddress() + " (" + refusal + ")";
      }
    }
    if (allowed.isEmpty()) {
      throw new RefusedAddressException(firstRefusal == null ? hostname + " has no address" : firstRefusal);
    }
    return allowed;
  }
}
