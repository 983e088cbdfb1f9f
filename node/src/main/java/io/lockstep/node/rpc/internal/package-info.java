/**
 * The Netty side of the JSON-RPC server: the channel pipeline, HTTP routing, the WebSocket session, and
 * the hand-off of each request from the network threads to the bounded worker pool and back. Requests of
 * one connection are executed one at a time, in arrival order; while one is executing the connection is
 * not read, which is the server's back-pressure.
 */
package io.lockstep.node.rpc.internal;
