"""Reads .eml files named on the command line with Python's standard email package
(BytesParser, policy.default) and prints, as one JSON line each, every leaf part's sha256
and content type, and the headers named on stdin's first line (comma-separated)."""
import email.parser
import email.policy
import hashlib
import json
import sys

names = [name for name in sys.stdin.readline().strip().split(',') if name]
parser = email.parser.BytesParser(policy=email.policy.default)
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        message = parser.parse(f)
    parts = []
    for part in message.walk():
        if part.is_multipart():
            continue
        data = part.get_payload(decode=True) or b''
        parts.append({'sha256': hashlib.sha256(data).hexdigest(), 'type': part.get_content_type()})
    headers = {}
    for name in names:
        values = message.get_all(name)
        if values is not None:
            headers[name] = [str(value) for value in values]
    print(json.dumps({'path': path, 'parts': parts, 'headers': headers, 'defects': [type(d).__name__ for d in message.defects]}))
