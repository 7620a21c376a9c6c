package io.sqlotel.planner;

/**
 * A query the planner refuses: it does not parse, does not validate, writes, or uses something unsupported. The
 * message is for the client (the parser's and validator's messages carry line and column).
 */
public class PlannerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the query was refused. */
  public enum Reason { PARSE, VALIDATE, READ_ONLY, UNSUPPORTED }

  private final Reason reason;

  /** Creates the exception. */
  public PlannerException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Why the query was refused. */
  public Reason reason() {
    return reason;
  }
}
