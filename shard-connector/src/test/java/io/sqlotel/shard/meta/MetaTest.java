package io.sqlotel.shard.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class MetaTest {

  @Test
  void timeRangeIsHalfOpen() {
    TimeRange r = new TimeRange(10, 20);
    assertTrue(r.contains(10));
    assertTrue(r.contains(19));
    assertFalse(r.contains(20));
    assertFalse(r.contains(9));
    assertTrue(r.overlaps(new TimeRange(19, 30)));
    assertFalse(r.overlaps(new TimeRange(20, 30)), "[10,20) and [20,30) share no instant");
    assertFalse(r.overlaps(new TimeRange(0, 10)));
    assertTrue(r.overlaps(new TimeRange(0, 11)));
    assertTrue(r.overlaps(TimeRange.ALL));
    TimeRange empty = new TimeRange(15, 15);
    assertFalse(empty.contains(15));
    assertFalse(empty.overlaps(r));
    assertFalse(r.overlaps(empty));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TimeRange(2, 1));
    assertTrue(e.getMessage().contains("start 2 ns is after its end 1 ns"), e.getMessage());
  }

  @Test
  void shardDescriptorValidatesAndHidesItsToken() {
    ShardDescriptor d = new ShardDescriptor("s1", URI.create("http://127.0.0.1:8080/shards/a/"), TimeRange.ALL,
        "secret-token", false);
    assertEquals(URI.create("http://127.0.0.1:8080/shards/a/query"), d.queryUri());
    assertEquals(URI.create("http://127.0.0.1:8080/shards/a/health"), d.healthUri());
    assertEquals(URI.create("http://h:1/query"),
        new ShardDescriptor("s", URI.create("http://h:1"), TimeRange.ALL, null, false).queryUri());
    assertFalse(d.toString().contains("secret-token"), d.toString());
    assertTrue(d.toString().contains("<redacted>"));
    assertThrows(NullPointerException.class, () -> new ShardDescriptor(null, URI.create("http://h"), TimeRange.ALL,
        null, false));
    assertThrows(IllegalArgumentException.class, () -> new ShardDescriptor(" ", URI.create("http://h"),
        TimeRange.ALL, null, false));
    for (String bad : new String[] {"ftp://h/x", "/relative", "http://h/x?q=1", "mailto:a@b"}) {
      assertThrows(IllegalArgumentException.class,
          () -> new ShardDescriptor("s", URI.create(bad), TimeRange.ALL, null, false), bad);
    }
  }
}
