/**
 * The web dashboard: its static pages, scripts and styles, and {@link io.flowsight.dashboard.DashboardAssets}, which
 * maps a request path to the file to answer. Depends on no other FlowSight module; the pages use only the documented
 * HTTP API.
 */
package io.flowsight.dashboard;
