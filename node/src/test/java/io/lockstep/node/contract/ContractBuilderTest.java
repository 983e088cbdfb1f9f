package io.lockstep.node.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractBuilderTest {

    @TempDir
    Path temp;

    @Test
    void withoutNodeJsAnAssemblyScriptBuildSaysHowToInstallIt() throws Exception {
        Path root = RepositoryRoot.locate().orElseThrow();
        Files.createDirectories(temp.resolve("c/assembly"));
        Files.writeString(temp.resolve("c/assembly/index.ts"), "export function f(): void {}\n");
        Toolchain noNode = new Toolchain(
                temp.resolve("no-node-here").toString(),
                temp.resolve("no-npm-here").toString(),
                "bash");
        ContractBuilder builder = new ContractBuilder(root, noNode, new PrintWriter(new StringWriter()));

        ContractBuildException e =
                assertThrows(ContractBuildException.class, () -> builder.build(temp.resolve("c"), null));

        assertEquals(ContractBuildException.Problem.TOOLCHAIN_MISSING, e.problem());
        assertTrue(e.getMessage().contains("Node.js"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install nodejs npm"), e.getMessage());
    }

    @Test
    void layoutIsDetectedFromTheEntrySource() throws Exception {
        Files.createDirectories(temp.resolve("as/assembly"));
        Files.writeString(temp.resolve("as/assembly/index.ts"), "");
        Files.createDirectories(temp.resolve("rs/src"));
        Files.writeString(temp.resolve("rs/src/lib.rs"), "");
        Files.createDirectories(temp.resolve("both/assembly"));
        Files.createDirectories(temp.resolve("both/src"));
        Files.writeString(temp.resolve("both/assembly/index.ts"), "");
        Files.writeString(temp.resolve("both/src/lib.rs"), "");

        assertEquals(ContractLanguage.ASSEMBLYSCRIPT, ContractLanguage.detect(temp.resolve("as")));
        assertEquals(ContractLanguage.RUST, ContractLanguage.detect(temp.resolve("rs")));
        ContractBuildException both =
                assertThrows(ContractBuildException.class, () -> ContractLanguage.detect(temp.resolve("both")));
        assertEquals(ContractBuildException.Problem.UNKNOWN_LAYOUT, both.problem());
        assertTrue(both.getMessage().contains("both"), both.getMessage());
    }
}
