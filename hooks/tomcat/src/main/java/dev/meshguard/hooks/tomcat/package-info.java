/**
 * Tomcat 9.0, 10.1 and 11.0 (embedded and standalone, HTTP/1.1 and HTTP/2): the decision is made when
 * {@code CoyoteAdapter.postParseRequest} has parsed, decoded and normalised the request and before the pipeline
 * (valves, filters, servlets) runs. Only connector and coyote classes are used, whose methods are the same in the
 * javax and jakarta lines.
 */
package dev.meshguard.hooks.tomcat;
