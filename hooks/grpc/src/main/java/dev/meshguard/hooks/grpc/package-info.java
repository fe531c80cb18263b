/**
 * grpc-java servers, on every transport: the decision is made in {@code ServerTransportListenerImpl.streamCreated},
 * before the method is looked up and before any interceptor, and a refusal is the trailers-only answer an Envoy sidecar
 * sends ({@code grpc-status}, {@code grpc-message}, the denial's headers). Calls over grpc-servlet are decided by the
 * servlet container's hook.
 */
package dev.meshguard.hooks.grpc;
