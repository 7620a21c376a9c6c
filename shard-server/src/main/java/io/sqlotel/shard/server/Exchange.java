package io.sqlotel.shard.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.HttpFilterChain;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;

/**
 * One request and its response on the connection's own thread (Apache HttpCore 5 classic, blocking I/O): the
 * response is written synchronously by {@link #sendWhole} or {@link #sendStreaming}; remembers the status once sent.
 */
final class Exchange {
  /** Writes a streamed body. */
  @FunctionalInterface
  interface BodyWriter {
    /**
     * @param out the body (chunked transfer encoding); the caller closes it
     * @throws IOException if the client went away
     */
    void writeTo(OutputStream out) throws IOException;
  }

  private final ClassicHttpRequest request;
  private final HttpFilterChain.ResponseTrigger trigger;
  private final List<String[]> headers = new ArrayList<>(2);
  private int status = -1;

  Exchange(ClassicHttpRequest request, HttpFilterChain.ResponseTrigger trigger) {
    this.request = request;
    this.trigger = trigger;
  }

  String method() {
    return request.getMethod();
  }

  /** The decoded request path without the query, e.g. {@code /query}. */
  String path() {
    String raw = request.getPath();
    if (raw == null) {
      return "";
    }
    int q = raw.indexOf('?');
    String path = q < 0 ? raw : raw.substring(0, q);
    if (path.indexOf('%') < 0) {
      return path;
    }
    try {
      return URI.create(path).getPath();
    } catch (IllegalArgumentException e) {
      return path;
    }
  }

  /** The first value of a request header, or null. */
  String header(String name) {
    var h = request.getFirstHeader(name);
    return h == null ? null : h.getValue();
  }

  /** The request body as a blocking stream (empty when there is none). */
  InputStream requestBody() throws IOException {
    HttpEntity entity = request.getEntity();
    return entity == null ? InputStream.nullInputStream() : entity.getContent();
  }

  /** Sets a response header; must precede {@link #sendWhole} or {@link #sendStreaming}. */
  void setHeader(String name, String value) {
    headers.add(new String[] {name, value});
  }

  /** The status sent, or -1 while no response was sent. */
  int responseCode() {
    return status;
  }

  /**
   * Sends the status, the headers with a {@code Content-Length} and the whole body.
   *
   * @throws IOException if the client went away
   */
  void sendWhole(int status, byte[] body) throws IOException {
    submit(status, new ByteArrayEntity(body, null));
  }

  /**
   * Sends the status and headers, then the body that {@code writer} writes, with chunked transfer encoding; returns
   * once the body was written.
   *
   * @throws IOException if the client went away or {@code writer} failed
   */
  void sendStreaming(int status, BodyWriter writer) throws IOException {
    submit(status, new AbstractHttpEntity((String) null, null, true) {
      @Override
      public InputStream getContent() {
        throw new UnsupportedOperationException("a streamed answer is written, not read");
      }

      @Override
      public boolean isStreaming() {
        return true;
      }

      @Override
      public long getContentLength() {
        return -1;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        writer.writeTo(out);
      }

      @Override
      public void close() {}
    });
  }

  private void submit(int status, HttpEntity entity) throws IOException {
    this.status = status;
    BasicClassicHttpResponse response = new BasicClassicHttpResponse(status);
    for (String[] h : headers) {
      response.setHeader(h[0], h[1]);
    }
    response.setEntity(entity);
    try {
      trigger.submitResponse(response);
    } catch (HttpException e) {
      throw new IOException("cannot send the response: " + e.getMessage(), e);
    }
  }
}
