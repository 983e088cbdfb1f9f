package io.lockstep.node.cli;

import io.lockstep.vm.VmConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** What {@code --version} prints: the build's version, the fuel schedule it runs, and the JVM. */
final class VersionInfo implements IVersionProvider {

    private static final String RESOURCE = "/io/lockstep/node/version.properties";

    @Override
    public String[] getVersion() throws IOException {
        return new String[] {
            "lockstep " + version(),
            "fuel schedule (cost table) v" + VmConfig.DEFAULT.costs().version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
        };
    }

    static String version() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            properties.load(in);
        }
        return properties.getProperty("version", "unknown");
    }

    /** The build's version, or {@code unknown}: what {@code web3_clientVersion} reports after {@code lockstep/}. */
    static String clientVersion() {
        try {
            return version();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
