// A CommonJS TypeScript consumer (module nodenext: Node >= 20.19 can require() the ESM entry).
import { LtsClient, isLtsError, type ValidationIssue } from "lts-kafka";

export const client = new LtsClient({
  projectId: "0123456789abcdef0123456789abcdef",
  region: "cn-north-4",
  credentials: { ak: "AK", sk: "SK" },
});

export function issuesOf(e: unknown): ValidationIssue[] {
  return isLtsError(e) ? (e.issues ?? []) : [];
}
