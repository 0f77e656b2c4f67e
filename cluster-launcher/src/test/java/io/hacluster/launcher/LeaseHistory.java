package io.hacluster.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A volume's lease history as the shared-directory storage driver writes it: one line per change,
 * {@code <time> node=<n> action=<fence|mount|release> epochBefore=<e> epochAfter=<e> ownerBefore=<n> state=<s>}.
 */
record LeaseHistory(List<Map<String, String>> changes) {

    static LeaseHistory read(Path storageRoot, String volume) {
        Path file = storageRoot.resolve(volume).resolve("lease-history.log");
        try {
            List<Map<String, String>> changes = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.trim().split("\\s+");
                Map<String, String> change = new HashMap<>();
                change.put("time", fields[0]);
                for (int i = 1; i < fields.length; i++) {
                    int eq = fields[i].indexOf('=');
                    if (eq > 0) {
                        change.put(fields[i].substring(0, eq), fields[i].substring(eq + 1));
                    }
                }
                changes.add(change);
            }
            return new LeaseHistory(changes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** When another node first took the volume over (fence or mount) from {@code node}. */
    Instant firstTakeoverFrom(String node) {
        return changes.stream()
                .filter(c -> node.equals(c.get("ownerBefore")) && !node.equals(c.get("node"))
                        && ("fence".equals(c.get("action")) || "mount".equals(c.get("action"))))
                .map(c -> Instant.parse(c.get("time"))).findFirst()
                .orElseThrow(() -> new AssertionError("no takeover from " + node + " in " + changes));
    }
}
