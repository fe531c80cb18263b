package dev.meshguard.hooks.vertx;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * Sees through Vert.x's own HTTP/1 dispatcher to the application. Unless WebSockets are disabled, Vert.x gives an
 * HTTP/1 connection its {@code Http1xServerRequestHandler}, which sends WebSocket upgrades to the WebSocket handlers,
 * answers an unknown HTTP version with 501 when there are none, and passes everything else to the application's
 * request handler; both sit in its {@code handlers} field (the same names in 4.5 and 5.0, read once per connection).
 * When they cannot be read, the handler is taken as the application's and nothing is left to Vert.x: the stricter
 * reading. Immutable.
 */
final class HandlerChain {
    private static final String DISPATCHER = "io.vertx.core.http.impl.Http1xServerRequestHandler";
    private static final String[] WEBSOCKET_FIELDS = {"wsHandler", "wsHandshakeHandler", "webSocketHandler",
        "webSocketHandshakeHandler"};
    private static final HandlerChain OPAQUE = new HandlerChain(null, null, null, new Field[0]);

    private final Class<?> dispatcher;
    private final Field handlers;
    private final Field requestHandler;
    private final Field[] webSocketHandlers;

    private HandlerChain(Class<?> dispatcher, Field handlers, Field requestHandler, Field[] webSocketHandlers) {
        this.dispatcher = dispatcher;
        this.handlers = handlers;
        this.requestHandler = requestHandler;
        this.webSocketHandlers = webSocketHandlers;
    }

    /** The chain of the Vert.x that {@code loader} sees. */
    static HandlerChain of(ClassLoader loader) {
        try {
            Class<?> dispatcher = Class.forName(DISPATCHER, false, loader);
            Field handlers = dispatcher.getDeclaredField("handlers");
            handlers.setAccessible(true);
            Class<?> type = handlers.getType();
            Field requestHandler = type.getDeclaredField("requestHandler");
            requestHandler.setAccessible(true);
            List<Field> webSockets = new ArrayList<>();
            for (String name : WEBSOCKET_FIELDS) {
                try {
                    Field f = type.getDeclaredField(name);
                    f.setAccessible(true);
                    webSockets.add(f);
                } catch (NoSuchFieldException otherVersion) {
                    // 4.5 and 5.0 name them differently
                }
            }
            if (webSockets.isEmpty()) {
                return OPAQUE;
            }
            return new HandlerChain(dispatcher, handlers, requestHandler, webSockets.toArray(new Field[0]));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unknownVersion) {
            return OPAQUE;
        }
    }

    /** The application's request handler behind {@code handler}: {@code handler} itself unless it is the dispatcher. */
    Object application(Object handler) {
        Object handlerSet = handlerSet(handler);
        if (handlerSet == null) {
            return handler;
        }
        Object application = read(requestHandler, handlerSet);
        return application == null ? handler : application;
    }

    /** True when {@code handler} is the dispatcher with no WebSocket handler, which answers 501 to unknown versions. */
    boolean answersUnknownVersions(Object handler) {
        Object handlerSet = handlerSet(handler);
        if (handlerSet == null) {
            return false;
        }
        for (Field f : webSocketHandlers) {
            if (read(f, handlerSet) != null) {
                return false;
            }
        }
        return true;
    }

    private Object handlerSet(Object handler) {
        return dispatcher != null && handler.getClass() == dispatcher ? read(handlers, handler) : null;
    }

    private static Object read(Field f, Object target) {
        try {
            return f.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
