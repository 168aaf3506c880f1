package dev.tierbench.agent.link;

import java.util.concurrent.CompletionStage;

import dev.tierbench.agent.measure.ProgressListener;
import dev.tierbench.agent.task.ActiveTask;
import dev.tierbench.common.protocol.WireMessage;

/**
 * Runs a leased task off the link's thread (a measurement blocks for seconds) and completes, on the link's thread,
 * with the message that ends it (see {@code TaskPipeline}).
 */
@FunctionalInterface
public interface TaskRunner {

  CompletionStage<WireMessage> run(ActiveTask task, String modelsUrl, ProgressListener listener);
}
