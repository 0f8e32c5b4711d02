// The local LTS endpoint, for testing code that uses lts-kafka (Node only).
export { startLocalLts, ERRORS, IAM_ERRORS, LIMITS } from "./server.mjs";
