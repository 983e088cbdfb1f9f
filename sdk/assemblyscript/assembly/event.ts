// Events as Ethereum logs. An Event is declared from its human-readable signature, names included:
//   const Transfer = new Event("Transfer(address indexed from, address indexed to, uint256 value)");
// topic 0 is keccak256 of the canonical signature ("Transfer(address,address,uint256)"), each indexed
// argument is a topic (a dynamic one as the Keccak-256 of its bytes), and the other arguments are the
// data, ABI-encoded as a tuple. The build reads the same declarations into the contract's ABI JSON.

import * as host from "./host";
import { revert } from "./revert";
import { keccak256, keccak256String } from "./keccak";
import { AbiEncoder } from "./abi";
import { U256, I256 } from "./u256";
import { Address, FixedBytes } from "./bytes";

export class EventParam {
  constructor(public type: string, public indexed: bool, public name: string) {}
}

// Topic 0 of the events the build found, by the signature as written: the generated entry registers
// them, so a call does not hash the signature again.
const knownSignatures = new Array<string>();
const knownTopics = new Array<StaticArray<u8>>();

/** Called by the generated entry point with topic 0 of each `new Event("...")` it found. */
export function registerEventTopic(signature: string, topic0: StaticArray<u8>): void {
  knownSignatures.push(signature);
  knownTopics.push(topic0);
}

export class Event {
  private parsedName: string = "";
  private parsedParams: Array<EventParam> | null = null;

  /** Only keeps the signature: contracts declare events at top level, which runs on every call. */
  constructor(public readonly signature: string) {}

  get name(): string {
    this.parse();
    return this.parsedName;
  }

  get params(): Array<EventParam> {
    this.parse();
    return changetype<Array<EventParam>>(this.parsedParams);
  }

  private parse(): void {
    if (this.parsedParams != null) return;
    const signature = this.signature;
    const params = new Array<EventParam>();
    const open = signature.indexOf("(");
    if (open <= 0 || !signature.endsWith(")")) revert("event: bad signature " + signature);
    this.parsedName = signature.substring(0, open).trim();
    const inner = signature.substring(open + 1, signature.length - 1).trim();
    const parts = inner.length == 0 ? new Array<string>() : inner.split(",");
    for (let i = 0; i < parts.length; i++) {
      const words = parts[i].trim().split(" ");
      const clean = new Array<string>();
      for (let j = 0; j < words.length; j++) if (words[j].length > 0) clean.push(words[j]);
      if (clean.length == 0) revert("event: empty parameter in " + signature);
      const indexed = clean.length > 1 && clean[1] == "indexed";
      const name = clean.length > (indexed ? 2 : 1) ? clean[clean.length - 1] : "";
      params.push(new EventParam(clean[0], indexed, name));
    }
    this.parsedParams = params;
  }

  /** "Name(type1,type2)": what topic 0 hashes. */
  canonical(): string {
    let out = this.name + "(";
    for (let i = 0; i < this.params.length; i++) {
      if (i > 0) out += ",";
      out += this.params[i].type;
    }
    return out + ")";
  }

  topic0(): Uint8Array {
    for (let i = 0; i < knownSignatures.length; i++) {
      if (knownSignatures[i] == this.signature) {
        const known = knownTopics[i];
        const out = new Uint8Array(32);
        memory.copy(out.dataStart, changetype<usize>(known), 32);
        return out;
      }
    }
    return keccak256String(this.canonical());
  }

  /** Starts a log of this event; add every argument in order, then call `log()`. */
  emit(): EventLog {
    return new EventLog(this);
  }
}

export class EventLog {
  private readonly topics: Array<Uint8Array> = new Array<Uint8Array>();
  private readonly data: AbiEncoder = new AbiEncoder();
  private next: i32 = 0;

  constructor(private readonly event: Event) {
    this.topics.push(event.topic0());
  }

  /** The encoder the next argument goes to: a fresh one for an indexed argument, else the data. */
  private target(kind: string): AbiEncoder {
    if (this.next >= this.event.params.length) revert("event " + this.event.name + ": too many arguments");
    const param = this.event.params[this.next];
    const type = param.type;
    const ok =
      kind == "[]" ? type.endsWith("[]") : kind == "uint" || kind == "int" ? type.startsWith(kind) : type == kind;
    if (!ok) revert("event " + this.event.name + ": argument " + this.next.toString() + " is " + type + ", not " + kind);
    return param.indexed ? new AbiEncoder() : this.data;
  }

  private done(encoder: AbiEncoder): EventLog {
    if (encoder != this.data) this.topics.push(encoder.finish());
    this.next++;
    return this;
  }

  /** bytes and string: indexed, the topic is the Keccak-256 of the raw bytes; else the same encoding. */
  private rawTopic(kind: string, bytes: Uint8Array): EventLog {
    const target = this.target(kind);
    if (target != this.data) {
      this.topics.push(keccak256(bytes));
      this.next++;
      return this;
    }
    return this.done(target.bytes(bytes));
  }

  uint(v: u64, bits: i32 = 256): EventLog {
    const e = this.target("uint");
    return this.done(e.uint(v, bits));
  }

  int(v: i64, bits: i32 = 256): EventLog {
    const e = this.target("int");
    return this.done(e.int(v, bits));
  }

  uint256(v: U256, bits: i32 = 256): EventLog {
    const e = this.target("uint");
    return this.done(e.uint256(v, bits));
  }

  int256(v: I256, bits: i32 = 256): EventLog {
    const e = this.target("int");
    return this.done(e.int256(v, bits));
  }

  bool(v: bool): EventLog {
    const e = this.target("bool");
    return this.done(e.bool(v));
  }

  address(v: Address): EventLog {
    const e = this.target("address");
    return this.done(e.address(v));
  }

  fixedBytes(v: FixedBytes): EventLog {
    const e = this.target("bytes" + v.size.toString());
    return this.done(e.fixedBytes(v));
  }

  bytes(v: Uint8Array): EventLog {
    return this.rawTopic("bytes", v);
  }

  string(v: string): EventLog {
    return this.rawTopic("string", Uint8Array.wrap(String.UTF8.encode(v)));
  }

  /** A non-indexed dynamic array argument (indexed arrays are not supported). */
  array(length: i32, elements: AbiEncoder): EventLog {
    if (this.next < this.event.params.length && this.event.params[this.next].indexed) {
      revert("event " + this.event.name + ": indexed arrays are not supported");
    }
    const e = this.target("[]");
    return this.done(e.array(length, elements));
  }

  /** Appends the log (checked to have every argument). */
  log(): void {
    if (this.next != this.event.params.length) revert("event " + this.event.name + ": missing arguments");
    const count = this.topics.length;
    const topics = new Uint8Array(32 * count);
    for (let i = 0; i < count; i++) topics.set(this.topics[i], 32 * i);
    const data = this.data.finish();
    host.emit_log(topics.dataStart, count, data.dataStart, data.length);
  }
}
