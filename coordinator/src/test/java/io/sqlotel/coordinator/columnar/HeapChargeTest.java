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
}
