/** @type {import("next").NextConfig} */
const nextConfig = {
  // `NEXT_OUTPUT=standalone next build` makes .next/standalone, a server that runs without
  // node_modules (see README.md). lts-kafka itself needs no setting here, in either output.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
};

export default nextConfig;
