package dev.meshguard.policy;

import dev.meshguard.log.Logger;

import java.io.Closeable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the policy source in force: polls the path, and when its names or bytes change, reads it again after a short
 * settle delay (so a file caught mid-write is not used), validates it and hands it to the {@link Listener}, off the
 * request path. Polling content rather than watching events covers in-place writes, rename-on-save, a file removed
 * and recreated, and the kubelet's {@code ..data} symlink swap alike. A version that cannot be read or validated is
 * reported once and the last good one stays in force.
 */
public final class PolicyWatcher implements Closeable {
    private static final Logger LOG = Logger.get(PolicyWatcher.class);
    /** How long a changed source must stay unchanged before it is read as a new version. */
    static final long SETTLE_MILLIS = 200;

    /** Receives each new valid version, and each problem. */
    public interface Listener {
        /** Compiles and swaps in a new version; throwing rejects it and the last good version stays. */
        void accept(PolicySet policies, PolicyFiles files) throws PolicyException;

        /** The current source cannot be used; called once per distinct problem. */
        void rejected(String problem);
    }

    private final Path path;
    private final PolicyLoader loader;
    private final Listener listener;
    private final ScheduledExecutorService executor;
    private final Duration interval;
    private PolicyFiles lastSeen;
    private String lastProblem;
    private boolean first = true;
    private Boolean directory;

    public PolicyWatcher(Path path, PolicyLoader loader, Duration interval, Listener listener) {
        this.path = path;
        this.loader = loader;
        this.interval = interval;
        this.listener = listener;
        this.executor = Executors.newSingleThreadScheduledExecutor(new ThreadFactory() {
            @Override
            public Thread newThread(Runnable r) {
                Thread t = new Thread(r, "meshguard-policy-watcher");
                t.setDaemon(true);
                return t;
            }
        });
    }

    /** Starts polling every {@code interval} in the background. */
    public void start() {
        long millis = Math.max(50, interval.toMillis());
        executor.scheduleWithFixedDelay(new Runnable() {
            @Override
            public void run() {
                try {
                    poll();
                } catch (RuntimeException | Error t) {
                    // A defect, not a bad file: logged with its stack, reported like a refusal, and retried on change.
                    LOG.error("policy reload failed unexpectedly; the last good policies stay in force", t);
                    report("internal error while reading the policies: " + t);
                }
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Checks the source once, synchronously. Returns true when a new version was accepted. */
    public synchronized boolean poll() {
        PolicyFiles files;
        try {
            files = PolicyFiles.read(path);
            if (directory != null && files.directory() != directory) {
                // A file replaced by an empty directory would otherwise read as "no policies": fail closed instead.
                throw new PolicyException("policy path " + path + " was a " + (directory ? "directory" : "file")
                        + " and is now a " + (directory ? "file" : "directory") + "; restart to change the kind of source");
            }
            if (files.sameAs(lastSeen)) {
                return false;
            }
            if (!first) {
                // A change must hold still for the settle pause before it is trusted. The lock stays held on purpose:
                // it only serialises pollers (the watcher thread and callers of poll), never a request thread.
                Thread.sleep(SETTLE_MILLIS);
                PolicyFiles again = PolicyFiles.read(path);
                if (!again.sameAs(files)) {
                    return false;
                }
            }
        } catch (PolicyException e) {
            lastSeen = null;
            report(e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            first = false;
        }
        lastSeen = files;
        directory = files.directory();
        try {
            listener.accept(loader.load(files), files);
            lastProblem = null;
            return true;
        } catch (PolicyException e) {
            report(e.getMessage());
            return false;
        }
    }

    private synchronized void report(String problem) {
        if (!problem.equals(lastProblem)) {
            lastProblem = problem;
            listener.rejected(problem);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
