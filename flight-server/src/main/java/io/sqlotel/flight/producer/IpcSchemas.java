package io.sqlotel.flight.producer;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/** Serializes Arrow schemas as the IPC schema messages Flight SQL carries in handles and metadata results. */
public final class IpcSchemas {
  private IpcSchemas() {}

  /**
   * The encapsulated IPC message for {@code schema} (continuation marker, length, flatbuffer), as read back by
   * {@code MessageSerializer.deserializeSchema}.
   */
  public static byte[] serialize(Schema schema) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), schema, IpcOption.DEFAULT);
    } catch (IOException e) {
      // Writing to memory cannot fail.
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** {@link #serialize} as a protobuf byte string. */
  public static ByteString serializeToByteString(Schema schema) {
    return ByteString.copyFrom(serialize(schema));
  }
}
