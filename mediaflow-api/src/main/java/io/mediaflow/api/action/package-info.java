/**
 * The action SPI: what a workflow node calls. Plain Java types only, no third-party type, so an
 * action depends on {@code mediaflow-api} alone.
 */
package io.mediaflow.api.action;
