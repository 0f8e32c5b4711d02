// The package, at the path the console's page imports it from (./lts-kafka/index.js), so that
// the import resolves inside the installed package. console/serve.mjs serves the package itself
// at /lts-kafka/; this module is for any other server of these files that serves the package
// directory with them (the page at /console/).
export * from "../../index.js";
