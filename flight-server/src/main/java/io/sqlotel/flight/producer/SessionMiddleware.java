package io.sqlotel.flight.producer;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;
import org.apache.arrow.flight.SessionOptionValue;

/**
 * Per-call middleware giving the producer the call's headers and its Flight SQL session: the options a client set
 * with SetSessionOptions, kept server-side under a cookie {@value #COOKIE} that the server sets on the first
 * SetSessionOptions answer (the JDBC driver and Flight clients with a cookie middleware send it back).
 *
 * <p>Arrow's own {@code ServerSessionMiddleware} keeps every session until the client closes it; here the store is
 * bounded and sessions expire when idle, so clients that never call CloseSession cannot grow the server's memory.
 */
public final class SessionMiddleware implements FlightServerMiddleware {
  /** The key the producer looks the middleware up with. */
  public static final FlightServerMiddleware.Key<SessionMiddleware> KEY = FlightServerMiddleware.Key.of("sqlotel");
  /** The session cookie. */
  public static final String COOKIE = "sqlotel_session";

  private final Factory factory;
  private final CallHeaders headers;
  private Session session; // guarded by this
  private boolean created; // guarded by this

  private SessionMiddleware(Factory factory, CallHeaders headers, Session session) {
    this.factory = factory;
    this.headers = headers;
    this.session = session;
  }

  /** The headers the client sent with this call (the JDBC driver sends unknown URL properties as headers). */
  public CallHeaders headers() {
    return headers;
  }

  /** The call's session, or null if the client has none (or it expired). */
  public synchronized Session session() {
    return session;
  }

  /** The call's session, created (and its cookie set on the answer) if the client has none. */
  public synchronized Session getOrCreateSession() {
    if (session == null) {
      session = factory.create();
      created = true;
    }
    return session;
  }

  /** Forgets the call's session; false if there was none. */
  public synchronized boolean closeSession() {
    if (session == null) {
      return false;
    }
    factory.remove(session.id());
    session = null;
    return true;
  }

  @Override
  public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {
    synchronized (this) {
      if (created && session != null) {
        outgoingHeaders.insert("set-cookie", COOKIE + "=" + session.id() + "; Path=/");
      }
    }
  }

  @Override
  public void onCallCompleted(CallStatus status) {
    // nothing to release: the session outlives the call
  }

  @Override
  public void onCallErrored(Throwable err) {
    // nothing to release
  }

  /** The options of one client session. Thread-safe. */
  public static final class Session {
    private final String id;
    private final Map<String, SessionOptionValue> options = new ConcurrentHashMap<>();

    Session(String id) {
      this.id = id;
    }

    /** The session id (the cookie's value). */
    public String id() {
      return id;
    }

    /** The options set so far, by name. */
    public Map<String, SessionOptionValue> options() {
      return options;
    }
  }

  /** Creates the middleware of each call and owns the session store: at most {@code maxSessions}, idle-expiring. */
  public static final class Factory implements FlightServerMiddleware.Factory<SessionMiddleware> {
    private final int maxSessions;
    private final long idleNanos;
    /** Sessions in access order, with the time each was last used (System.nanoTime). Guarded by itself. */
    private final LinkedHashMap<String, Object[]> store = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * Creates a store.
     *
     * @param maxSessions the most sessions kept; the least recently used is dropped beyond it
     * @param idle how long an unused session is kept
     */
    public Factory(int maxSessions, Duration idle) {
      if (maxSessions < 1) {
        throw new IllegalArgumentException("maxSessions must be at least 1");
      }
      this.maxSessions = maxSessions;
      this.idleNanos = requireNonNull(idle, "idle is null").toNanos();
    }

    /** 10,000 sessions, dropped after one hour without a call. */
    public static Factory defaults() {
      return new Factory(10_000, Duration.ofHours(1));
    }

    @Override
    public SessionMiddleware onCallStarted(CallInfo info, CallHeaders incomingHeaders, RequestContext context) {
      return new SessionMiddleware(this, incomingHeaders, lookup(cookie(incomingHeaders)));
    }

    /** The number of live sessions (for tests). */
    public int size() {
      synchronized (store) {
        expire(System.nanoTime());
        return store.size();
      }
    }

    private Session lookup(String id) {
      if (id == null) {
        return null;
      }
      long now = System.nanoTime();
      synchronized (store) {
        expire(now);
        Object[] entry = store.get(id);
        if (entry == null) {
          return null;
        }
        entry[1] = now;
        return (Session) entry[0];
      }
    }

    private Session create() {
      Session s = new Session(UUID.randomUUID().toString());
      long now = System.nanoTime();
      synchronized (store) {
        expire(now);
        store.put(s.id(), new Object[] {s, now});
        while (store.size() > maxSessions) {
          Iterator<String> eldest = store.keySet().iterator();
          eldest.next();
          eldest.remove();
        }
      }
      return s;
    }

    private void remove(String id) {
      synchronized (store) {
        store.remove(id);
      }
    }

    /** Drops idle sessions; the map is in access order, so they are at its head. */
    private void expire(long now) {
      Iterator<Object[]> it = store.values().iterator();
      while (it.hasNext()) {
        if (now - (long) it.next()[1] > idleNanos) {
          it.remove();
        } else {
          break;
        }
      }
    }

    private static String cookie(CallHeaders headers) {
      Iterable<String> values = headers.getAll("cookie");
      if (values == null) {
        return null;
      }
      for (String header : values) {
        for (String part : header.split(";")) {
          String p = part.trim();
          if (p.startsWith(COOKIE + "=") && p.length() > COOKIE.length() + 1) {
            return p.substring(COOKIE.length() + 1);
          }
        }
      }
      return null;
    }
  }
}
