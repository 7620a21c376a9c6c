package io.sqlotel.flight.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlotel.proto.v1.QueryTicket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.junit.jupiter.api.Test;

/** Endpoint groups partition the shards; locations rotate over the replicas; unsplittable queries get one. */
class EndpointSplitterTest {
  private static final QueryTicket TICKET = QueryTicket.newBuilder().setSql("SELECT * FROM otel_logs")
      .setQueryStartNanos(42).setQueryId("q1").build();

  private static List<String> shards(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("s" + i);
    }
    return ids;
  }

  private static QueryTicket ticketOf(FlightEndpoint e) throws Exception {
    com.google.protobuf.Any any = com.google.protobuf.Any.parseFrom(e.getTicket().getBytes());
    return HandleCodec.parseTicket(any.unpack(TicketStatementQuery.class));
  }

  @Test
  void groupsPartitionTheShardsInOrderAndKeepTheQuery() throws Exception {
    List<FlightEndpoint> endpoints = EndpointSplitter.endpoints(TICKET, shards(10), 4, List.of());
    assertEquals(4, endpoints.size());
    List<String> all = new ArrayList<>();
    for (FlightEndpoint e : endpoints) {
      QueryTicket t = ticketOf(e);
      assertEquals(TICKET.getSql(), t.getSql());
      assertEquals(42, t.getQueryStartNanos());
      assertEquals("q1", t.getQueryId());
      int size = t.getShardIdsCount();
      assertTrue(size == 2 || size == 3, "balanced groups: " + size);
      all.addAll(t.getShardIdsList());
      assertTrue(e.getLocations().isEmpty(), "no replica: no location");
    }
    assertEquals(shards(10), all, "each shard in exactly one group, in order");
  }

  @Test
  void fewerShardsThanEndpointsGiveOneShardEach() throws Exception {
    List<FlightEndpoint> endpoints = EndpointSplitter.endpoints(TICKET, shards(3), 8, List.of());
    assertEquals(3, endpoints.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(List.of("s" + i), ticketOf(endpoints.get(i)).getShardIdsList());
    }
  }

  @Test
  void unsplittableQueriesOneShardOrOneEndpointGetOneWholeEndpoint() throws Exception {
    List<URI> replicas = List.of(URI.create("grpc+tcp://a:1"));
    for (List<FlightEndpoint> one : List.of(EndpointSplitter.endpoints(TICKET, null, 4, replicas),
        EndpointSplitter.endpoints(TICKET, shards(1), 4, replicas),
        EndpointSplitter.endpoints(TICKET, shards(0), 4, replicas),
        EndpointSplitter.endpoints(TICKET, shards(9), 1, replicas))) {
      assertEquals(1, one.size());
      assertEquals(TICKET, ticketOf(one.get(0)));
      assertTrue(one.get(0).getLocations().isEmpty());
    }
  }

  @Test
  void locationsRotateOverTheReplicas() {
    List<URI> replicas = List.of(URI.create("grpc+tcp://a:1"), URI.create("grpc+tcp://b:2"));
    List<FlightEndpoint> endpoints = EndpointSplitter.endpoints(TICKET, shards(4), 3, replicas);
    assertEquals(List.of(new Location(replicas.get(0)), new Location(replicas.get(1))),
        endpoints.get(0).getLocations());
    assertEquals(List.of(new Location(replicas.get(1)), new Location(replicas.get(0))),
        endpoints.get(1).getLocations());
    assertEquals(List.of(new Location(replicas.get(0)), new Location(replicas.get(1))),
        endpoints.get(2).getLocations());
  }
}
