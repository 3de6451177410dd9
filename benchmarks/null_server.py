"""A server that does nothing: every request gets the same canned GetCallerIdentity answer, unchecked.

The ceiling of what the load generator can show on this machine (uvicorn with httptools and uvloop,
as ``hatrack serve``): ``side_by_side.py`` runs it as the system "null server", beside hatrack and
the peers, so the figures can be read against what the generator itself allows.

    python benchmarks/null_server.py PORT
"""

from __future__ import annotations

import sys
from typing import Any

import uvicorn

ANSWER = (
    b'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
    b"<GetCallerIdentityResult><Arn>arn:aws:iam::000000000000:root</Arn><UserId>000000000000</UserId>"
    b"<Account>000000000000</Account></GetCallerIdentityResult>"
    b"<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>"
    b"</GetCallerIdentityResponse>"
)


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    headers = [(b"content-type", b"text/xml"), (b"content-length", str(len(ANSWER)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": ANSWER})


if __name__ == "__main__":
    uvicorn.run(
        app, host="127.0.0.1", port=int(sys.argv[1]), http="httptools", loop="uvloop", log_level="warning"
    )
