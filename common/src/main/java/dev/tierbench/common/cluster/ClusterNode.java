package dev.tierbench.common.cluster;

import io.vertx.core.Vertx;

/** A Vert.x joined to the cluster, and the {@code host:port} other members reach it at (for agents' --cluster). */
public record ClusterNode(Vertx vertx, String address) {}
