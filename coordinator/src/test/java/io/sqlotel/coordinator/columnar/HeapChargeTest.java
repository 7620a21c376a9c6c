package io.sqlotel.coordinator.columnar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** The allocator's view of heap bytes charged in chunks: grows, refuses over the limit, releases. */
class HeapChargeTest {
  private static final long CHUNK = HeapCharge.CHUNK;

  @Test
  void chargesWholeChunksWithinTheLimitAndReleasesThem() {
    try (RootAllocator root = new RootAllocator();
        BufferAllocator query = root.newChildAllocator("query", 0, 3 * CHUNK)) {
      HeapCharge heap = new HeapCharge(query, "test values");
      heap.grow(1);
      assertEquals(CHUNK, query.getAllocatedMemory());
      heap.grow(CHUNK);
      assertEquals(2 * CHUNK, query.getAllocatedMemory());
      OutOfMemoryException e = assertThrows(OutOfMemoryException.class, () -> heap.grow(2 * CHUNK));
      assertEquals("Unable to charge " + 2 * CHUNK + " bytes of heap for test values due to memory limit ("
          + 3 * CHUNK + "). Current allocation: " + 2 * CHUNK, e.getMessage());
      assertEquals(CHUNK + 1, heap.heldBytes(), "a refused growth charges nothing");
      assertEquals(2 * CHUNK, query.getAllocatedMemory());
      heap.release(2);
      assertEquals(CHUNK, query.getAllocatedMemory(), "a whole chunk below: released");
      heap.grow(CHUNK);
      assertEquals(2 * CHUNK, query.getAllocatedMemory());
      assertThrows(IllegalArgumentException.class, () -> heap.release(2 * CHUNK));
      heap.close();
      assertEquals(0, query.getAllocatedMemory());
      heap.close();
    }
  }

  @Test
  void arraysGrowByDoublingAndRefusalsNameTheState() {
    try (RootAllocator root = new RootAllocator();
        BufferAllocator query = root.newChildAllocator("query", 0, 2 * CHUNK)) {
      HeapCharge heap = new HeapCharge(query, "test values");
      assertEquals(16, heap.growArray(16, 16, 8, "slots"), "large enough: unchanged");
      assertEquals(0, heap.heldBytes());
      assertEquals(10, heap.growArray(0, 10, 8, "slots"));
      assertEquals(32, heap.growArray(16, 17, 8, "slots"), "doubles");
      assertEquals(100, heap.growArray(32, 100, 8, "slots"), "or grows to what is needed");
      assertEquals(8 * (10 + 16 + 68), heap.heldBytes());
      OutOfMemoryException e = assertThrows(OutOfMemoryException.class,
          () -> heap.growArray(100, 101, 1000, "big slots"));
      assertEquals("Unable to charge 100000 bytes of heap for big slots due to memory limit (" + 2 * CHUNK
          + "). Current allocation: " + CHUNK, e.getMessage());
      assertEquals(8 * (10 + 16 + 68), heap.heldBytes(), "a refused growth charges nothing");
      heap.close();
      assertEquals(0, query.getAllocatedMemory());
    }
  }
}
