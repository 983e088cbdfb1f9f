package io.lockstep.node.cli;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether Node.js can be run, for tests that build AssemblyScript contracts. */
final class NodeJs {

    static final String SKIP = "Node.js is needed to build AssemblyScript contracts and was not found on the PATH;"
            + " skipping (install Node.js 20 or newer and npm)";

    private NodeJs() {}

    static boolean available() {
        try {
            Process process = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
