package dev.tierbench.coordinator.analysis;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/** Random sources for the bootstraps: one per (seed, stream), so that an answer depends on the seed alone. */
public final class Generators {

  private Generators() {}

  /** Streams with neighbouring numbers are unrelated: the seed is mixed through SplitMix64 first. */
  public static UniformRandomProvider of(long seed, long stream) {
    UniformRandomProvider mixer = RandomSource.SPLIT_MIX_64.create(seed * 0x9E3779B97F4A7C15L + stream);
    return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {mixer.nextLong(), mixer.nextLong()});
  }
}
