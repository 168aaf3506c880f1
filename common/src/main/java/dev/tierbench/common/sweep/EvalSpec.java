package dev.tierbench.common.sweep;

import dev.tierbench.common.yaml.Location;

/**
 * The data a model file is scored on, paths relative to the sweep: either {@code images}, a folder per label
 * (or images directly in it: unlabelled, compared between variants only), scaled (pixel − {@code mean}) / {@code std} per channel (127.5 and 127.5, MobileNet's [-1, 1],
 * by default); or {@code csv}, samples with their target in column {@code label}. {@code labels}: the model's
 * classes in output order, one per line (required for images; for a CSV it makes the set a classification, else
 * the label column is a number to regress).
 */
public record EvalSpec(String images, String csv, String label, String labels, double mean, double std,
    Location location) {}
