package io.sqlotel.shard.decode;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read through it. Not thread-safe; the count may be read from any thread. */
final class CountingInputStream extends FilterInputStream {
  private volatile long count;
  private volatile boolean endReached;

  CountingInputStream(InputStream in) {
    super(in);
  }

  long count() {
    return count;
  }

  /** Tells whether a read has met the end of the stream. */
  boolean endReached() {
    return endReached;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      count++;
    } else {
      endReached = true;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      count += n;
    } else if (n < 0) {
      endReached = true;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(n);
    count += skipped;
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
