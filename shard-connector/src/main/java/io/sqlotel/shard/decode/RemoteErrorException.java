package io.sqlotel.shard.decode;

/**
 * The shard ended its answer with an {@code "error"} object (it failed after streaming began, or answered an error
 * with status 200). The answer must be treated as failed even though part of it decoded.
 */
public class RemoteErrorException extends DecodeException {
  private static final long serialVersionUID = 1L;

  private final String remoteMessage;
  private final String remoteCode;

  /**
   * Creates the exception.
   *
   * @param shardId the shard that reported the error; not null
   * @param remoteMessage the shard's {@code error.message}, or null if absent
   * @param remoteCode the shard's {@code error.code}, or null if absent
   * @param rowsBefore how many rows of the answer were decoded before the error
   */
  public RemoteErrorException(String shardId, String remoteMessage, String remoteCode, long rowsBefore) {
    super(shardId, "the shard reported an error after " + rowsBefore + " row(s): "
        + (remoteMessage == null ? "(no message)" : remoteMessage)
        + (remoteCode == null ? "" : " (code " + remoteCode + ")"), null);
    this.remoteMessage = remoteMessage;
    this.remoteCode = remoteCode;
  }

  /** Returns the shard's error message, or null if it sent none. */
  public String remoteMessage() {
    return remoteMessage;
  }

  /** Returns the shard's error code (e.g. {@code SQLITE_ERROR}), or null if it sent none. */
  public String remoteCode() {
    return remoteCode;
  }
}
