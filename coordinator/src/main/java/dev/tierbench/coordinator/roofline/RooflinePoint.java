package dev.tierbench.coordinator.roofline;

/**
 * One measured variant under its agent's roofline.
 *
 * @param intensity FLOPs per byte moved (see {@link Rooflines#CONVENTION})
 * @param achievedGflops FLOPs of a query over its median latency
 * @param roofGflops the roofline at this intensity
 * @param bound {@link Roofline#MEMORY_BOUND} or {@link Roofline#COMPUTE_BOUND}: which roof is over it
 * @param fraction achieved over roof
 */
public record RooflinePoint(String variantId, String label, double intensity, double achievedGflops,
    double roofGflops, String bound, double fraction) {}
