package io.sqlotel.flight.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.SessionOptionValue;
import org.apache.arrow.flight.SessionOptionValueFactory;
import org.junit.jupiter.api.Test;

/** The session store: cookies, the Set-Cookie answer, the size bound and idle expiry; and option validation. */
class SessionMiddlewareTest {
  private static CallHeaders cookie(String id) {
    CallHeaders h = new FlightCallHeaders();
    if (id != null) {
      h.insert("cookie", "other=1; " + SessionMiddleware.COOKIE + "=" + id);
    }
    return h;
  }

  @Test
  void aSessionIsCreatedOnceAndFoundByItsCookie() {
    SessionMiddleware.Factory f = new SessionMiddleware.Factory(10, Duration.ofHours(1));
    SessionMiddleware first = f.onCallStarted(null, cookie(null), null);
    assertNull(first.session());
    SessionMiddleware.Session s = first.getOrCreateSession();
    CallHeaders out = new FlightCallHeaders();
    first.onBeforeSendingHeaders(out);
    assertTrue(out.get("set-cookie").startsWith(SessionMiddleware.COOKIE + "=" + s.id()), out.get("set-cookie"));

    SessionMiddleware second = f.onCallStarted(null, cookie(s.id()), null);
    assertSame(s, second.session());
    CallHeaders none = new FlightCallHeaders();
    second.onBeforeSendingHeaders(none);
    assertNull(none.get("set-cookie"), "an existing session sets no cookie");
    assertTrue(second.closeSession());
    assertNull(f.onCallStarted(null, cookie(s.id()), null).session(), "closed sessions are gone");
    assertNull(f.onCallStarted(null, cookie("forged"), null).session());
  }

  @Test
  void theStoreIsBoundedAndIdleSessionsExpire() throws Exception {
    SessionMiddleware.Factory f = new SessionMiddleware.Factory(2, Duration.ofMillis(200));
    String a = f.onCallStarted(null, cookie(null), null).getOrCreateSession().id();
    f.onCallStarted(null, cookie(null), null).getOrCreateSession();
    f.onCallStarted(null, cookie(null), null).getOrCreateSession();
    assertEquals(2, f.size());
    assertNull(f.onCallStarted(null, cookie(a), null).session(), "the least recently used went first");
    Thread.sleep(300);
    assertEquals(0, f.size());
  }

  private static SessionOptionValue value(Object v) {
    if (v instanceof Boolean b) {
      return SessionOptionValueFactory.makeSessionOptionValue(b);
    }
    if (v instanceof Long l) {
      return SessionOptionValueFactory.makeSessionOptionValue(l);
    }
    return SessionOptionValueFactory.makeSessionOptionValue((String) v);
  }

  private static String validate(String name, SessionOptionValue v) {
    return QuerySettings.validate(name, v);
  }

  @Test
  void settingsAreValidated() {
    assertNull(validate(QuerySettings.PARTIAL_RESULTS, value(true)));
    assertNull(validate(QuerySettings.PARTIAL_RESULTS, value("off")));
    assertNotNull(validate(QuerySettings.PARTIAL_RESULTS,
        value("maybe")));
    assertNull(validate(QuerySettings.QUERY_TIMEOUT_MS, value(500L)));
    assertNull(validate(QuerySettings.QUERY_TIMEOUT_MS, value("500")));
    assertNotNull(validate(QuerySettings.QUERY_TIMEOUT_MS, value(-1L)));
    assertNotNull(validate(QuerySettings.QUERY_TIMEOUT_MS,
        value("soon")));
    assertEquals(new QuerySettings(null, null, null), QuerySettings.of(null));
  }
}
