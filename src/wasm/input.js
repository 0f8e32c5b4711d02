// Describes a JavaScript value for validation in one crossing into wasm, never throwing,
// whatever the value (getters that throw, proxies, symbols, class instances, lone surrogates).
// The description is a compact text Rust reads straight into its `Input` type
// (src/wire/input.rs, Input::from_description):
//   u undefined   n null   T true   F false   a(<value>)*. an array (its first MAX_ITEMS elements)
//   d<n>; a safe integer   h<16 hex digits>; any other number, its IEEE 754 bits (so that
//   Rust never parses decimal text)
//   s<n>:<text> a string of n UTF-16 code units   m<n>; a string with a lone surrogate
//   x<n>:<kind> any other kind of value (function, Map instance, ...)
//   o(<n>:<key><value>)*. a plain object (its own enumerable keys; undefined values left out)
//   l<n>;       a string longer than MAX_STRING_UNITS, by its length alone
// Lengths are JavaScript's own (UTF-16 code units), so nothing needs escaping: about five
// times faster than building objects for JSON.stringify.
// Deep enough for every field of a request (log_transfer_info.log_transfer_detail.lts_tags[0]
// is at 4); deeper objects and arrays are described empty.
const MAX_DEPTH = 4;
const MAX_ITEMS = 10000;
// Bounds that keep the description (and the wasm memory it is copied into) small whatever the
// value: an object with more keys is described by its key count alone, a longer string by its
// length, and a value of more values in all by its size alone. No request has an object of
// more than a few dozen keys, a string longer than a token, or thousands of values.
const MAX_KEYS = 1000;
const MAX_STRING_UNITS = 65536;
const MAX_VALUES = 50000;
const MAX_TEXT_UNITS = 1 << 20;

/** Thrown when the whole value has more than MAX_VALUES values; caught in describeInput. */
const TOO_MANY_VALUES = { tooMany: true };
let valuesLeft = MAX_VALUES;
let textLeft = MAX_TEXT_UNITS;

const wellFormed =
  typeof String.prototype.isWellFormed === "function"
    ? (s) => s.isWellFormed()
    : (s) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

function counted(text) {
  textLeft -= text.length;
  if (textLeft < 0) throw TOO_MANY_VALUES;
  return `${text.length}:${text}`;
}
const bitsView = new DataView(new ArrayBuffer(8));
const hex8 = (n) => n.toString(16).padStart(8, "0");
function numberOf(value) {
  if (Number.isSafeInteger(value)) return `d${value};`;
  bitsView.setFloat64(0, value);
  return `h${hex8(bitsView.getUint32(0))}${hex8(bitsView.getUint32(4))};`;
}
const other = (kind) => `x${kind.length}:${kind}`;

/** null for a plain object (or one without a prototype); otherwise what it is an instance of. */
function kindOfInstance(value) {
  try {
    const proto = Object.getPrototypeOf(value);
    if (proto === null || Object.getPrototypeOf(proto) === null) return null;
    const name = proto.constructor && proto.constructor.name;
    return typeof name === "string" && name !== "" && name.length <= 64 ? `${name} instance` : "class instance";
  } catch {
    return "unreadable object";
  }
}

function describe(value, depth) {
  if (--valuesLeft < 0) throw TOO_MANY_VALUES;
  switch (typeof value) {
    case "string":
      if (value.length > MAX_STRING_UNITS) return `l${value.length};`;
      return wellFormed(value) ? `s${counted(value)}` : `m${value.length};`;
    case "undefined":
      return "u";
    case "boolean":
      return value ? "T" : "F";
    case "number":
      return numberOf(value);
    case "bigint":
    case "symbol":
    case "function":
      return other(typeof value);
  }
  if (value === null) return "n";
  let isArray;
  try {
    isArray = Array.isArray(value);
  } catch {
    return other("unreadable object");
  }
  if (isArray) {
    if (depth >= MAX_DEPTH) return "a.";
    let out = "a";
    let length;
    try {
      length = Math.min(value.length, MAX_ITEMS);
    } catch {
      return other("unreadable object");
    }
    for (let i = 0; i < length; i++) {
      let item;
      try {
        item = value[i];
      } catch {
        out += other("unreadable (its getter threw)");
        continue;
      }
      out += describe(item, depth + 1);
    }
    return `${out}.`;
  }
  const kind = kindOfInstance(value);
  if (kind !== null) return other(kind);
  if (depth >= MAX_DEPTH) return "o.";
  let keys;
  try {
    keys = Object.keys(value);
  } catch {
    return other("unreadable object");
  }
  if (keys.length > MAX_KEYS) return other(`object with ${keys.length} keys (at most ${MAX_KEYS} are read)`);
  let out = "o";
  for (const key of keys) {
    let item;
    try {
      item = value[key];
    } catch {
      out += counted(wellFormed(key) ? key : key.toWellFormed?.() ?? "?") + other("unreadable (its getter threw)");
      continue;
    }
    if (item !== undefined) out += counted(wellFormed(key) ? key : key.toWellFormed?.() ?? "?") + describe(item, depth + 1);
  }
  return `${out}.`;
}

/** Never throws (Rust calls it without a catch): anything unforeseen is an unreadable value. */
export function describeInput(value) {
  valuesLeft = MAX_VALUES;
  textLeft = MAX_TEXT_UNITS;
  try {
    return describe(value, 0);
  } catch (e) {
    if (e === TOO_MANY_VALUES) return other(`value too large to read (over ${MAX_VALUES} values or ${MAX_TEXT_UNITS} characters in all)`);
    return other("unreadable value");
  }
}

const encoder = new TextEncoder();
let kept = "";

/**
 * The description written as UTF-8 straight into `buffer` (a view of wasm memory): the bytes
 * written, or -1 when it does not fit, the text then kept for takeKept(). Native encodeInto is
 * about twice as fast as the glue's own copying of a returned string.
 */
export function describeInto(value, buffer) {
  const text = describeInput(value);
  const { read, written } = encoder.encodeInto(text, buffer);
  if (read === text.length) return written;
  kept = text;
  return -1;
}

/** The text describeInto could not fit. */
export function takeKept() {
  const text = kept;
  kept = "";
  return text;
}
