package io.sqlotel.coordinator.fallback;

import io.sqlotel.coordinator.arrow.ArrowRows;
import io.sqlotel.coordinator.exec.QueryContext;
import io.sqlotel.coordinator.exec.ShardGather;
import io.sqlotel.planner.rel.ShardScan;
import io.sqlotel.shard.client.ShardBatch;
import io.sqlotel.shard.client.ShardBatchStream;
import java.util.NoSuchElementException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * The rows of one {@link ShardScan}, gathered from its shards, as a Calcite {@link ScannableTable}: how the
 * row-at-a-time fallback reads shard results. Each scan starts the shard fan-out and converts batches to rows
 * lazily, one batch in memory at a time.
 */
final class GatheredTable extends AbstractTable implements ScannableTable {
  private final ShardScan scan;
  private final QueryContext ctx;

  GatheredTable(ShardScan scan, QueryContext ctx) {
    this.scan = scan;
    this.ctx = ctx;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return scan.getRowType();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        return new BatchEnumerator(ShardGather.start(scan, ctx));
      }
    };
  }

  /** Walks the rows of the batches of a shard stream. */
  private static final class BatchEnumerator implements Enumerator<Object[]> {
    private final ShardBatchStream stream;
    private ShardBatch batch;
    private int row = -1;
    private Object[] current;

    BatchEnumerator(ShardBatchStream stream) {
      this.stream = stream;
    }

    @Override
    public Object[] current() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public boolean moveNext() {
      try {
        while (batch == null || row + 1 >= batch.root().getRowCount()) {
          if (batch != null) {
            batch.close();
            batch = null;
          }
          batch = stream.next();
          row = -1;
          if (batch == null) {
            current = null;
            return false;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading shard results", e);
      }
      row++;
      VectorSchemaRoot r = batch.root();
      Object[] values = new Object[r.getFieldVectors().size()];
      for (int i = 0; i < values.length; i++) {
        FieldVector v = r.getVector(i);
        values[i] = ArrowRows.get(v, row);
      }
      current = values;
      return true;
    }

    @Override
    public void reset() {
      throw new UnsupportedOperationException("reset");
    }

    @Override
    public void close() {
      if (batch != null) {
        batch.close();
        batch = null;
      }
      stream.close();
    }
  }
}
