package io.sqlotel.shard.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The body of a 200 answer whose length is not known in advance: bytes are held in memory until {@link #switchTo}
 * sends them to the real body and redirects every later write there. The caller decides when to switch (between
 * rows, once {@link #held()} passes its limit), so an answer that ends first is sent whole with a Content-Length.
 */
final class ResponseBody extends OutputStream {
  private ByteArrayOutputStream held = new ByteArrayOutputStream(8192);
  private OutputStream target; // non-null once switched

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (target != null) {
      target.write(b, off, len);
    } else {
      held.write(b, off, len);
    }
  }

  /** Bytes held so far (0 after the switch). */
  int held() {
    return held == null ? 0 : held.size();
  }

  /** The held bytes; only before a switch. */
  byte[] heldBytes() {
    return held.toByteArray();
  }

  /** Writes the held bytes to {@code out} and sends every later write there. */
  void switchTo(OutputStream out) throws IOException {
    held.writeTo(out);
    held = null;
    target = out;
  }

  @Override
  public void flush() throws IOException {
    if (target != null) {
      target.flush();
    }
  }

  /** Does not close the target: its owner (the HTTP server) ends the body. */
  @Override
  public void close() throws IOException {
    if (target != null) {
      target.flush();
    }
  }
}
