/**
 * Local contract testing: {@link io.lockstep.vm.local.LocalChain} runs built contracts in the real VM
 * with in-memory state, a block context the test sets, and models registered in memory, the way a node
 * would run them but without blocks, transactions or a network.
 */
package io.lockstep.vm.local;
