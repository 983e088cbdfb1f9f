package io.lockstep.vm.spec;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.wasm.UnlinkableException;
import io.lockstep.vm.WasmValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the commands of one script, in order, on one engine, keeping instances, {@code $name}s and
 * registrations across commands as the suite requires. Produces one {@link Outcome} per command; the
 * verdicts are the {@link SpecJudge}'s business.
 */
final class ScriptRunner<C> {

    private final SpecScript script;
    private final SpecEngine<C> engine;
    private final Map<String, ModuleSlot> named = new HashMap<>();
    private final Map<String, ModuleSlot> registered = new HashMap<>();
    private final SpecLinker linker;
    private ModuleSlot current;

    ScriptRunner(SpecScript script, SpecEngine<C> engine) {
        this.script = script;
        this.engine = engine;
        this.linker = new SpecLinker(new Spectest(), registered);
    }

    List<Outcome> run() {
        List<Outcome> outcomes = new ArrayList<>(script.commands().size());
        for (SpecCommand command : script.commands()) {
            Outcome outcome;
            try {
                outcome = run(command);
            } catch (RuntimeException e) {
                outcome = Outcome.error(e);
            }
            outcomes.add(outcome);
        }
        return outcomes;
    }

    private Outcome run(SpecCommand command) {
        switch (command.type()) {
            case "module":
                return module(command);
            case "register":
                return register(command);
            case "action":
            case "assert_return":
            case "assert_trap":
            case "assert_exhaustion":
                return action(command.action());
            case "assert_invalid":
            case "assert_malformed":
                if (!"binary".equals(command.moduleType())) {
                    return Outcome.skipped("text format only");
                }
                SpecEngine.Loaded<C> loaded = load(command);
                return loaded.refused() ? loaded.rejection() : Outcome.success(List.of(), 0);
            case "assert_unlinkable":
            case "assert_uninstantiable":
                return instantiate(command, load(command)).outcome;
            default:
                return Outcome.skipped("unknown command type " + command.type());
        }
    }

    private SpecEngine.Loaded<C> load(SpecCommand command) {
        return engine.load(script, command.filename());
    }

    private record Attempt(Outcome outcome, ModuleSlot slot) {}

    private Outcome module(SpecCommand command) {
        SpecEngine.Loaded<C> loaded = load(command);
        Attempt attempt = instantiate(command, loaded);
        current = attempt.slot;
        if (command.moduleName() != null) {
            named.put(command.moduleName(), current);
        }
        return attempt.outcome;
    }

    private Attempt instantiate(SpecCommand command, SpecEngine.Loaded<C> loaded) {
        String where = "module at line " + command.line();
        if (loaded.refused()) {
            Outcome rejection = loaded.rejection();
            String why = SpecJudge.notAdmitted(rejection)
                    ? SpecJudge.featureReason(rejection)
                    : "rejected as " + rejection.reason() + ": " + rejection.message();
            return new Attempt(rejection, ModuleSlot.missing(where + " " + why));
        }
        ImportValues imports;
        try {
            imports = linker.link(loaded.module());
        } catch (SpecLinker.DependencyUnavailable e) {
            return new Attempt(Outcome.skipped(e.getMessage()), ModuleSlot.missing(where + " " + e.getMessage()));
        } catch (UnlinkableException e) {
            return new Attempt(Outcome.unlinkable(e.getMessage()), ModuleSlot.missing(where + " did not link"));
        }
        SpecEngine.Instantiated result;
        try {
            result = engine.instantiate(loaded, imports);
        } catch (UnlinkableException e) {
            return new Attempt(Outcome.unlinkable(e.getMessage()), ModuleSlot.missing(where + " did not link"));
        }
        if (result.failure() != null) {
            return new Attempt(result.failure(), ModuleSlot.missing(where + " failed to instantiate"));
        }
        return new Attempt(Outcome.success(List.of(), result.fuel()), ModuleSlot.of(result.instance()));
    }

    private Outcome register(SpecCommand command) {
        ModuleSlot slot = command.moduleName() != null ? named.get(command.moduleName()) : current;
        if (slot == null) {
            return Outcome.skipped("register names an unknown module " + command.moduleName());
        }
        registered.put(command.registerAs(), slot);
        return slot.available() ? Outcome.success(List.of(), 0) : Outcome.skipped(slot.unavailable());
    }

    private Outcome action(SpecAction action) {
        ModuleSlot slot = action.module() != null ? named.get(action.module()) : current;
        if (slot == null) {
            return Outcome.skipped("no module to run " + action + " on");
        }
        if (!slot.available()) {
            return Outcome.skipped(slot.unavailable());
        }
        if (!action.isInvoke()) {
            return slot.live().get(action.field());
        }
        List<WasmValue> args = new ArrayList<>();
        for (SpecValue arg : action.args()) {
            if (!arg.numeric()) {
                return Outcome.skipped(arg.type() + " arguments cannot be passed to the contract VM");
            }
            args.add(arg.toWasmValue());
        }
        return slot.live().invoke(action.field(), args);
    }
}
