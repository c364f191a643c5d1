package io.mediaflow.internal.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The route table: finds the route of a method and a decoded path, with the values of its
 * parameters. A literal segment wins over a parameter; an unknown path is a 404, a known path with
 * another method a 405 that names the methods it has.
 */
public final class Router {

  /** A route found, with its parameters. */
  public record Match(Route route, Map<String, String> params) {}

  private final List<Route> routes = new ArrayList<>();

  /** Adds a route; a second route with the same method and template is a bug. */
  public Router add(Route route) {
    for (Route r : routes) {
      if (r.method().equals(route.method()) && r.template().equals(route.template())) {
        throw new IllegalStateException(
            "route " + route.method() + " " + route.template() + " twice");
      }
    }
    routes.add(route);
    return this;
  }

  /** Every route, in the order added. */
  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /**
   * The route for a request.
   *
   * @throws HttpProblem 404 {@code ROUTE_NOT_FOUND}, or 405 {@code METHOD_NOT_ALLOWED} with {@code
   *     Allow}
   */
  public Match match(String method, List<String> segments, String rawPath) {
    String asked = method.equals("HEAD") ? "GET" : method;
    Match best = null;
    int bestScore = -1;
    Set<String> allowed = new TreeSet<>();
    for (Route r : routes) {
      Map<String, String> params = new LinkedHashMap<>();
      int score = score(r.segments(), segments, params);
      if (score < 0) {
        continue;
      }
      allowed.add(r.method());
      if (r.method().equals("GET")) {
        allowed.add("HEAD");
      }
      if (r.method().equals(asked) && score > bestScore) {
        best = new Match(r, params);
        bestScore = score;
      }
    }
    if (best != null) {
      return best;
    }
    if (allowed.isEmpty()) {
      throw new HttpProblem(
          404,
          Problems.ROUTE_NOT_FOUND,
          "no route " + Printables.clip(rawPath) + " exists",
          Printables.clip(rawPath),
          "GET /v1/openapi.json lists the routes");
    }
    String allow = String.join(", ", allowed);
    return reject(method, rawPath, allow);
  }

  private static Match reject(String method, String rawPath, String allow) {
    throw new HttpProblem(
            405,
            Problems.METHOD_NOT_ALLOWED,
            Printables.clip(method) + " is not allowed on " + Printables.clip(rawPath),
            Printables.clip(rawPath),
            "use one of: " + allow)
        .withHeader("Allow", allow);
  }

  /** How well a template matches, literal segments counting more; -1 for no match. */
  private static int score(List<String> template, List<String> path, Map<String, String> params) {
    int score = 0;
    for (int i = 0; i < template.size(); i++) {
      String t = template.get(i);
      boolean param = t.startsWith("{") && t.endsWith("}");
      if (param && t.endsWith("...}")) {
        if (i >= path.size()) {
          return -1;
        }
        params.put(t.substring(1, t.length() - 4), String.join("/", path.subList(i, path.size())));
        return score;
      }
      if (i >= path.size()) {
        return -1;
      }
      if (param) {
        params.put(t.substring(1, t.length() - 1), path.get(i));
      } else if (t.equals(path.get(i))) {
        score += 2;
      } else {
        return -1;
      }
    }
    return template.size() == path.size() ? score + 1 : -1;
  }
}
