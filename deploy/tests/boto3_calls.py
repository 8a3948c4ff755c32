"""Makes AWS API calls with boto3 for test_docs_storage.py, one JSON line in, one JSON line out.

Runs under the Python that has boto3 (not /usr/bin/python3, whose Debian packages the other deploy
tests use). Each line it reads names the endpoint, the key to sign with, the service, the boto3
method and its arguments:
    {"endpoint": "http://127.0.0.1:5000", "key": ["AKIA…", "secret"], "service": "s3",
     "call": "put_object", "args": {"Bucket": "techdocs", "Key": "a/b", "Body": "text"}}
and it answers {"ok": <the response, Body read as text>} or {"error": <the error code>, "message": …}.
"""

from __future__ import annotations

import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

_clients: dict[tuple, object] = {}


def _client(endpoint: str, key: list[str], service: str):
    cache_key = (endpoint, key[0], service)
    if cache_key not in _clients:
        _clients[cache_key] = boto3.client(
            service, endpoint_url=endpoint, region_name="us-east-1",
            aws_access_key_id=key[0], aws_secret_access_key=key[1],
            # Path-style addressing, as the portal's TechDocs publisher is configured for MinIO.
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
        )
    return _clients[cache_key]


def _answer(line: str) -> dict:
    request = json.loads(line)
    client = _client(request["endpoint"], request["key"], request["service"])
    try:
        response = getattr(client, request["call"])(**request.get("args", {}))
    except ClientError as error:
        return {"error": error.response["Error"]["Code"], "message": error.response["Error"].get("Message", "")}
    response.pop("ResponseMetadata", None)
    if "Body" in response:
        response["Body"] = response["Body"].read().decode()
    return {"ok": response}


def main() -> None:
    for line in sys.stdin:
        print(json.dumps(_answer(line), default=str), flush=True)


if __name__ == "__main__":
    main()
