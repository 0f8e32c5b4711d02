import { registerAndTransfer } from "../../../lib/register-and-transfer.js";

export const runtime = "edge";

export async function POST(request) {
  return registerAndTransfer(request);
}
