import { registerAndTransfer } from "../../../lib/register-and-transfer.js";

export const runtime = "nodejs";

export async function POST(request) {
  return registerAndTransfer(request);
}
