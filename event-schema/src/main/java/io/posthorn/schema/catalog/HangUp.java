package io.posthorn.schema.catalog;

import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code SIGHUP} reloads every watched {@link LiveCatalog} of the JVM (the relay and the registry
 * share one in server mode). Installed the first time a catalog is watched, through {@code
 * sun.misc.Signal} by reflection (javac refuses the internal API under {@code -Werror}); where the
 * JVM does not allow it ({@code -Xrs}, another platform) the directory watch alone reloads.
 */
final class HangUp {
  private static final Set<LiveCatalog> WATCHED = ConcurrentHashMap.newKeySet();
  private static volatile boolean installed;

  private HangUp() {}

  static void add(LiveCatalog catalog) {
    WATCHED.add(catalog);
    install();
  }

  static void remove(LiveCatalog catalog) {
    WATCHED.remove(catalog);
  }

  /** What the handler does: reload each watched catalog; each tells its listener. */
  static void reloadAll() {
    for (LiveCatalog catalog : WATCHED) {
      catalog.reload();
    }
  }

  private static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object hup = signal.getConstructor(String.class).newInstance("HUP");
      Object reload =
          Proxy.newProxyInstance(
              HangUp.class.getClassLoader(),
              new Class<?>[] {handler},
              (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                  reloadAll();
                  return null;
                }
                return switch (method.getName()) {
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> "catalog reload on SIGHUP";
                };
              });
      signal.getMethod("handle", signal, handler).invoke(null, hup, reload);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // no signal handling here: the directory watch still reloads
    }
  }
}
