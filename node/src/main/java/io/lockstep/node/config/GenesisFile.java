package io.lockstep.node.config;

import io.lockstep.core.chain.Address;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML form of a {@link Genesis} ({@code genesis.yaml}); docs/configuration.md describes every field.
 * Reading refuses unknown fields and names the file and field of every problem ({@code genesis.yaml:
 * alloc[2].balance: not a decimal or 0x-hex integer: '12e3'}). Amounts are read as decimal or {@code 0x}
 * hex and written as quoted decimal strings, since YAML and JSON tools lose precision on large numbers.
 */
public final class GenesisFile {

    private static final String HEADER =
            """
            Lockstep genesis: the rules of one chain. Every validator of the chain must use this same file:
            compare the genesis hash that lockstep init and the node print. Amounts are in wei.
            """;

    private GenesisFile() {}

    public static Genesis read(Path file) {
        String text = TextFiles.read(file);
        try {
            return parse(text);
        } catch (ConfigException e) {
            throw e.inFile(file);
        }
    }

    /** Writes {@code genesis} to {@code file}, replacing it if it exists. */
    public static void write(Path file, Genesis genesis) throws IOException {
        TextFiles.replace(file, toYaml(genesis));
    }

    /** Reads a genesis from YAML text; problems name the field but no file. */
    public static Genesis parse(String yaml) {
        YamlFields root = YamlFields.root(YamlNode.parse(yaml));
        long chainId = root.required("chainId", Scalars::int64);
        long genesisTime = root.required("genesisTime", Scalars::int64);
        long blockGasLimit = root.optional("blockGasLimit", ChainSpec.DEFAULT_BLOCK_GAS_LIMIT, Scalars::int64);
        var baseFee = root.optional("baseFeePerGas", ChainSpec.DEFAULT_BASE_FEE_PER_GAS, Scalars::uint256);
        List<Genesis.Allocation> alloc = root.list("alloc", fields -> {
                    Address address = fields.required("address", Scalars::address);
                    var balance = fields.required("balance", Scalars::uint256);
                    return fields.construct(() -> new Genesis.Allocation(address, balance));
                })
                .orElse(List.of());
        List<Genesis.Validator> validators = root.list("validators", fields -> {
                    Address address = fields.required("address", Scalars::address);
                    long power = fields.required("power", Scalars::int64);
                    return fields.construct(() -> new Genesis.Validator(address, power));
                })
                .orElseThrow(() -> root.missing("validators"));
        Genesis.Vm vm = readVm(root.section("vm"));
        root.finish();
        return root.construct(() -> new Genesis(chainId, genesisTime, blockGasLimit, baseFee, alloc, validators, vm));
    }

    /** The YAML text {@link #write(Path, Genesis)} writes: every field, defaults included. */
    public static String toYaml(Genesis genesis) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("chainId", genesis.chainId());
        root.put("genesisTime", genesis.genesisTime());
        root.put("blockGasLimit", genesis.blockGasLimit());
        root.put("baseFeePerGas", genesis.baseFeePerGas().toString());
        List<Object> alloc = new ArrayList<>();
        for (Genesis.Allocation allocation : genesis.alloc()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("address", allocation.address().toChecksumHex());
            entry.put("balance", allocation.balance().toString());
            alloc.add(entry);
        }
        root.put("alloc", alloc);
        List<Object> validators = new ArrayList<>();
        for (Genesis.Validator validator : genesis.validators()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("address", validator.address().toChecksumHex());
            entry.put("power", validator.power());
            validators.add(entry);
        }
        root.put("validators", validators);
        Map<String, Object> vm = new LinkedHashMap<>();
        vm.put("instrumentationVersion", genesis.vm().instrumentationVersion());
        vm.put("costScheduleVersion", genesis.vm().costScheduleVersion());
        vm.put("nnKernelVersion", genesis.vm().nnKernelVersion());
        vm.put("nnCostScheduleVersion", genesis.vm().nnCostScheduleVersion());
        root.put("vm", vm);
        return YamlWriter.write(HEADER, root);
    }

    private static Genesis.Vm readVm(YamlFields fields) {
        Genesis.Vm defaults = Genesis.Vm.DEFAULT;
        int instrumentation =
                fields.optional("instrumentationVersion", defaults.instrumentationVersion(), Scalars::int32);
        int costSchedule = fields.optional("costScheduleVersion", defaults.costScheduleVersion(), Scalars::int32);
        String kernel = fields.optional("nnKernelVersion", defaults.nnKernelVersion(), text -> text);
        int nnCostSchedule = fields.optional("nnCostScheduleVersion", defaults.nnCostScheduleVersion(), Scalars::int32);
        fields.finish();
        return fields.construct(() -> new Genesis.Vm(instrumentation, costSchedule, kernel, nnCostSchedule));
    }
}
