package io.posthorn.delivery.dispatch;

import io.posthorn.schema.endpoint.AddressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.Dns;

/**
 * Resolves, then keeps only the addresses {@link AddressPolicy} allows, at connect time: a name
 * that passed registration but now resolves to a private or metadata address (DNS rebinding) is
 * still refused. A name with no allowed address fails with {@link RefusedAddressException}.
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
      Optional<AddressPolicy.Refusal> refusal = AddressPolicy.refusal(address);
      if (refusal.isEmpty()) {
        allowed.add(address);
      } else if (firstRefusal == null) {
        firstRefusal =
            hostname
                + " resolves to "
                + refusal.get().address()
                + ", which "
                + refusal.get().clause();
      }
    }
    if (allowed.isEmpty()) {
      throw new RefusedAddressException(
          firstRefusal == null ? hostname + " has no address" : firstRefusal);
    }
    return allowed;
  }
}
