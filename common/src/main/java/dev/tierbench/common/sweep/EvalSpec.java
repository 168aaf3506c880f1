package dev.tierbench.common.sweep;

import dev.tierbench.common.yaml.Location;

/**
 * The labelled data a model file is scored on: a folder of images in a folder per label ({@code images}), the
 * labels in the model's output order one per line ({@code labels}), both relative to the sweep.
 */
public record EvalSpec(String images, String labels, Location location) {}
