package io.mediaflow.http;

import io.mediaflow.api.store.ApiScope;
import io.mediaflow.internal.http.Route;
import io.mediaflow.internal.http.Route.Body;
import io.mediaflow.internal.http.Route.Handler;
import java.util.Optional;

/** Shorthands for building routes with the scope their method needs. */
final class Routes {

  private Routes() {}

  /** A read: scope {@code READ}. */
  static Route get(String template, Handler handler) {
    return new Route("GET", template, Optional.of(ApiScope.READ), Body.NONE, handler);
  }

  /** A change with a JSON body: scope {@code WRITE}. */
  static Route post(String template, Handler handler) {
    return new Route("POST", template, Optional.of(ApiScope.WRITE), Body.JSON, handler);
  }

  /** A change without a body: scope {@code WRITE}. */
  static Route action(String template, Handler handler) {
    return new Route("POST", template, Optional.of(ApiScope.WRITE), Body.NONE, handler);
  }

  /** A replacement with a JSON body: scope {@code WRITE}. */
  static Route put(String template, Handler handler) {
    return new Route("PUT", template, Optional.of(ApiScope.WRITE), Body.JSON, handler);
  }

  /** A delete: scope {@code WRITE}. */
  static Route delete(String template, Handler handler) {
    return new Route("DELETE", template, Optional.of(ApiScope.WRITE), Body.NONE, handler);
  }

  /** A route with its own scope. */
  static Route scoped(Route route, ApiScope scope) {
    return new Route(
        route.method(), route.template(), Optional.of(scope), route.body(), route.handler());
  }

  /** A route open to anyone. */
  static Route open(Route route) {
    return new Route(
        route.method(), route.template(), Optional.empty(), route.body(), route.handler());
  }
}
