// The Lockstep contract SDK for AssemblyScript. Contracts import from "lockstep-sdk".
export * from "./abi";
export * from "./bytes";
export * from "./context";
export * from "./event";
export * from "./io";
export * from "./keccak";
export * from "./nn";
export * from "./revert";
export * from "./storage";
export * from "./types";
export * from "./u256";
export { hexOf } from "./hex";
