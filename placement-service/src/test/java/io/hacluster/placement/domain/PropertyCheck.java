package io.hacluster.placement.domain;

import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small property-testing harness: a property is checked on many generated samples, each from its own seed, so that
 * a failure names the seed that reproduces it ({@code -Dplacement.property.seed=<seed> -Dplacement.property.tries=1}).
 * See ADR 0043 for why the project does not use jqwik here.
 */
final class PropertyCheck {

    static final int TRIES = Integer.getInteger("placement.property.tries", 400);
    static final long FIRST_SEED = Long.getLong("placement.property.seed", 20261127L);

    private PropertyCheck() {
    }

    /** Checks {@code property} on {@link #TRIES} samples; the property throws an AssertionError when falsified. */
    static <T> void forAll(Function<Random, T> generator, Consumer<T> property) {
        for (int i = 0; i < TRIES; i++) {
            long seed = FIRST_SEED + i;
            T sample = generator.apply(new Random(seed));
            try {
                property.accept(sample);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("falsified by sample " + i + "; reproduce with -Dplacement.property.seed="
                        + seed + " -Dplacement.property.tries=1\nsample: " + sample + "\n" + e.getMessage(), e);
            }
        }
    }
}
