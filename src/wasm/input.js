// Describes a JavaScript value for validation in one crossing into wasm: a compact JSON tree
// of tagged nodes, never throwing, whatever the value (getters that throw, proxies, symbols,
// class instances, lone surrogates). Rust turns it into its `Input` type.
//   ["u"] undefined   ["n"] null   ["b", bool]   ["d", number] (or "NaN", "Infinity", "-Infinity")
//   ["s", string]     ["m", utf16Length] (a string with a lone surrogate)   ["a"] array
//   ["o", [[key, node], ...]] plain object   ["x", "kind"] anything else
const MAX_DEPTH = 3;

const wellFormed =
  typeof String.prototype.isWellFormed === "function"
    ? (s) => s.isWellFormed()
    : (s) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

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
  switch (typeof value) {
    case "undefined":
      return ["u"];
    case "boolean":
      return ["b", value];
    case "number":
      return ["d", Number.isFinite(value) ? value : String(value)];
    case "string":
      return wellFormed(value) ? ["s", value] : ["m", value.length];
    case "bigint":
    case "symbol":
    case "function":
      return ["x", typeof value];
  }
  if (value === null) return ["n"];
  try {
    if (Array.isArray(value)) return ["a"];
  } catch {
    return ["x", "unreadable object"];
  }
  const kind = kindOfInstance(value);
  if (kind !== null) return ["x", kind];
  if (depth >= MAX_DEPTH) return ["o", []];
  let keys;
  try {
    keys = Object.keys(value);
  } catch {
    return ["x", "unreadable object"];
  }
  const entries = [];
  for (const key of keys) {
    let item;
    try {
      item = value[key];
    } catch {
      entries.push([wellFormed(key) ? key : key.toWellFormed?.() ?? "?", ["x", "unreadable (its getter threw)"]]);
      continue;
    }
    if (item === undefined) continue;
    entries.push([wellFormed(key) ? key : key.toWellFormed?.() ?? "?", describe(item, depth + 1)]);
  }
  return ["o", entries];
}

export function describeInput(value) {
  return JSON.stringify(describe(value, 0));
}
