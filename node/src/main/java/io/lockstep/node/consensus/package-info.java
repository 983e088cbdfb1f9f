/**
 * Consensus engines that drive the chain through the application port ({@code
 * io.lockstep.core.consensus.Application}). The single-validator engine serves the dev chain and tests;
 * Tendermint will plug into the same port.
 */
package io.lockstep.node.consensus;
