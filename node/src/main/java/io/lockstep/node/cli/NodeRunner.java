package io.lockstep.node.cli;

import io.lockstep.node.service.LockstepNode;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a started node running until the process is told to stop (SIGINT, SIGTERM), then closes it
 * cleanly: RPC stops accepting, the block being made is finished and committed, the store is closed.
 */
final class NodeRunner {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRunner.class);

    private NodeRunner() {}

    static int runUntilStopped(LockstepNode node, PrintWriter err) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    LOG.info("stop requested; shutting down");
                    node.close();
                    stopped.countDown();
                },
                "lockstep-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                Throwable halted = node.engine().halted();
                if (halted != null) {
                    err.println("lockstep: consensus halted: " + halted.getMessage() + " (details in the log)");
                    err.flush();
                    Runtime.getRuntime().removeShutdownHook(hook);
                    node.close();
                    return LockstepCli.EXIT_FAILURE;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return LockstepCli.EXIT_OK;
    }
}
