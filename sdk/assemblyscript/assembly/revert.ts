import * as host from "./host";

/** Selector of Solidity's Error(string): the first four bytes of keccak256("Error(string)"). */
export const ERROR_SELECTOR: u32 = 0x08c379a0;

/**
 * Ends the call as Reverted with `reason` ABI-encoded as Error(string), which Ethereum tooling decodes.
 * Nothing the call wrote is kept.
 */
export function revert(reason: string): void {
  const text = String.UTF8.encode(reason);
  const textLen = text.byteLength;
  const padded = (textLen + 31) & ~31;
  const total = 4 + 32 + 32 + padded;
  const out = new Uint8Array(total);
  const p = out.dataStart;
  store<u32>(p, bswap<u32>(ERROR_SELECTOR));
  store<u32>(p + 4 + 28, bswap<u32>(32)); // offset of the string within the arguments
  store<u32>(p + 36 + 28, bswap<u32>(<u32>textLen));
  memory.copy(p + 68, changetype<usize>(text), textLen);
  host.revert(p, total);
  unreachable();
}

/** Ends the call as Reverted with `data` as the reason, unencoded (for custom Solidity errors). */
export function revertWithData(data: Uint8Array): void {
  host.revert(data.dataStart, data.length);
  unreachable();
}

/** Reverts with `reason` unless `condition` holds: Solidity's require. */
export function require(condition: bool, reason: string): void {
  if (!condition) revert(reason);
}

/**
 * The compiler's abort (failed assert, array index out of range, ...), wired in by the build with
 * `--use abort=`. It reverts with the message instead of importing env.abort, which the VM refuses.
 */
export function abortWithRevert(message: string | null, fileName: string | null, line: u32, column: u32): void {
  let reason = message != null ? message : "abort";
  if (fileName != null) reason += " (" + fileName + ":" + line.toString() + ":" + column.toString() + ")";
  revert(reason);
}
