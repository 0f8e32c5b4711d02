// Keeps the baseline honest: its validator must find the same problems (path and rule) as
// lts-kafka's on a corpus of valid and broken bodies, or the comparison is not like for like.
const ok = { instance_id: "3f4a92ff-7f65-489f-a36a-fadbaa0000a6", kafka_name: "kafka-prod", connect_info: {} };

export const CORPUS = [
  ok,
  { ...ok, connect_info: { user_name: "lts", pwd: "secret" } },
  { ...ok, instance_id: "x".repeat(36) },
  { ...ok, instance_id: "x".repeat(37) },
  { ...ok, instance_id: "" },
  { ...ok, instance_id: "😀".repeat(18) },
  { ...ok, instance_id: "😀".repeat(19) },
  { ...ok, instance_id: "é".repeat(36) },
  { ...ok, kafka_name: "k".repeat(256) },
  { ...ok, kafka_name: "k".repeat(257) },
  { ...ok, kafka_name: "" },
  { ...ok, kafka_name: "line\nbreak" },
  { ...ok, kafka_name: "nul\u0000" },
  { ...ok, kafka_name: "c1\u0085" },
  { ...ok, kafka_name: "lone\ud800" },
  { ...ok, instance_id: 42 },
  { ...ok, instance_id: null },
  { ...ok, instance_id: undefined },
  { kafka_name: "k", connect_info: {} },
  { instance_id: "i", connect_info: {} },
  { instance_id: "i", kafka_name: "k" },
  { ...ok, connect_info: null },
  { ...ok, connect_info: [] },
  { ...ok, connect_info: "sasl" },
  { ...ok, connect_info: new Date(0) },
  { ...ok, connect_info: { user_name: "lts" } },
  { ...ok, connect_info: { pwd: "secret" } },
  { ...ok, connect_info: { user_name: "", pwd: "secret" } },
  { ...ok, connect_info: { user_name: "lts", pwd: "" } },
  { ...ok, connect_info: { user_name: 1, pwd: "secret" } },
  { ...ok, connect_info: { user_name: "lts", pwd: "secret", extra: 1 } },
  { ...ok, connect_info: { user_name: "lts", password: "secret" } },
  { ...ok, connect_info: { user_name: undefined, pwd: undefined } },
  { ...ok, kafkaName: "k" },
  { ...ok, extra: undefined },
  { ...ok, extra: null },
  Object.assign(Object.create(null), ok),
  null,
  undefined,
  42,
  "body",
  [],
  new Map(),
];

const key = (issues) =>
  issues
    .map((i) => `${i.path}:${i.rule}${i.limit !== undefined ? `:${i.limit}` : ""}`)
    .sort()
    .join(", ");

/** [{ index, ours, baseline }] for every body where the two validators disagree. */
export function disagreements(oursValidate, baselineValidate) {
  const out = [];
  CORPUS.forEach((body, index) => {
    const a = key(oursValidate(body));
    const b = key(baselineValidate(body));
    if (a !== b) out.push({ index, ours: a, baseline: b });
  });
  return out;
}
