package io.sqlotel.flight.producer;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.message.IpcOption;

/**
 * A stream listener that forwards only the first terminal call ({@code completed()} or {@code error()}).
 *
 * <p>Arrow's {@code SqlInfoBuilder.send} calls {@code completed()} after {@code error()}; wrapping its listener keeps
 * our rule that a stream ends with exactly one of the two.
 */
final class SingleTerminalListener implements ServerStreamListener {
  private final ServerStreamListener delegate;
  private final AtomicBoolean ended = new AtomicBoolean();

  SingleTerminalListener(ServerStreamListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public boolean isCancelled() {
    return delegate.isCancelled();
  }

  @Override
  public void setOnCancelHandler(Runnable handler) {
    delegate.setOnCancelHandler(handler);
  }

  @Override
  public boolean isReady() {
    return delegate.isReady();
  }

  @Override
  public void setOnReadyHandler(Runnable handler) {
    delegate.setOnReadyHandler(handler);
  }

  @Override
  public void start(VectorSchemaRoot root, DictionaryProvider dictionaries, IpcOption option) {
    delegate.start(root, dictionaries, option);
  }

  @Override
  public void putNext() {
    delegate.putNext();
  }

  @Override
  public void putNext(ArrowBuf metadata) {
    delegate.putNext(metadata);
  }

  @Override
  public void putMetadata(ArrowBuf metadata) {
    delegate.putMetadata(metadata);
  }

  @Override
  public void setUseZeroCopy(boolean enabled) {
    delegate.setUseZeroCopy(enabled);
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
