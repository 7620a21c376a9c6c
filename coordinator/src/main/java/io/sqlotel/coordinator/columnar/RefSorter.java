package io.sqlotel.coordinator.columnar;

/**
 * A stable merge sort of primitive row references ({@code long}s) under a comparator, without boxing.
 * O(n log n) comparisons, one scratch array of n longs.
 */
final class RefSorter {
  /** Orders two row references. */
  @FunctionalInterface
  interface RefComparator {
    /** Negative if {@code a} sorts before {@code b}, zero if tied, positive otherwise. */
    int compare(long a, long b);
  }

  private static final int RUN = 32;

  private RefSorter() {}

  /** Sorts {@code refs[0, n)} stably (tied references keep their order). */
  static void sort(long[] refs, int n, RefComparator cmp) {
    for (int from = 0; from < n; from += RUN) {
      insertionSort(refs, from, Math.min(n, from + RUN), cmp);
    }
    if (n <= RUN) {
      return;
    }
    long[] src = refs;
    long[] dst = new long[n];
    for (int width = RUN; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(n, lo + width);
        int hi = Math.min(n, lo + 2 * width);
        merge(src, dst, lo, mid, hi, cmp);
      }
      long[] t = src;
      src = dst;
      dst = t;
    }
    if (src != refs) {
      System.arraycopy(src, 0, refs, 0, n);
    }
  }

  private static void insertionSort(long[] a, int from, int to, RefComparator cmp) {
    for (int i = from + 1; i < to; i++) {
      long x = a[i];
      int j = i - 1;
      while (j >= from && cmp.compare(a[j], x) > 0) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = x;
    }
  }

  private static void merge(long[] src, long[] dst, int lo, int mid, int hi, RefComparator cmp) {
    int i = lo;
    int j = mid;
    int k = lo;
    if (mid >= hi || cmp.compare(src[mid - 1], src[mid]) <= 0) { // already in order
      System.arraycopy(src, lo, dst, lo, hi - lo);
      return;
    }
    while (i < mid && j < hi) {
      dst[k++] = cmp.compare(src[j], src[i]) < 0 ? src[j++] : src[i++]; // ties take the left run: stable
    }
    while (i < mid) {
      dst[k++] = src[i++];
    }
    while (j < hi) {
      dst[k++] = src[j++];
    }
  }
}
