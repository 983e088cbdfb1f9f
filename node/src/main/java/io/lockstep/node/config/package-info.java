/**
 * What a node is told before it starts: the chain's {@link io.lockstep.node.config.Genesis} (rules every
 * validator shares, compared by hash), the local {@link io.lockstep.node.config.NodeConfig} (this node's
 * ports, limits and paths, never a chain rule), the validator's secp256k1 key and the deterministic
 * development accounts. Files are YAML; every reading error names the file and the field. The format of
 * each file is described in {@code docs/configuration.md}.
 */
package io.lockstep.node.config;
