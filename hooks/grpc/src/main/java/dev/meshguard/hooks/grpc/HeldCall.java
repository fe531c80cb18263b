package dev.meshguard.hooks.grpc;

import dev.meshguard.bootstrap.Verdict;
import io.grpc.Attributes;
import io.grpc.Compressor;
import io.grpc.Decompressor;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.internal.ServerStream;
import io.grpc.internal.ServerStreamListener;
import io.grpc.internal.ServerTransport;
import io.grpc.internal.ServerTransportListener;
import io.grpc.internal.StatsTraceContext;

import java.io.InputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A call whose decision waits for an external authorizer, held without blocking the transport thread. It listens to
 * the stream meanwhile and keeps what the transport reports (ready, half-closed, cancelled). Once the verdict is in,
 * on the transport's own executor (a Netty transport's event loop): a refusal is answered on the stream; an allowed
 * call is handed to grpc-java as if just created, through a {@link ResumedStream} that passes the listener grpc-java
 * sets on to this one, which then replays what it kept. A call the client cancelled meanwhile is dropped.
 */
final class HeldCall implements ServerStreamListener {
    private final ServerStream stream;
    private volatile ServerStreamListener next;
    private MessageProducer messages;
    private boolean ready;
    private boolean halfClosed;
    private Status cancelled;

    private HeldCall(ServerStream stream) {
        this.stream = stream;
    }

    /** Holds the call on {@code stream} until {@code pending} is final, then resumes it on the transport's executor. */
    static void hold(ServerStream stream, Verdict pending, ServerTransportListener server, ServerTransport transport,
                     String methodName, Metadata headers) {
        HeldCall held = new HeldCall(stream);
        stream.setListener(held);
        held.await(pending, server, transport.getScheduledExecutorService(), methodName, headers);
    }

    private void await(Verdict pending, final ServerTransportListener server, final Executor transportThread,
                       final String methodName, final Metadata headers) {
        pending.pending().whenComplete((verdict, failure) -> {
            try {
                transportThread.execute(() -> resume(verdict, server, transportThread, methodName, headers));
            } catch (RejectedExecutionException transportGone) {
                stream.cancel(Status.UNAVAILABLE);
            }
        });
    }

    private void resume(Verdict verdict, ServerTransportListener server, Executor transportThread, String methodName,
                        Metadata headers) {
        if (verdict != null && verdict.isPending()) {
            await(verdict, server, transportThread, methodName, headers);
            return;
        }
        synchronized (this) {
            if (cancelled != null) {
                return;
            }
            if (verdict == null || !verdict.allowed()) {
                next = GrpcDenials.Discard.INSTANCE;
                if (messages != null) {
                    next.messagesAvailable(messages);
                }
            }
        }
        if (verdict == null) {
            stream.close(Status.UNAVAILABLE, new Metadata());
            return;
        }
        if (!verdict.allowed()) {
            stream.close(GrpcDenials.status(verdict), GrpcDenials.trailers(verdict));
            return;
        }
        verdict.mutation().applyTo(headers, GrpcDenials.METADATA);
        server.streamCreated(new ResumedStream(stream, this), methodName, headers);
        replay();
    }

    private void replay() {
        ServerStreamListener l;
        boolean wasReady;
        boolean wasHalfClosed;
        MessageProducer kept;
        synchronized (this) {
            l = next;
            wasReady = ready;
            wasHalfClosed = halfClosed;
            kept = messages;
            messages = null;
        }
        if (l == null) {
            return;
        }
        if (wasReady) {
            l.onReady();
        }
        if (kept != null) {
            l.messagesAvailable(kept);
        }
        if (wasHalfClosed) {
            l.halfClosed();
        }
    }

    private synchronized void listener(ServerStreamListener l) {
        next = l;
    }

    @Override
    public void messagesAvailable(MessageProducer producer) {
        ServerStreamListener l;
        synchronized (this) {
            l = next;
            if (l == null) {
                messages = producer;
                return;
            }
        }
        l.messagesAvailable(producer);
    }

    @Override
    public void onReady() {
        ServerStreamListener l;
        synchronized (this) {
            l = next;
            if (l == null) {
                ready = true;
                return;
            }
        }
        l.onReady();
    }

    @Override
    public void halfClosed() {
        ServerStreamListener l;
        synchronized (this) {
            l = next;
            if (l == null) {
                halfClosed = true;
                return;
            }
        }
        l.halfClosed();
    }

    @Override
    public void closed(Status status) {
        ServerStreamListener l;
        synchronized (this) {
            l = next;
            if (l == null) {
                cancelled = status;
                return;
            }
        }
        l.closed(status);
    }

    /** An application's event (grpc-java 1.84 and later), which only a call under way can raise. */
    @Override
    public void triggerEvent(Object event) {
        ServerStreamListener l = next;
        if (l != null) {
            l.triggerEvent(event);
        }
    }

    /**
     * The held stream handed to grpc-java once the call is allowed: everything goes to the real stream, except the
     * listener grpc-java sets, which the held call forwards to. Its type also tells the hook that the call is decided.
     */
    static final class ResumedStream implements ServerStream {
        private final ServerStream stream;
        private final HeldCall held;

        ResumedStream(ServerStream stream, HeldCall held) {
            this.stream = stream;
            this.held = held;
        }

        @Override
        public void setListener(ServerStreamListener listener) { held.listener(listener); }

        @Override
        public void writeHeaders(Metadata headers, boolean flush) { stream.writeHeaders(headers, flush); }

        @Override
        public void close(Status status, Metadata trailers) { stream.close(status, trailers); }

        @Override
        public void cancel(Status status) { stream.cancel(status); }

        @Override
        public void setDecompressor(Decompressor decompressor) { stream.setDecompressor(decompressor); }

        @Override
        public Attributes getAttributes() { return stream.getAttributes(); }

        @Override
        public String getAuthority() { return stream.getAuthority(); }

        @Override
        public StatsTraceContext statsTraceContext() { return stream.statsTraceContext(); }

        @Override
        public int streamId() { return stream.streamId(); }

        /** Called only by grpc-java versions that have it on their streams too. */
        @Override
        public void setOnReadyThreshold(int numBytes) { stream.setOnReadyThreshold(numBytes); }

        /** Called only by grpc-java versions that have it on their streams too. */
        @Override
        public void triggerEvent(Object event) { stream.triggerEvent(event); }

        @Override
        public void request(int numMessages) { stream.request(numMessages); }

        @Override
        public void writeMessage(InputStream message) { stream.writeMessage(message); }

        @Override
        public void flush() { stream.flush(); }

        @Override
        public boolean isReady() { return stream.isReady(); }

        @Override
        public void optimizeForDirectExecutor() { stream.optimizeForDirectExecutor(); }

        @Override
        public void setCompressor(Compressor compressor) { stream.setCompressor(compressor); }

        @Override
        public void setMessageCompression(boolean enable) { stream.setMessageCompression(enable); }

        @Override
        public String toString() { return stream.toString(); }
    }
}
