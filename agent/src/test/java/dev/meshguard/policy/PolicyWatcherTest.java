package dev.meshguard.policy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reload with real files: every way a policy file changes on disk, including the kubelet's ConfigMap swap. */
class PolicyWatcherTest {
    @TempDir
    Path dir;

    private final List<PolicySet> accepted = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private PolicyWatcher watcher;

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private PolicyWatcher watch(Path path) {
        watcher = new PolicyWatcher(path, new PolicyLoader("foo"), Duration.ofMillis(100), new PolicyWatcher.Listener() {
            @Override
            public void accept(PolicySet policies, PolicyFiles files) {
                accepted.add(policies);
            }

            @Override
            public void rejected(String problem) {
                problems.add(problem);
            }
        });
        return watcher;
    }

    /** Writes {@code file} with one policy named {@code name}, watches it, and takes that first version. */
    private PolicyWatcher watchFirst(Path file, String name) throws Exception {
        Files.writeString(file, policies(name));
        PolicyWatcher w = watch(file);
        w.poll();
        return w;
    }

    private List<String> current() {
        return accepted.get(accepted.size() - 1).authorizationPolicies().stream()
                .map(p -> p.metadata().name()).collect(Collectors.toList());
    }

    private static String policies(String... names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            sb.append("---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: ")
                    .append(n).append("}\nspec: {action: DENY, rules: [{}]}\n");
        }
        return sb.toString();
    }

    @Test
    void picksUpAnInPlaceWriteAndIgnoresAnUnchangedFile() throws Exception {
        Path file = dir.resolve("policies.yaml");
        Files.writeString(file, policies("a"));
        PolicyWatcher w = watch(file);
        assertTrue(w.poll());
        assertFalse(w.poll());
        Files.writeString(file, policies("a", "b"));
        assertTrue(w.poll());
        assertEquals(List.of("a", "b"), current());
        assertEquals(2, accepted.size());
    }

    @Test
    void picksUpAnAtomicRenameOnSave() throws Exception {
        Path file = dir.resolve("policies.yaml");
        PolicyWatcher w = watchFirst(file, "a");
        Path tmp = dir.resolve("policies.yaml.swp");
        Files.writeString(tmp, policies("renamed"));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(w.poll());
        assertEquals(List.of("renamed"), current());
    }

    @Test
    void followsAKubeletStyleDataSymlinkSwap() throws Exception {
        Path v1 = Files.createDirectory(dir.resolve("..2026_11_24_10_00_00.1"));
        Files.writeString(v1.resolve("policies.yaml"), policies("v1"));
        Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Files.createSymbolicLink(dir.resolve("policies.yaml"), Path.of("..data", "policies.yaml"));
        PolicyWatcher w = watch(dir);
        assertTrue(w.poll());
        assertEquals(List.of("v1"), current());

        // The kubelet writes a new timestamped directory, points ..data_tmp at it and renames it over ..data.
        Path v2 = Files.createDirectory(dir.resolve("..2026_11_24_10_05_00.2"));
        Files.writeString(v2.resolve("policies.yaml"), policies("v2"));
        Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
        Files.move(dir.resolve("..data_tmp"), dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        Files.walk(v1).sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());

        assertTrue(w.poll());
        assertEquals(List.of("v2"), current());
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void keepsTheLastGoodVersionWhenANewOneIsInvalidAndRecoversOnTheNextValidOne() throws Exception {
        Path file = dir.resolve("policies.yaml");
        PolicyWatcher w = watchFirst(file, "good");
        Files.writeString(file, policies("good") + "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
                + "metadata: {name: bad}\nspec: {rules: [{to: [{operation: {methodz: [GET]}}]}]}\n");
        assertFalse(w.poll());
        assertFalse(w.poll());
        assertEquals(1, accepted.size());
        assertEquals(List.of("good"), current());
        assertEquals(List.of("policies.yaml doc 1 AuthorizationPolicy foo/bad: spec.rules[0].to[0].operation.methodz: unknown field"),
                problems, "reported once");

        Files.writeString(file, policies("fixed"));
        assertTrue(w.poll());
        assertEquals(List.of("fixed"), current());
    }

    @Test
    void keepsTheLastGoodVersionWhileAHalfWrittenFileIsOnDisk() throws Exception {
        Path file = dir.resolve("policies.yaml");
        PolicyWatcher w = watchFirst(file, "complete");
        String full = policies("complete", "second");
        Files.writeString(file, full.substring(0, full.length() - 12));
        assertFalse(w.poll());
        assertEquals(List.of("complete"), current());
        assertEquals(1, problems.size());
        Files.writeString(file, full);
        assertTrue(w.poll());
        assertEquals(List.of("complete", "second"), current());
    }

    @Test
    void keepsTheLastGoodVersionWhileTheFileIsDeletedAndPicksUpItsRecreation() throws Exception {
        Path file = dir.resolve("policies.yaml");
        PolicyWatcher w = watchFirst(file, "a");
        Files.delete(file);
        assertFalse(w.poll());
        assertEquals(List.of("a"), current());
        assertTrue(problems.get(0).contains("does not exist"), problems.toString());
        Files.writeString(file, policies("recreated"));
        assertTrue(w.poll());
        assertEquals(List.of("recreated"), current());
    }

    @Test
    void anOversizedFileIsRefusedAndTheLastGoodVersionStays() throws Exception {
        Path file = dir.resolve("policies.yaml");
        PolicyWatcher w = watchFirst(file, "good");
        Files.writeString(file, policies("good") + "#" + "x".repeat(10 * 1024 * 1024) + "\n");
        assertFalse(w.poll());
        assertEquals(List.of("good"), current());
        assertTrue(problems.get(0).contains("is over the limit of 4194304"), problems.toString());
    }

    /**
     * A file that cannot be read. The tests run as root, who reads any file whatever its permissions, so the failures
     * are made otherwise: a directory where the file was (which must not read as "no policies") and a FIFO (a read
     * would block forever).
     */
    @Test
    void aFileThatCannotBeReadIsRefusedOnceAndTheLastGoodVersionStays() throws Exception {
        Path file = dir.resolve("policies.yaml");
        PolicyWatcher w = watchFirst(file, "good");
        Files.delete(file);
        Files.createDirectory(file);
        assertFalse(w.poll());
        assertFalse(w.poll());
        assertEquals(List.of("good"), current());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).endsWith("was a file and is now a directory; restart to change the kind of source"),
                problems.toString());

        Files.delete(file);
        Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        assertFalse(w.poll(), "returns at once instead of blocking on the FIFO");
        assertEquals(List.of("good"), current());
        assertTrue(problems.get(1).contains("is neither a regular file nor a directory"), problems.toString());
        Files.delete(file);
        Files.writeString(file, policies("readable"));
        assertTrue(w.poll());
        assertEquals(List.of("readable"), current());
    }

    @Test
    void garbageIsRefusedAndTheLastGoodVersionStays() throws Exception {
        Path file = dir.resolve("policies.yaml");
        PolicyWatcher w = watchFirst(file, "good");
        Files.write(file, new byte[] {0, (byte) 0xff, (byte) 0xfe, 0x1b, '{', '[', 0x7f});
        assertFalse(w.poll());
        assertEquals(List.of("good"), current());
        assertEquals(1, problems.size());
    }

    @Test
    void anEmptySourceMeansNoPolicies() throws Exception {
        Files.writeString(dir.resolve("policies.yaml"), policies("a"));
        PolicyWatcher w = watch(dir);
        w.poll();
        Files.writeString(dir.resolve("policies.yaml"), "");
        assertTrue(w.poll());
        assertEquals(0, accepted.get(1).authorizationPolicies().size() + accepted.get(1).requestAuthentications().size());
    }

    @Test
    void theBackgroundThreadAppliesAChangeWithinTwoSeconds() throws Exception {
        Path file = dir.resolve("policies.yaml");
        PolicyWatcher w = watchFirst(file, "before");
        w.start();
        Files.writeString(file, policies("after"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (accepted.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of("after"), current());
    }
}
