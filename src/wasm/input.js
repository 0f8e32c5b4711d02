// Describes a JavaScript value for validation in one crossing into wasm: JSON, never throwing,
// whatever the value (getters that throw, proxies, symbols, class instances, lone surrogates).
// Values JSON carries are written as they are (an array as [], since validation only needs to
// know it is one); the others as an object with one key that starts with NUL, which no plain
// object's key does here (a leading NUL in a key is replaced):
//   {"\0u":0} undefined   {"\0d":"NaN"} NaN or ±Infinity   {"\0m":n} a string with a lone
//   surrogate (n = its length)   {"\0x":"kind"} anything else (function, Map instance, ...)
// Rust reads it straight into its `Input` type (src/input.rs).
const MAX_DEPTH = 3;

const wellFormed =
  typeof String.prototype.isWellFormed === "function"
    ? (s) => s.isWellFormed()
    : (s) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

const other = (kind) => ({ "\0x": kind });

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

function keyOf(key) {
  const k = wellFormed(key) ? key : key.toWellFormed?.() ?? "?";
  return k.charCodeAt(0) === 0 ? `\ufffd${k.slice(1)}` : k;
}

function describe(value, depth) {
  switch (typeof value) {
    case "undefined":
      return { "\0u": 0 };
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : { "\0d": String(value) };
    case "string":
      return wellFormed(value) ? value : { "\0m": value.length };
    case "bigint":
    case "symbol":
    case "function":
      return other(typeof value);
  }
  if (value === null) return null;
  try {
    if (Array.isArray(value)) return [];
  } catch {
    return other("unreadable object");
  }
  const kind = kindOfInstance(value);
  if (kind !== null) return other(kind);
  // No prototype: a "__proto__" key is then an own property like any other.
  const out = Object.create(null);
  if (depth >= MAX_DEPTH) return out;
  let keys;
  try {
    keys = Object.keys(value);
  } catch {
    return other("unreadable object");
  }
  for (const key of keys) {
    let item;
    try {
      item = value[key];
    } catch {
      out[keyOf(key)] = other("unreadable (its getter threw)");
      continue;
    }
    if (item !== undefined) out[keyOf(key)] = describe(item, depth + 1);
  }
  return out;
}

export function describeInput(value) {
  return JSON.stringify(describe(value, 0));
}
