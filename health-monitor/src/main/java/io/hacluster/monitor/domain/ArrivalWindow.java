package io.hacluster.monitor.domain;

/**
 * The most recent inter-arrival times of one node's heartbeats, in milliseconds, with their mean and standard
 * deviation kept in exact integer sums.
 */
final class ArrivalWindow {

    private final long[] samples;
    private int count;
    private int next;
    private long sum;
    private long sumOfSquares;

    ArrivalWindow(int size) {
        this.samples = new long[size];
    }

    void add(long intervalMs) {
        long value = Math.max(0, intervalMs);
        if (count == samples.length) {
            long dropped = samples[next];
            sum -= dropped;
            sumOfSquares -= dropped * dropped;
        } else {
            count++;
        }
        samples[next] = value;
        next = (next + 1) % samples.length;
        sum += value;
        sumOfSquares += value * value;
    }

    void clear() {
        count = 0;
        next = 0;
        sum = 0;
        sumOfSquares = 0;
    }

    int count() {
        return count;
    }

    double mean() {
        return count == 0 ? 0 : (double) sum / count;
    }

    /** Population standard deviation. */
    double stdDev() {
        if (count == 0) {
            return 0;
        }
        double mean = mean();
        double variance = (double) sumOfSquares / count - mean * mean;
        return variance <= 0 ? 0 : Math.sqrt(variance);
    }
}
