package io.sqlotel.shard.server;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The body of a 200 answer whose length is not known in advance: the first {@code limit} bytes are held in memory;
 * an answer that ends within them is sent with a {@code Content-Length} (headers and body in two writes, no chunk
 * framing to parse), a longer one switches to chunked transfer encoding at the first byte past the limit and streams
 * from then on (memory stays bounded by {@code limit} plus the output buffer). The status line and headers are sent
 * at that switch or at {@link #close()}, whichever comes first.
 */
final class ResponseBody extends OutputStream {
  private final Exchange ex;
  private final int limit;
  private final int streamBufferBytes;
  private ByteArrayOutputStream held;
  private OutputStream streaming; // non-null once the headers went out with chunked encoding
  private boolean closed;

  /**
   * @param ex the exchange; its response headers must be set before the first byte past {@code limit} or close
   * @param limit bytes held before switching to chunked streaming
   * @param streamBufferBytes the output buffer while streaming
   */
  ResponseBody(Exchange ex, int limit, int streamBufferBytes) {
    this.ex = ex;
    this.limit = limit;
    this.streamBufferBytes = streamBufferBytes;
    this.held = new ByteArrayOutputStream(Math.min(limit, 8192));
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("response body already closed");
    }
    if (streaming == null && held.size() + len <= limit) {
      held.write(b, off, len);
      return;
    }
    if (streaming == null) {
      streaming = new BufferedOutputStream(ex.startStream(200), streamBufferBytes); // chunked, length unknown
      held.writeTo(streaming);
      held = null;
    }
    streaming.write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    // Held bytes wait for close or the switch; a streaming body is flushed by its buffer as it fills.
  }

  /** Sends what is held with its length, or ends the chunked body. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (streaming != null) {
      streaming.close(); // ends the chunked encoding
      return;
    }
    byte[] body = held.toByteArray();
    held = null;
    ex.sendWhole(200, body);
  }
}
