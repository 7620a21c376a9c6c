package io.sqlotel.coordinator.columnar;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.ByteFunctionHelpers;

/**
 * Unsigned lexicographic comparison of byte ranges (SQLite's BINARY collation for UTF-8 text and blobs). Delegates to
 * Arrow's {@link ByteFunctionHelpers}, which checks bounds once per call rather than once per byte read.
 */
final class Bytes {
  private Bytes() {}

  /** Compares {@code a[aStart, aStart+aLen)} with {@code b[bStart, bStart+bLen)}: negative, zero or positive. */
  static int compare(ArrowBuf a, long aStart, int aLen, ArrowBuf b, long bStart, int bLen) {
    return ByteFunctionHelpers.compare(a, aStart, aStart + aLen, b, bStart, bStart + bLen);
  }

  /** Compares {@code a[aStart, aStart+aLen)} with all of {@code b}. */
  static int compare(ArrowBuf a, long aStart, int aLen, byte[] b) {
    return ByteFunctionHelpers.compare(a, (int) aStart, (int) aStart + aLen, b, 0, b.length);
  }
}
