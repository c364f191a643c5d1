/**
 * The HTTP host: the engine's REST API, Server-Sent Events, its OpenAPI document and the dashboard,
 * on the JDK's built-in HTTP server. {@link io.mediaflow.http.HttpHost#start} is the one call.
 */
package io.mediaflow.http;
