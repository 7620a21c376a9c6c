package io.sqlotel.shard.demo;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic random values for the demo data. Only {@link SplittableRandom#nextLong()},
 * {@code nextInt} and {@code nextDouble} (whose algorithms are specified) and {@link StrictMath} are used,
 * so equal seeds give equal values on every JVM and platform.
 */
final class Rand {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final SplittableRandom random;

  /**
   * @param random source; this object takes ownership of it
   */
  Rand(SplittableRandom random) {
    this.random = requireNonNull(random, "random is null");
  }

  /** Returns an independent generator, deterministically derived from this one's state. */
  Rand split() {
    return new Rand(random.split());
  }

  /** Returns a uniform double in [0, 1). */
  double uniform() {
    return random.nextDouble();
  }

  /** Returns true with probability {@code p}. */
  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  /** Returns a uniform int in [0, bound); bound must be positive. */
  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** Returns a uniform long in [0, bound); bound must be positive. */
  long nextLong(long bound) {
    return random.nextLong(bound);
  }

  /** Returns a uniform long in [origin, bound). */
  long nextLong(long origin, long bound) {
    return random.nextLong(origin, bound);
  }

  /** Returns a standard normal value (Box-Muller, one value per call). */
  double gaussian() {
    double u1 = 1.0 - random.nextDouble(); // (0, 1]: log is finite
    double u2 = random.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }

  /**
   * Returns a log-normal duration.
   *
   * @param medianMillis median in milliseconds
   * @param sigma standard deviation of the underlying normal
   * @return nanoseconds, at least 1000 (1 microsecond)
   */
  long logNormalNanos(double medianMillis, double sigma) {
    double nanos = medianMillis * 1e6 * StrictMath.exp(sigma * gaussian());
    return Math.max(1_000L, Math.round(nanos));
  }

  /** Returns a 16-character lower-case hex id that is never all zeros (an OTel span id). */
  String hex16() {
    long v;
    do {
      v = random.nextLong();
    } while (v == 0);
    char[] out = new char[16];
    write(out, 0, v);
    return new String(out);
  }

  /** Returns a 32-character lower-case hex id that is never all zeros (an OTel trace id). */
  String hex32() {
    long hi;
    long lo;
    do {
      hi = random.nextLong();
      lo = random.nextLong();
    } while (hi == 0 && lo == 0);
    char[] out = new char[32];
    write(out, 0, hi);
    write(out, 16, lo);
    return new String(out);
  }

  /** Returns a uniformly chosen element of a non-empty list. */
  <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  /** Returns an index chosen with probability proportional to {@code weights[i]} (positive ints). */
  int weighted(int[] weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int x = random.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    throw new AssertionError("weights exhausted");
  }

  private static void write(char[] out, int offset, long v) {
    for (int i = 15; i >= 0; i--) {
      out[offset + i] = HEX[(int) (v & 0xf)];
      v >>>= 4;
    }
  }
}
