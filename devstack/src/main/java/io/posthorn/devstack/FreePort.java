package io.posthorn.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks free TCP ports on loopback. A port is free when asked; bind it soon after. */
final class FreePort {
  private FreePort() {}

  /** {@code requested} when it is positive, otherwise a port the kernel says is free now. */
  static int orAny(int requested) {
    if (requested > 0) {
      return requested;
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("finding a free port on loopback", e);
    }
  }
}
