package dev.meshguard.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Concurrent clients with valid, invalid and missing tokens while the policy file is replaced every second: every
 * answer is checked against the status it must have, none may be a 5xx, and the heap after a full collection must not
 * grow by more than 16 MB (the token cache is bounded). The suite runs 32 clients for 10 s;
 * {@code -Dmeshguard.load.clients=200 -Dmeshguard.load.seconds=60} is the long run.
 */
class LoadIT {
    @TempDir
    Path policies;

    record Case(String path, String token, int expected) { }

    private static List<Future<?>> load(ExecutorService pool, HttpClient client, ServerProcess server, List<Case> cases,
                                        int clients, long end, AtomicLong requests, List<String> wrong) {
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            final int offset = c;
            futures.add(pool.submit(() -> {
                int i = offset;
                while (System.nanoTime() < end && wrong.size() < 10) {
                    Case k = cases.get(i++ % cases.size());
                    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.url(k.path()))).timeout(Duration.ofSeconds(20));
                    if (k.token() != null) {
                        r.header("Authorization", "Bearer " + k.token());
                    }
                    try {
                        int status = client.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                        requests.incrementAndGet();
                        if (status != k.expected()) {
                            wrong.add(k + " got " + status);
                        }
                    } catch (Exception e) {
                        wrong.add(k + " failed: " + e);
                    }
                }
                return null;
            }));
        }
        return futures;
    }

    @Test
    void noWrongDecisionUnderLoadWhilePoliciesReload() throws Exception {
        int clients = Integer.getInteger("meshguard.load.clients", 32);
        int seconds = Integer.getInteger("meshguard.load.seconds", 10);
        Path file = policies.resolve("policies.yaml");
        Files.writeString(file, Policies.seed());
        String valid = Policies.demoToken();
        List<Case> cases = List.of(new Case("/productpage", null, 200), new Case("/api/v1/products/0", null, 403),
                new Case("/api/v1/products/0", valid, 200), new Case("/api/v1/products/0", Policies.tampered(valid), 401),
                new Case("/productpage", "garbage", 401));
        try (ServerProcess server = ServerProcess.start(ServerProcess.JDK17, Apps.Line.JETTY12, false, null,
                Map.of("MESHGUARD_POLICY_PATH", policies.toString(), "MESHGUARD_RELOAD_INTERVAL", "200ms"))) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .executor(Executors.newFixedThreadPool(4)).build();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
            // Warm up with the same clients and connections, so that the heap is compared with the same pools open.
            AtomicLong warmUp = new AtomicLong();
            for (Future<?> f : load(pool, client, server, cases, clients, System.nanoTime() + 3_000_000_000L, warmUp, wrong)) {
                f.get();
            }
            long heapBefore = server.heapUsedAfterGcKb();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            AtomicLong requests = new AtomicLong();
            List<Future<?>> futures = load(pool, client, server, cases, clients, end, requests, wrong);
            int version = 0;
            while (System.nanoTime() < end) {
                Thread.sleep(1000);
                Path tmp = policies.resolve(".next.yaml");
                Files.writeString(tmp, "# version " + (++version) + "\n" + Policies.seed());
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            assertTrue(wrong.isEmpty(), () -> wrong.toString());
            assertTrue(requests.get() > clients * seconds, "the load ran: " + requests.get());
            long reloads = server.output().lines().filter(l -> l.contains("policies loaded")).count();
            assertTrue(reloads >= seconds - 2, "reloads while loaded: " + reloads);
            assertEquals(0, server.output().lines().filter(l -> l.contains("hook failed")).count(), server::output);
            long heapAfter = server.heapUsedAfterGcKb();
            System.out.printf("LoadIT: %d clients, %d s, %d requests, %d reloads, heap after GC %d KB before, %d KB after%n",
                    clients, seconds, requests.get(), reloads, heapBefore, heapAfter);
            assertTrue(heapAfter < heapBefore + 16 * 1024, "heap flat: " + heapBefore + " KB before, " + heapAfter + " KB after");
        }
    }
}
