"""aiosmtpd handler for Tocsin's tests: saves each message to a directory and answers some recipients with errors.

Serve:  python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c smtp_sink.Sink DIR   (with this file's folder on PYTHONPATH)
Decode: python3 smtp_sink.py decode FILE   -> JSON with headers and decoded MIME parts
Recipients whose local part starts with "reject" get 550 (permanent), "busy" get 451 (transient).
"""
import email
import email.policy
import json
import os
import sys
import time
import uuid


class Sink:
    def __init__(self, directory):
        self.directory = directory
        os.makedirs(directory, exist_ok=True)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("Sink needs exactly one argument: the directory to save messages in")
        return cls(args[0])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0]
        if local.startswith("reject"):
            return "550 5.1.1 mailbox unavailable"
        if local.startswith("busy"):
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        name = "%d-%s.eml" % (time.time_ns(), uuid.uuid4().hex)
        temp = os.path.join(self.directory, name + ".tmp")
        with open(temp, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        # Rename so a reader never sees a half-written file.
        os.rename(temp, os.path.join(self.directory, name))
        return "250 OK"


def decode(path):
    with open(path, "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    parts = [
        {"type": p.get_content_type(), "body": p.get_content()}
        for p in message.walk()
        if not p.is_multipart()
    ]
    return {
        "contentType": message.get_content_type(),
        "headers": {k: str(v) for k, v in message.items()},
        "parts": parts,
    }


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "decode":
    print(json.dumps(decode(sys.argv[2])))
