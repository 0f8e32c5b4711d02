"""Section 6: Huawei's official Python SDK (huaweicloudsdklts) registering DMS Kafka instances
against the local endpoint, driven batch by batch by bench/run.mjs so its batches interleave
with lts-kafka's.

    python python_sdk.py <endpoint-url> <ak> <sk> <project-id>

The SDK takes an http:// endpoint as given (ClientBuilder only prefixes https:// when the
endpoint has no scheme), and with no region set it makes no IAM call. Protocol on stdin/stdout,
one JSON line each:
    -> {"ready": true, "import_ms": .., "build_ms": .., "versions": {..}}  (at start)
    <- "run PREFIX N"   -> {"us": [per-call microseconds], "wall_ms": ..}
    <- "quit"
"""
import json
import sys
import time

t0 = time.perf_counter()
from huaweicloudsdkcore.auth.credentials import BasicCredentials  # noqa: E402
from huaweicloudsdklts.v2 import (  # noqa: E402
    LtsClient,
    RegisterDmsKafkaInstanceRequest,
    RegisterDmsKafkaInstanceRequestBody,
    RegisterDmsKafkaInstanceRequestBodyConnectInfo,
)
t1 = time.perf_counter()


def version(dist):
    try:
        from importlib.metadata import version as v

        return v(dist)
    except Exception:  # pragma: no cover
        return "unknown"


def main():
    endpoint, ak, sk, project_id = sys.argv[1:5]
    credentials = BasicCredentials(ak, sk, project_id)
    client = LtsClient.new_builder().with_credentials(credentials).with_endpoint(endpoint).build()
    t2 = time.perf_counter()
    print(
        json.dumps(
            {
                "ready": True,
                "import_ms": (t1 - t0) * 1000,
                "build_ms": (t2 - t1) * 1000,
                "versions": {
                    "python": sys.version.split()[0],
                    "huaweicloudsdklts": version("huaweicloudsdklts"),
                    "huaweicloudsdkcore": version("huaweicloudsdkcore"),
                },
            }
        ),
        flush=True,
    )
    seq = 0
    for line in sys.stdin:
        parts = line.split()
        if not parts or parts[0] == "quit":
            break
        prefix, n = parts[1], int(parts[2])
        lat = []
        w0 = time.perf_counter()
        try:
            for _ in range(n):
                seq += 1
                instance_id = f"{prefix}-{seq}"
                # Timed: building the SDK's request model and the call (both are per call).
                c0 = time.perf_counter_ns()
                request = RegisterDmsKafkaInstanceRequest(
                    body=RegisterDmsKafkaInstanceRequestBody(
                        instance_id=instance_id,
                        kafka_name="kafka-prod",
                        connect_info=RegisterDmsKafkaInstanceRequestBodyConnectInfo(),
                    )
                )
                response = client.register_dms_kafka_instance(request)
                lat.append((time.perf_counter_ns() - c0) / 1000)
                if response.instance_id != instance_id:
                    raise RuntimeError(f"registered {response.instance_id}, expected {instance_id}")
        except Exception as e:  # reported to run.mjs, which fails the section
            print(json.dumps({"error": f"{type(e).__name__}: {e}"}), flush=True)
            continue
        print(json.dumps({"us": lat, "wall_ms": (time.perf_counter() - w0) * 1000}), flush=True)


if __name__ == "__main__":
    main()
