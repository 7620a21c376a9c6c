package io.sqlotel.coordinator.columnar;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import org.apache.arrow.memory.AllocationReservation;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;

/**
 * Heap memory an operator holds in Java arrays, charged to the query's {@link BufferAllocator} so that it counts
 * towards the query's memory limit as the operator's Arrow buffers do, and fails the same way
 * ({@link OutOfMemoryException}, which the engine reports as RESOURCE_EXHAUSTED).
 *
 * <p>The charge follows the bytes held, rounded up to whole chunks of {@value #CHUNK} bytes: each chunk is one
 * {@link AllocationReservation} (Arrow can only grow a reservation or release it whole), taken when the held bytes
 * grow past the charge and released when they fall a whole chunk below it. Closing releases everything. Like the
 * operators, it is used by one thread.
 */
final class HeapCharge implements AutoCloseable {
  /** Bytes per reservation; a power of two, which Arrow would round a reservation up to anyway. */
  static final int CHUNK = 16 * 1024;

  private final BufferAllocator allocator;
  private final String what;
  private final ArrayDeque<AllocationReservation> chunks = new ArrayDeque<>();
  private long held;

  /**
   * Creates an empty charge.
   *
   * @param allocator the query's allocator, charged until {@link #close()}
   * @param what what the memory holds, for the error message
   */
  HeapCharge(BufferAllocator allocator, String what) {
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.what = requireNonNull(what, "what is null");
  }

  /**
   * Charges {@code bytes} more; call it before allocating them.
   *
   * @throws OutOfMemoryException if the allocator's limit (or an ancestor's) leaves no room; nothing is charged then
   */
  void grow(long bytes) {
    grow(bytes, what);
  }

  /**
   * Charges {@code bytes} more for {@code what} (named in the error message instead of this charge's default).
   *
   * @throws OutOfMemoryException if the allocator's limit (or an ancestor's) leaves no room; nothing is charged then
   */
  void grow(long bytes, String what) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes < 0: " + bytes);
    }
    long target = held + bytes;
    int taken = 0;
    while ((long) chunks.size() * CHUNK < target) {
      AllocationReservation r = allocator.newReservation();
      if (!r.add(CHUNK)) {
        r.close();
        for (; taken > 0; taken--) {
          chunks.removeLast().close();
        }
        throw new OutOfMemoryException("Unable to charge " + bytes + " bytes of heap for " + what
            + " due to memory limit (" + allocator.getLimit() + "). Current allocation: "
            + allocator.getAllocatedMemory());
      }
      chunks.addLast(r);
      taken++;
    }
    held = target;
  }

  /**
   * Charges the growth of an array of {@code length} slots that must hold {@code needed}: to the larger of
   * {@code needed} and twice {@code length} (so that growing one slot at a time is amortised), at {@code slotBytes}
   * bytes per added slot. Call it before allocating the array.
   *
   * @return the array's new length ({@code length} if it holds {@code needed} already)
   * @throws OutOfMemoryException if the limit leaves no room; nothing is charged then
   */
  int growArray(int length, int needed, long slotBytes, String what) {
    if (needed <= length) {
      return length;
    }
    int n = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * length));
    grow((long) (n - length) * slotBytes, what);
    return n;
  }

  /** Stops charging {@code bytes} that were freed (at most what is held). */
  void release(long bytes) {
    if (bytes < 0 || bytes > held) {
      throw new IllegalArgumentException("cannot release " + bytes + " of " + held + " bytes");
    }
    held -= bytes;
    while (!chunks.isEmpty() && (long) (chunks.size() - 1) * CHUNK >= held) {
      chunks.removeLast().close();
    }
  }

  /** The bytes held (the charge is this rounded up to whole chunks). */
  long heldBytes() {
    return held;
  }

  /** Releases the whole charge. Idempotent. */
  @Override
  public void close() {
    while (!chunks.isEmpty()) {
      chunks.removeLast().close();
    }
    held = 0;
  }
}
