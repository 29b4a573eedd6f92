package com.nakksha.identity.password;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Argon2id cost; the defaults are OWASP's minimum (m = 19 MiB, t = 2, p = 1) and lower values
 * are refused at startup.
 *
 * @param maxConcurrentHashes hashes allowed to run at once; 0 sizes it from the heap: a quarter of the
 *        maximum heap divided by the memory cost, at least 1, at most twice the processors (the hashes' memory
 *        is native, outside the heap; the heap, a fixed share of a container's memory, still sizes the budget)
 * @param hashQueueWait how long a request waits for a hashing slot before it is answered 503
 */
@ConfigurationProperties("nakksha.identity.password")
public record PasswordProperties(
        @DefaultValue("19456") int memoryKib,
        @DefaultValue("2") int iterations,
        @DefaultValue("1") int parallelism,
        @DefaultValue("0") int maxConcurrentHashes,
        @DefaultValue("1s") Duration hashQueueWait) {

    /** The configured limit, or the one the heap sizes (a 256 MiB heap allows 3 hashes of 19 MiB at once). */
    public int concurrentHashes(long maxHeapBytes) {
        if (maxConcurrentHashes > 0) {
            return maxConcurrentHashes;
        }
        long perHash = (long) memoryKib * 1024;
        long fitting = maxHeapBytes / 4 / perHash;
        return (int) Math.max(1, Math.min(fitting, 2L * Runtime.getRuntime().availableProcessors()));
    }
}
