package io.sqlotel.shard.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/**
 * One request and its response, with blocking I/O on the thread that runs the handler (Jetty core
 * {@link Request}/{@link Response}); remembers the status once the response was started.
 */
final class Exchange {
  private final Request request;
  private final Response response;
  private int status = -1;

  Exchange(Request request, Response response) {
    this.request = request;
    this.response = response;
  }

  String method() {
    return request.getMethod();
  }

  /** The decoded request path, e.g. {@code /query}. */
  String path() {
    String path = request.getHttpURI().getDecodedPath();
    return path == null ? "" : path;
  }

  /** The first value of a request header, or null. */
  String header(String name) {
    return request.getHeaders().get(name);
  }

  /** The request body as a blocking stream. */
  InputStream requestBody() {
    return Content.Source.asInputStream(request);
  }

  /** Sets a response header; must precede {@link #sendWhole} or {@link #startStream}. */
  void setHeader(String name, String value) {
    response.getHeaders().put(name, value);
  }

  /** The status sent, or -1 while the response has not been started. */
  int responseCode() {
    return status;
  }

  /**
   * Sends the status, the headers with a {@code Content-Length} and the whole body, blocking until written.
   *
   * @throws IOException if the client went away
   */
  void sendWhole(int status, byte[] body) throws IOException {
    this.status = status;
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    try (Blocker.Callback callback = Blocker.callback()) {
      response.write(true, ByteBuffer.wrap(body), callback);
      callback.block();
    }
  }

  /**
   * Starts a body of unknown length (chunked transfer encoding); the headers go out with its first write.
   *
   * @return a blocking stream; closing it ends the body
   */
  OutputStream startStream(int status) {
    this.status = status;
    response.setStatus(status);
    return Content.Sink.asOutputStream(response);
  }
}
