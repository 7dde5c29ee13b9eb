package io.posthorn.ops;

import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a long-running command ends. The first SIGTERM (or Ctrl-C) runs the command's graceful stop
 * in a JVM shutdown hook, then the JVM exits (status 143 after SIGTERM, 130 after Ctrl-C). A second
 * signal while it stops, or the stop taking longer than its timeout, halts the JVM at once with
 * status 1 and says so on stderr.
 *
 * <p>The JVM ignores further signals while its shutdown hooks run, so the second-signal handler
 * sits in front of the JVM's own through {@code sun.misc.Signal} (module {@code jdk.unsupported}),
 * reached reflectively; where that is unavailable only the timeout forces the exit.
 */
public final class ProcessShutdown {
  private static final PrintStream ERR = System.err;

  private ProcessShutdown() {}

  /**
   * Runs {@code stop} once on the first signal or normal exit; forces the exit after {@code
   * timeout}.
   */
  public static void install(String what, Duration timeout, Runnable stop) {
    AtomicInteger signals = new AtomicInteger();
    forceOnSecondSignal("TERM", signals, what);
    forceOnSecondSignal("INT", signals, what);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  Thread timer =
                      Thread.ofPlatform()
                          .daemon()
                          .name("posthorn-shutdown-timer")
                          .start(
                              () -> {
                                try {
                                  Thread.sleep(timeout);
                                  halt(
                                      what
                                          + " did not stop within "
                                          + timeout.toSeconds()
                                          + " s: forcing exit");
                                } catch (InterruptedException e) {
                                  // stopped in time
                                }
                              });
                  try {
                    stop.run();
                  } finally {
                    timer.interrupt();
                  }
                },
                "posthorn-shutdown"));
  }

  private static void halt(String message) {
    ERR.println("posthorn: " + message);
    ERR.flush();
    Runtime.getRuntime().halt(1);
  }

  private static void forceOnSecondSignal(String name, AtomicInteger signals, String what) {
    try {
      Class<?> signalType = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object signal = signalType.getConstructor(String.class).newInstance(name);
      Method handle = signalType.getMethod("handle", signalType, handlerType);
      Object[] previous = new Object[1];
      InvocationHandler onSignal =
          (proxy, method, args) ->
              switch (method.getName()) {
                case "handle" -> {
                  if (signals.incrementAndGet() > 1) {
                    halt("second signal: " + what + " stops now, without finishing");
                  }
                  try {
                    yield handlerType
                        .getMethod("handle", signalType)
                        .invoke(previous[0], args); // the JVM's: exit(128 + n)
                  } catch (
                      InvocationTargetException
                          e) { // a native default handler cannot be called from Java
                    Runtime.getRuntime()
                        .exit(128 + (int) signalType.getMethod("getNumber").invoke(args[0]));
                    yield null;
                  }
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> "posthorn second-signal handler for SIG" + name;
              };
      Object handler =
          Proxy.newProxyInstance(
              handlerType.getClassLoader(), new Class<?>[] {handlerType}, onSignal);
      previous[0] = handle.invoke(null, signal, handler);
    } catch (ReflectiveOperationException | IllegalArgumentException | LinkageError e) {
      ERR.println(
          "posthorn: a second SIG"
              + name
              + " cannot force the exit here ("
              + e
              + "); the "
              + "shutdown timeout still does");
    }
  }
}
