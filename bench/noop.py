"""The baseline of the load test: an ASGI app that reads the body and answers, doing nothing else.

Served as `python -m bench.noop PORT` with the uvicorn settings `whylens serve` uses, so that the
ratio of the two measures whylens' own work per request, not the server or the client.
"""

from __future__ import annotations

import sys
from typing import Any

ANSWER = b'{"status":1}'
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(ANSWER)).encode())]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            kind = message["type"].rsplit(".", 1)[-1]
            await send({"type": f"lifespan.{kind}.complete"})
            if kind == "shutdown":
                return
    more = True
    while more:
        more = (await receive()).get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": ANSWER})


def main(port: int) -> None:
    import uvicorn

    from whylens.cli.serving import UVICORN

    uvicorn.run(app, host="127.0.0.1", port=port, **UVICORN)


if __name__ == "__main__":
    main(int(sys.argv[1]))
