/**
 * The chain state as execution sees it: the key layout in the authenticated tree ({@link StateKeys}),
 * accounts, and layered write sets ({@link WorldState}) over a committed version, so that a transaction's
 * writes can be kept or dropped whole and a block's writes become one tree update.
 */
package io.lockstep.node.state;
