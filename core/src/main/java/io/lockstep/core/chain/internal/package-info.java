/**
 * Helpers behind {@code io.lockstep.core.chain}: a strict RLP reader and a linear RLP writer over Web3j's
 * RLP item types, strict field readers, and hex text. Not API: other modules use the chain types.
 */
package io.lockstep.core.chain.internal;
