package io.sqlotel.flight.producer;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;

/**
 * A stream listener that forwards only the first terminal call ({@code completed()} or {@code error()}).
 *
 * <p>Arrow's {@code SqlInfoBuilder.send} calls {@code completed()} after {@code error()}; wrapping its listener keeps
 * our rule that a stream ends with exactly one of the two.
 */
final class SingleTerminalListener extends ForwardingStreamListener {
  private final AtomicBoolean ended = new AtomicBoolean();

  SingleTerminalListener(ServerStreamListener delegate) {
    super(delegate);
  }

  @Override
  public void error(Throwable ex) {
    if (ended.compareAndSet(false, true)) {
      delegate.error(ex);
    }
  }

  @Override
  public void completed() {
    if (ended.compareAndSet(false, true)) {
      delegate.completed();
    }
  }
}
