package io.lockstep.node.store;

import io.lockstep.core.state.SparseMerkleTree;
import io.lockstep.core.state.TreeUpdate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A process that commits versions as fast as it can until it is killed, printing each version after its
 * commit returned: {@code CrashingWriter DIR SEED}. Used by {@link ChainStoreCrashTest}.
 */
public final class CrashingWriter {

    private CrashingWriter() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        try (ChainStore store = ChainStore.open(dir)) {
            SparseMerkleTree tree = new SparseMerkleTree(store);
            while (true) {
                long version = store.latestVersion() + 1;
                TreeUpdate update = tree.update(
                        version == 0 ? io.lockstep.core.state.NodeRef.EMPTY : store.stateRoot(version - 1),
                        version,
                        StoreWorkload.changes(seed, version));
                try (ChainStore.Batch batch = store.batch(version)) {
                    batch.putState(update);
                    batch.put(
                            ChainStore.Column.BLOCKS,
                            Bytes.longKey(version),
                            ("block " + version).getBytes(StandardCharsets.UTF_8));
                    batch.commit();
                }
                if (version % 7 == 0) {
                    store.pruneBelow(version - 20);
                }
                System.out.println("committed " + version);
                System.out.flush();
            }
        }
    }
}
