// A Vite consumer: imports lts-kafka by name; Vite resolves the package's browser entry and
// emits the .wasm it references with new URL(..., import.meta.url) as an asset.
import {
  ready,
  LtsClient,
  isLtsError,
  validateRegisterDmsKafkaInstance,
  LtsApiError,
  LtsValidationError,
  LtsConfigError,
  LtsNetworkError,
  LtsAbortError,
} from "lts-kafka";
import { runChecks, fail } from "./checks.js";

const lib = { ready, LtsClient, isLtsError, validateRegisterDmsKafkaInstance, LtsApiError, LtsValidationError, LtsConfigError, LtsNetworkError, LtsAbortError };
runChecks(lib, "chromium-vite").then(
  (r) => (window.results = r),
  (e) => (window.results = fail("chromium-vite", e)),
);
