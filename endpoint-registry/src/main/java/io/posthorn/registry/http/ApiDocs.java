package io.posthorn.registry.http;

import io.posthorn.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Properties;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /docs}: Swagger UI for the admin API, reading the served {@code /v1/openapi.json} (which
 * needs no key). The page and its initializer are this module's resources ({@code
 * io/posthorn/registry/docs/}); Swagger UI's script, styles and icons come from the {@code
 * org.webjars:swagger-ui} jar. A fixed list of files, read once at start; anything else under
 * {@code /docs/} is a 404. Answers GET and HEAD without a key: nothing here holds data.
 *
 * <p>The page runs under {@link #CONTENT_SECURITY_POLICY}: scripts, styles, images and requests
 * from this origin only, no inline script (the initializer is a file), no framing. A request
 * outside {@code /docs} is left to the next handler (the API).
 */
final class ApiDocs extends Handler.Abstract {
  /**
   * Only this origin's files run or load; Swagger UI's icons are {@code data:} images in its CSS.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none';"
          + " form-action 'none'";

  static final String PATH = "/docs";
  private static final String OWN = "/io/posthorn/registry/docs/";
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

  private final Map<String, Asset> assets;

  private record Asset(String contentType, byte[] bytes) {}

  private ApiDocs(Map<String, Asset> assets) {
    this.assets = assets;
  }

  /**
   * Reads the page and Swagger UI's files.
   *
   * @throws RegistryException when the swagger-ui jar or a file of it is missing from the class
   *     path
   */
  static ApiDocs load() {
    String swagger = WEBJAR + swaggerUiVersion() + "/";
    Asset page = new Asset("text/html; charset=utf-8", own("index.html"));
    return new ApiDocs(
        Map.of(
            PATH,
            page,
            PATH + "/",
            page,
            PATH + "/initializer.js",
            new Asset("text/javascript; charset=utf-8", own("initializer.js")),
            PATH + "/swagger-ui-bundle.js",
            new Asset("text/javascript; charset=utf-8", webjar(swagger + "swagger-ui-bundle.js")),
            PATH + "/swagger-ui.css",
            new Asset("text/css; charset=utf-8", webjar(swagger + "swagger-ui.css")),
            PATH + "/index.css",
            new Asset("text/css; charset=utf-8", webjar(swagger + "index.css")),
            PATH + "/favicon-32x32.png",
            new Asset("image/png", webjar(swagger + "favicon-32x32.png")),
            PATH + "/favicon-16x16.png",
            new Asset("image/png", webjar(swagger + "favicon-16x16.png"))));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    if (!path.equals(PATH) && !path.startsWith(PATH + "/")) {
      return false;
    }
    ApiServer.securityHeaders(response.getHeaders());
    response.getHeaders().put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    Asset asset = assets.get(path);
    String method = request.getMethod();
    if (asset == null) {
      response.setStatus(404);
      callback.succeeded();
    } else if (!method.equals("GET") && !method.equals("HEAD")) {
      response.setStatus(405);
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      callback.succeeded();
    } else {
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.contentType());
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, asset.bytes().length);
      response.write(
          true,
          method.equals("HEAD") ? ByteBuffer.allocate(0) : ByteBuffer.wrap(asset.bytes()),
          callback);
    }
    return true;
  }

  private static String swaggerUiVersion() {
    Properties pom = new Properties();
    try (InputStream in =
        resource("META-INF/maven/org.webjars/swagger-ui/pom.properties", "the swagger-ui jar")) {
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the swagger-ui jar's version", e);
    }
    return pom.getProperty("version");
  }

  private static byte[] own(String name) {
    return read(OWN.substring(1) + name);
  }

  private static byte[] webjar(String name) {
    return read(name);
  }

  private static byte[] read(String name) {
    try (InputStream in = resource(name, name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + name, e);
    }
  }

  private static InputStream resource(String name, String what) {
    InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new RegistryException(
          what + " is missing from the class path (/docs cannot be served)");
    }
    return in;
  }
}
