/**
 * The JSON-RPC conformance checker: our responses against the Ethereum execution-apis' OpenRPC schemas and
 * recorded fixtures ({@code ExecutionApis} is the entry point a method test calls). Test code only: it reads
 * {@code ../shared/testdata/execution-apis} and never ships with the node.
 */
package io.lockstep.node.rpc.conformance;
