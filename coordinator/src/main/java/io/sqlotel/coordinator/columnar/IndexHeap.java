package io.sqlotel.coordinator.columnar;

import java.util.function.IntBinaryOperator;

/** A binary min-heap of small int ids (input numbers) under a comparator that may change as the ids' heads move. */
final class IndexHeap {
  private final int[] heap;
  private final IntBinaryOperator cmp;
  private int size;

  /** Creates an empty heap for up to {@code capacity} ids ordered by {@code cmp} (negative: first id is smaller). */
  IndexHeap(int capacity, IntBinaryOperator cmp) {
    this.heap = new int[capacity];
    this.cmp = cmp;
  }

  /** The number of ids in the heap. */
  int size() {
    return size;
  }

  /** The smallest id (the heap must not be empty). */
  int peek() {
    return heap[0];
  }

  /** Adds an id. */
  void add(int id) {
    int i = size++;
    heap[i] = id;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (cmp.applyAsInt(heap[i], heap[parent]) >= 0) {
        break;
      }
      swap(i, parent);
      i = parent;
    }
  }

  /** Removes the smallest id. */
  void poll() {
    heap[0] = heap[--size];
    siftDownTop();
  }

  /** Restores the order after the smallest id's key grew (its head advanced). */
  void siftDownTop() {
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int r = l + 1;
      int c = r < size && cmp.applyAsInt(heap[r], heap[l]) < 0 ? r : l;
      if (cmp.applyAsInt(heap[c], heap[i]) >= 0) {
        return;
      }
      swap(i, c);
      i = c;
    }
  }

  private void swap(int a, int b) {
    int t = heap[a];
    heap[a] = heap[b];
    heap[b] = t;
  }
}
