package io.lockstep.node.rpc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutionApisDataTest {

    @TempDir
    Path root;

    private Path executionApis(Path testdata) throws IOException {
        Path folder = testdata.resolve("execution-apis");
        Files.createDirectories(folder.resolve("src"));
        Files.createDirectories(folder.resolve("tests"));
        return folder;
    }

    @Test
    void theSystemPropertyNamesTheTestDataFolder() throws IOException {
        Path folder = executionApis(root.resolve("data"));
        assertEquals(
                Optional.of(folder),
                ExecutionApisData.locate(root.resolve("data").toString(), root));
    }

    @Test
    void otherwiseTheFolderIsFoundBesideTheRepositoryFromAModuleDirectory() throws IOException {
        Path folder = executionApis(root.resolve("shared/testdata"));
        Path module = Files.createDirectories(root.resolve("checkout/node"));
        assertEquals(Optional.of(folder), ExecutionApisData.locate(null, module));
        assertEquals(
                Optional.of(folder),
                ExecutionApisData.locate(root.resolve("nowhere").toString(), module));
    }

    @Test
    void aFolderWithoutSpecificationAndFixturesIsNotTheMaterial() throws IOException {
        Files.createDirectories(root.resolve("shared/testdata/execution-apis/src"));
        Path module = Files.createDirectories(root.resolve("checkout/node"));
        assertEquals(Optional.empty(), ExecutionApisData.locate(null, module));
    }
}
