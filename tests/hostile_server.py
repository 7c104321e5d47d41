"""A hostile OpenAI-compatible model server on 127.0.0.1, in a thread.

What an attacker (or a broken deployment) can make `veriopt opt` receive: each
*scenario* turns the user turn of a request (the -O0 module of one function) into
a reply. The replies that carry IR start from instcombine's real rewrite of that
function, so the function itself verifies: what must stop them is the splice.
Used by tests/test_adversarial.py (fast cases) and benchmarks/adversarial.py.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

#: A reply: ("answer", text) | ("json", obj) | ("raw", bytes) | ("status", code) | ("hang",)
Reply = tuple[Any, ...]
Scenario = Callable[[str], Reply]

_DEFINE = re.compile(r"^define [^@\n]*@([-\w.$]+)\(", re.M)


def function_name(ir: str) -> str:
    m = _DEFINE.search(ir)
    return m.group(1) if m else "f"


def optimized(ir: str) -> str:
    """instcombine's rewrite of the extracted function (a rewrite that verifies)."""
    from veriopt.llvm.toolchain import get_toolchain

    return get_toolchain().opt(ir)


def answer(ir_text: str) -> Reply:
    return ("answer", f"<answer>\n{ir_text}</answer>")


# ---- scenarios ----------------------------------------------------------------------


def renames_function(ir: str) -> Reply:
    name = function_name(ir)
    return answer(optimized(ir).replace(f"@{name}(", f"@{name}_opt(", 1))


def adds_constructor_calling_system(ir: str) -> Reply:
    evil = ('\n@.cmd = private constant [9 x i8] c"touch /x\\00"\n'
            "@llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] "
            "[{ i32, ptr, ptr } { i32 65535, ptr @evil_ctor, ptr null }]\n"
            "define internal void @evil_ctor() {\n  %1 = call i32 @system(ptr @.cmd)\n"
            "  ret void\n}\ndeclare i32 @system(ptr)\n")
    return answer(optimized(ir) + evil)


def adds_constructor_entry_only(ir: str) -> Reply:
    """No new definition: a constructor entry that runs the function itself at load."""
    name = function_name(ir)
    ctor = ("\n@llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] "
            f"[{{ i32, ptr, ptr }} {{ i32 0, ptr @{name}, ptr null }}]\n")
    return answer(optimized(ir) + ctor)


def defines_libc_puts(ir: str) -> Reply:
    body = "define i32 @puts(ptr %0) {\n  ret i32 0\n}\n"
    out = optimized(ir)
    out = re.sub(r"^declare [^\n]*@puts\([^\n]*\n", "", out, flags=re.M)
    return answer(out + "\n" + body)


def changes_a_global(ir: str) -> Reply:
    """Gives an external global of the context an initializer (a definition)."""
    out = optimized(ir)
    out, n = re.subn(r"^(@[-\w.$]+) = external (hidden )?global i32, align 4$",
                     r"\1 = \2global i32 7, align 4", out, count=1, flags=re.M)
    if not n:  # no global to change: add one
        out += "\n@planted = global i32 7, align 4\n"
    return answer(out)


def declares_with_other_attributes(ir: str) -> Reply:
    """Claims a declared function is pure (memory(none)): a lie the linker would keep."""
    out = optimized(ir)
    return answer(re.sub(r"^(declare [^\n]*\))( #\d+)?$", r"\1 memory(none)", out,
                         count=1, flags=re.M))


def answers_garbage(_ir: str) -> Reply:
    return ("answer", "I am sorry, I cannot help with that. \x00\x01 <answer> ``` define")


def omits_choices(_ir: str) -> Reply:
    return ("json", {"id": "x", "object": "chat.completion", "error": "overloaded"})


def choices_not_a_list(_ir: str) -> Reply:
    return ("json", {"choices": {"message": 42}})


def answers_non_json(_ir: str) -> Reply:
    return ("raw", b"<html>502 Bad Gateway</html>")


def answers_http_500(_ir: str) -> Reply:
    return ("status", 500)


def hangs(_ir: str) -> Reply:
    return ("hang",)


SCENARIOS: dict[str, Scenario] = {
    "renames_function": renames_function,
    "adds_constructor_calling_system": adds_constructor_calling_system,
    "adds_constructor_entry_only": adds_constructor_entry_only,
    "defines_libc_puts": defines_libc_puts,
    "changes_a_global": changes_a_global,
    "declares_with_other_attributes": declares_with_other_attributes,
    "answers_garbage": answers_garbage,
    "omits_choices": omits_choices,
    "choices_not_a_list": choices_not_a_list,
    "answers_non_json": answers_non_json,
    "answers_http_500": answers_http_500,
    "hangs": hangs,
}


# ---- the server ---------------------------------------------------------------------


class HostileServer:
    """``with HostileServer(scenario) as url:`` serves ``scenario`` at ``url`` (…/v1)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.release = threading.Event()
        self.requests = 0
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __exit__(self, *exc: object) -> None:
        self.release.set()  # let hanging handlers finish
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, fmt: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                server.requests += 1
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                messages = body.get("messages")
                user = messages[-1]["content"] if messages else body.get("prompt", "")
                reply = server.scenario(user)
                if reply[0] == "hang":
                    server.release.wait(600)
                    return
                if reply[0] == "status":
                    self._send(reply[1], b'{"error": "internal"}')
                elif reply[0] == "raw":
                    self._send(200, reply[1])
                elif reply[0] == "json":
                    self._send(200, json.dumps(reply[1]).encode())
                else:
                    n = int(body.get("n") or 1)
                    choice = {"index": 0, "message": {"role": "assistant", "content": reply[1]},
                              "text": reply[1], "finish_reason": "stop"}
                    self._send(200, json.dumps({"object": "chat.completion",
                                                "choices": [choice] * n}).encode())

            def _send(self, code: int, data: bytes) -> None:
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
