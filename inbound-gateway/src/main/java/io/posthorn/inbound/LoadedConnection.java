package io.posthorn.inbound;

import io.posthorn.inbound.verify.Verifier;
import io.posthorn.schema.connection.Cidr;
import io.posthorn.schema.connection.ConnectionDocument;
import java.net.InetAddress;
import java.util.List;

/** A connection as the gateway uses it: its document, its verifier and its parsed allow-list. */
record LoadedConnection(ConnectionDocument document, Verifier verifier, List<Cidr> allowed) {

  /**
   * Whether {@code client} may send: any address when the allow-list is empty, none that is not
   * known ({@code null}) when it is not.
   */
  boolean allows(InetAddress client) {
    if (allowed.isEmpty()) {
      return true;
    }
    if (client == null) {
      return false;
    }
    for (Cidr cidr : allowed) {
      if (cidr.contains(client)) {
        return true;
      }
    }
    return false;
  }
}
