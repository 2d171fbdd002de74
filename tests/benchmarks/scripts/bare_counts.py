"""Baseline for time to interactive: import weaviate, connect, print each collection's count.

Usage: bare_counts.py HTTP_PORT GRPC_PORT
"""

import sys

import weaviate

http_port, grpc_port = int(sys.argv[1]), int(sys.argv[2])
with weaviate.connect_to_local(
    host="127.0.0.1", port=http_port, grpc_port=grpc_port, skip_init_checks=True
) as client:
    for name in sorted(client.collections.list_all(simple=True)):
        count = client.collections.use(name).aggregate.over_all(total_count=True).total_count
        print(f"{name} {count:,}", flush=True)
input()  # stay on screen until the benchmark ends the terminal
