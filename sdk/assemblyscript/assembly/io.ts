import * as host from "./host";

/** The call's whole input (calldata). */
export function input(): Uint8Array {
  const size = host.input_size();
  const out = new Uint8Array(size);
  if (size > 0) host.input_copy(out.dataStart, 0, size);
  return out;
}

/** Sets the call's return data (the last call wins). */
export function setReturn(data: Uint8Array): void {
  host.set_return(data.dataStart, data.length);
}
