package io.sqlotel.coordinator.columnar;

import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;

/** Unsigned lexicographic comparison of byte ranges (SQLite's BINARY collation for UTF-8 text and blobs). */
final class Bytes {
  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private Bytes() {}

  /** Compares {@code a[aStart, aStart+aLen)} with {@code b[bStart, bStart+bLen)}: negative, zero or positive. */
  static int compare(ArrowBuf a, long aStart, int aLen, ArrowBuf b, long bStart, int bLen) {
    int n = Math.min(aLen, bLen);
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      long x = a.getLong(aStart + i);
      long y = b.getLong(bStart + i);
      if (x != y) {
        return LITTLE_ENDIAN
            ? Long.compareUnsigned(Long.reverseBytes(x), Long.reverseBytes(y))
            : Long.compareUnsigned(x, y);
      }
    }
    for (; i < n; i++) {
      int c = Integer.compare(a.getByte(aStart + i) & 0xFF, b.getByte(bStart + i) & 0xFF);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(aLen, bLen);
  }

  /** Compares {@code a[aStart, aStart+aLen)} with all of {@code b}. */
  static int compare(ArrowBuf a, long aStart, int aLen, byte[] b) {
    int n = Math.min(aLen, b.length);
    for (int i = 0; i < n; i++) {
      int c = Integer.compare(a.getByte(aStart + i) & 0xFF, b[i] & 0xFF);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(aLen, b.length);
  }

  /** Compares two byte arrays unsigned. */
  static int compare(byte[] a, byte[] b) {
    return java.util.Arrays.compareUnsigned(a, b);
  }
}
