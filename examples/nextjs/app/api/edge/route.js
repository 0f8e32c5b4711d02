import { registerAndTransfer } from "../../../lib/register-and-transfer.js";

export const runtime = "edge";

/** @param {Request} request */
export async function POST(request) {
  return registerAndTransfer(request);
}
