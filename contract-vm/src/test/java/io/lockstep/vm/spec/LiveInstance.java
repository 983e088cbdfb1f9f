package io.lockstep.vm.spec;

import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.Instance;
import io.lockstep.vm.WasmValue;
import java.util.List;

/** An instance kept across the commands of a script, as the suite requires. */
interface LiveInstance {

    /** The Chicory instance, whose exported globals, memories and tables other modules import. */
    Instance chicory();

    /** Calls an exported function. */
    Outcome invoke(String export, List<WasmValue> args);

    /** Reads an exported global. */
    Outcome get(String export);

    /** An import for another module that calls {@code export} of this instance. */
    ImportFunction functionImport(String module, String name, String export);
}
