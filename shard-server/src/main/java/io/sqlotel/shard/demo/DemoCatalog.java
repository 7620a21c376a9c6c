package io.sqlotel.shard.demo;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fictional shop the demo data describes: ten services, their HTTP endpoints and which services each
 * endpoint calls.
 */
final class DemoCatalog {
  /** Hosts (pods) per service; the host index selects the resource attributes. */
  static final int HOSTS_PER_SERVICE = 3;

  static final String RESOURCE_SCHEMA_URL = "https://opentelemetry.io/schemas/1.24.0";
  static final String HTTP_SCOPE = "io.opentelemetry.http";
  static final String RUNTIME_SCOPE = "io.opentelemetry.runtime-telemetry";
  static final String SCOPE_VERSION = "1.32.0";

  /**
   * An HTTP endpoint served by a service.
   *
   * @param method HTTP method
   * @param route route template
   * @param downstream names of the services called while serving it, in call order
   */
  record Endpoint(String method, String route, List<String> downstream) {}

  /**
   * A service.
   *
   * @param name service.name
   * @param version service.version
   * @param medianMillis median server-span duration in milliseconds (durations are log-normal)
   * @param errorRate probability that a server span of this service fails on its own
   * @param endpoints what it serves; callers pick one at random
   */
  record Service(String name, String version, double medianMillis, double errorRate, List<Endpoint> endpoints) {
    /** Returns the JSON resource attributes of host {@code host} of this service. */
    String resourceAttributes(int host) {
      return JsonText.object("deployment.environment", "demo", "host.name", name + "-" + host,
          "service.name", name, "service.version", version);
    }
  }

  static final List<Service> SERVICES = List.of(
      new Service("frontend", "2.3.1", 40, 0.005, List.of(
          new Endpoint("GET", "/", List.of("catalog", "recommendation", "ad")),
          new Endpoint("GET", "/api/products", List.of("catalog", "ad")),
          new Endpoint("GET", "/api/products/{id}", List.of("catalog", "recommendation")),
          new Endpoint("POST", "/api/cart", List.of("auth", "cart")),
          new Endpoint("GET", "/api/cart", List.of("auth", "cart", "catalog")),
          new Endpoint("POST", "/api/checkout", List.of("auth", "checkout")))),
      new Service("checkout", "1.9.0", 60, 0.01, List.of(
          new Endpoint("POST", "/orders", List.of("cart", "payment", "shipping", "email")))),
      new Service("cart", "1.4.2", 8, 0.01, List.of(
          new Endpoint("GET", "/cart/{userId}", List.of()),
          new Endpoint("POST", "/cart/{userId}/items", List.of()))),
      new Service("payment", "3.0.0", 120, 0.10, List.of(
          new Endpoint("POST", "/charge", List.of()))),
      new Service("auth", "1.0.7", 5, 0.01, List.of(
          new Endpoint("POST", "/token/verify", List.of()))),
      new Service("catalog", "2.0.4", 15, 0.01, List.of(
          new Endpoint("GET", "/products", List.of()),
          new Endpoint("GET", "/products/{id}", List.of()))),
      new Service("shipping", "1.2.0", 30, 0.02, List.of(
          new Endpoint("POST", "/quote", List.of()),
          new Endpoint("POST", "/ship", List.of()))),
      new Service("email", "0.9.3", 200, 0.02, List.of(
          new Endpoint("POST", "/send/order-confirmation", List.of()))),
      new Service("recommendation", "1.1.0", 25, 0.015, List.of(
          new Endpoint("GET", "/recommendations", List.of("catalog")))),
      new Service("ad", "1.0.0", 10, 0.01, List.of(
          new Endpoint("GET", "/ads", List.of()))));

  private static final Map<String, Service> BY_NAME =
      SERVICES.stream().collect(Collectors.toUnmodifiableMap(Service::name, Function.identity()));

  /** Services whose endpoints start traces, with weights out of 100 (the rest are background calls). */
  static final List<String> ROOT_SERVICES = List.of("frontend", "checkout", "shipping", "email");
  static final int[] ROOT_WEIGHTS = {85, 5, 5, 5};

  private DemoCatalog() {}

  /**
   * Looks up a service.
   *
   * @param name service.name
   * @return the service
   * @throws IllegalArgumentException for an unknown name (a bug in the catalog)
   */
  static Service service(String name) {
    Service s = BY_NAME.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown service " + name);
    }
    return s;
  }
}
