import { registerAndTransfer } from "../../../lib/register-and-transfer.js";

export const runtime = "nodejs";

/** @param {Request} request */
export async function POST(request) {
  return registerAndTransfer(request);
}
