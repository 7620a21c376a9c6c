package io.sqlotel.flight.producer;

import io.sqlotel.proto.v1.QueryTicket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.Location;

/**
 * The endpoints of a query's FlightInfo. A query whose result is the unordered union of its shards' rows
 * ({@link io.sqlotel.coordinator.PreparedQuery#unorderedShards()}) over at least two shards gets up to
 * {@code maxEndpoints} endpoints, each a contiguous group of those shards (in time order, group sizes differing by at
 * most one) whose ticket is the query's {@link QueryTicket} with the group in {@code shard_ids}; every other query gets
 * one endpoint whose ticket runs it whole. Clients may fetch the endpoints in any order and in parallel (the Flight
 * SQL JDBC driver reads them concurrently, in completion order), so splitting is never done for ordered results.
 *
 * <p>Split endpoints list the configured replica locations, rotated so that endpoint {@code i} names replica
 * {@code i mod r} first (clients that take the first location spread over the replicas; ADBC shuffles them); with no
 * replica configured they have no location, which means "the server that answered GetFlightInfo". A single endpoint
 * never has a location.
 */
public final class EndpointSplitter {
  private EndpointSplitter() {}

  /**
   * The endpoints for {@code ticket}.
   *
   * @param ticket the whole query (its {@code shard_ids} empty)
   * @param unorderedShards the shards whose rows make the result in any order, or null if the query cannot be split
   * @param maxEndpoints at least 1
   * @param replicas replica locations, possibly empty
   * @return one or more endpoints; the union of their shard groups is {@code unorderedShards}, each shard in one group
   */
  public static List<FlightEndpoint> endpoints(QueryTicket ticket, List<String> unorderedShards, int maxEndpoints,
      List<URI> replicas) {
    int shards = unorderedShards == null ? 0 : unorderedShards.size();
    int parts = Math.min(maxEndpoints, shards);
    if (parts < 2) {
      return List.of(new FlightEndpoint(HandleCodec.toFlightTicket(ticket)));
    }
    List<FlightEndpoint> endpoints = new ArrayList<>(parts);
    for (int i = 0; i < parts; i++) {
      List<String> group = unorderedShards.subList(i * shards / parts, (i + 1) * shards / parts);
      QueryTicket part = ticket.toBuilder().clearShardIds().addAllShardIds(group).build();
      Location[] locations = new Location[replicas.size()];
      for (int r = 0; r < locations.length; r++) {
        locations[r] = new Location(replicas.get((i + r) % replicas.size()));
      }
      endpoints.add(new FlightEndpoint(HandleCodec.toFlightTicket(part), locations));
    }
    return endpoints;
  }
}
