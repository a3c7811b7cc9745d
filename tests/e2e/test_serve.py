"""`rapport serve`: a live preview followed in headless Chromium.

A copy of samples/hello (with its own copy of the default layout, so the layout can be edited too)
is served on a free port; Chromium, driven over --remote-debugging-pipe (CDP as NUL-terminated JSON
on fds 3 and 4), loads the page once. Then the definition, a data file and the layout are edited on
disk, and each change must appear in that same page (never reloaded) within 2 seconds. Broken
definitions must show their error with file:line:col while the last good pages stay, and the
server must outlive garbage, an empty file, a deleted file and a burst of saves.
"""
import http.client
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import time

from pdftools import RAPPORT, check, done, temp_dir

UPDATE_LIMIT = 2.0  # seconds from a save to the change showing in the page (the bound)


# ---- Chromium over the DevTools pipe ------------------------------------------------------------

class Chromium:
    """Headless Chromium with one page, driven with CDP over --remote-debugging-pipe."""

    def __init__(self, url):
        self.profile = tempfile.mkdtemp(prefix="rapport-chromium-")
        to_child, self.to_browser = os.pipe()
        self.from_browser, from_child = os.pipe()

        def give_pipes():
            # Chromium reads commands from fd 3 and writes replies to fd 4. Both pipes are
            # close-on-exec; dup() first so that dup2 cannot overwrite one with the other.
            read_end, write_end = os.dup(to_child), os.dup(from_child)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if not binary:
            raise RuntimeError("chromium is not installed (Debian package 'chromium')")
        self.process = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             f"--user-data-dir={self.profile}", "about:blank"],
            preexec_fn=give_pipes, close_fds=False, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child)
        os.close(from_child)
        self.buffer = b""
        self.last_id = 0
        self.session = None
        self.call("Browser.getVersion", timeout=60)
        target = self.call("Target.createTarget", {"url": url})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

    def call(self, method, params=None, timeout=20):
        self.last_id += 1
        message = {"id": self.last_id, "method": method, "params": params or {}}
        if self.session and not method.startswith(("Browser.", "Target.")):
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self.buffer:
                raw, self.buffer = self.buffer.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self.last_id:  # anything else is an event: not needed
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    return reply["result"]
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"chromium did not answer {method} within {timeout} s")
            ready, _, _ = select.select([self.from_browser], [], [], left)
            if ready:
                chunk = os.read(self.from_browser, 1 << 16)
                if not chunk:
                    raise EOFError("chromium closed the DevTools pipe")
                self.buffer += chunk

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self):
        try:
            self.call("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        for fd in (self.to_browser, self.from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)


# What the test reads from the page: its pictures, the text layer beside them, the messages,
# and a marker that a reload would lose.
PAGE_STATE = """JSON.stringify((() => {
  const images = [...document.querySelectorAll('figure.page img')];
  const problems = document.getElementById('problems');
  const live = document.getElementById('live');  // null while the page is still loading
  return {
    same_document: window.rapportTestMarker === 1,
    pages: images.length,
    listed: document.querySelectorAll('nav a[href^="#page-"]').length,
    loaded: images.filter((img) => img.complete && img.naturalWidth > 0).length,
    sources: images.map((img) => img.getAttribute('src')),
    text: [...document.querySelectorAll('.page-text')].map((d) => d.textContent).join('\\n'),
    problems: problems ? problems.textContent : '',
    failed: document.querySelector('.problems.failed') !== null,
    live: live ? live.textContent : '',
  };
})())"""


def page_state(browser):
    return json.loads(browser.evaluate(PAGE_STATE))


def wait_for(browser, condition, limit):
    """Polls the page until condition(state) holds; returns (seconds taken or None, last state)."""
    start = time.monotonic()
    state = None
    while True:
        state = page_state(browser)
        if condition(state):
            return time.monotonic() - start, state
        if time.monotonic() - start > limit:
            return None, state
        time.sleep(0.05)


# ---- the server ---------------------------------------------------------------------------------

def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(definition):
    """Starts rapport serve on a free port; returns (process, port, log file path)."""
    for _ in range(3):  # another process may take the port between the probe and the bind
        port = free_port()
        log = os.path.join(os.path.dirname(definition), f"serve-{port}.log")
        with open(log, "w") as err:
            process = subprocess.Popen([RAPPORT, "serve", definition, "--port", str(port)],
                                       stdout=subprocess.PIPE, stderr=err, text=True)
        ready, _, _ = select.select([process.stdout], [], [], 30)
        line = process.stdout.readline() if ready else ""
        if line.strip() == f"serving http://127.0.0.1:{port}/":
            return process, port, log
        stop_server(process)
    raise RuntimeError(f"rapport serve did not start: {open(log).read()}")


def stop_server(process):
    """SIGTERM, then SIGKILL if it does not end; returns the exit code."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    if process.stdout:
        process.stdout.close()
    return process.returncode


def http_get(port, path, host=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def server_state(port):
    status, body = http_get(port, "/api/state")
    return json.loads(body) if status == 200 else None


def wait_for_server(port, condition, limit=20):
    deadline = time.monotonic() + limit
    state = server_state(port)
    while not condition(state) and time.monotonic() < deadline:
        time.sleep(0.05)
        state = server_state(port)
    return state


def listening_addresses(port):
    """Local addresses of listening TCP sockets on `port`, from /proc/net/tcp and tcp6."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.append(address)
    return found


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def line_of(text, needle):
    """1-based line and column of the first occurrence of needle."""
    before = text[:text.index(needle)]
    return before.count("\n") + 1, len(before) - before.rfind("\n")


# ---- the test -----------------------------------------------------------------------------------

folder = temp_dir()
shutil.copytree("samples/hello", os.path.join(folder, "hello"))
definition = os.path.join(folder, "hello", "report.xml")
layout = os.path.join(folder, "hello", "house.xml")
data = os.path.join(folder, "hello", "data", "enheter.csv")
shutil.copyfile("layouts/default.xml", layout)
with open(definition, encoding="utf-8") as f:
    original = f.read().replace('layout="default"', 'layout="house.xml"')
write(definition, original)
with open(data, encoding="utf-8") as f:
    original_data = f.read()
with open(layout, encoding="utf-8") as f:
    original_layout = f.read()
check("Myndighet;" in original_data and '<header left="{title}"' in original_layout
      and "Ekonomisk översikt" in original, "the sample holds the words the test edits")

server, port, log = start_server(definition)
browser = None
try:
    url = f"http://127.0.0.1:{port}/"
    addresses = listening_addresses(port)
    check(addresses and all(a == "0100007F" for a in addresses),
          f"the server listens on 127.0.0.1 only (listening: {addresses})")
    status, _ = http_get(port, "/", host=f"rebound.example:{port}")
    check(status == 403, f"a request naming another host is refused (status {status})")

    browser = Chromium(url)
    took, state = wait_for(browser, lambda s: s["pages"] == 3 and s["loaded"] == 3, 30)
    check(took is not None and "Förslag till beslut" in state["text"] and not state["failed"]
          and state["listed"] == 3,
          f"the page shows the 3 rendered pages, their text and a page list ({state['pages']} pages, "
          f"{state['loaded']} pictures loaded, {state['listed']} listed, problems: {state['problems']!r})")
    browser.evaluate("window.rapportTestMarker = 1")

    def follow(what, edit, shows, limit=UPDATE_LIMIT):
        """Applies an edit on disk and waits for the page to show it by itself."""
        before = page_state(browser)
        start = time.monotonic()
        edit()
        seen, state = wait_for(browser, lambda s: shows(s) and s["loaded"] == s["pages"],
                               limit + 10)
        took = None if seen is None else time.monotonic() - start
        ok = took is not None and took <= limit and state["same_document"]
        check(ok, f"{what}: the page updates by itself within {limit} s "
                  f"(took {'never' if took is None else f'{took:.2f} s'}, "
                  f"same document: {state['same_document']})")
        return before, state

    # 1. The definition: a section title changes in the heading, the TOC and the running header.
    edited = original.replace("Ekonomisk översikt", "Ekonomisk lägesbild")
    before, after = follow("editing the definition", lambda: write(definition, edited),
                           lambda s: "Ekonomisk lägesbild" in s["text"])
    check("Ekonomisk översikt" not in after["text"] and after["text"].count("Ekonomisk lägesbild") >= 3,
          "the new title is in the heading, the table of contents and the running header")
    changed = [i for i, (a, b) in enumerate(zip(before["sources"], after["sources"])) if a != b]
    check(changed and 0 not in changed,
          f"only the pages that changed get new pictures (changed: {[i + 1 for i in changed]})")

    # 2. A data file.
    follow("editing a data file",
           lambda: write(data, original_data.replace("Myndighet;", "Myndighetsstöd;")),
           lambda s: "Myndighetsstöd" in s["text"])

    # 3. The layout.
    follow("editing the layout",
           lambda: write(layout, original_layout.replace('<header left="{title}"',
                                                         '<header left="Utkast: {title}"')),
           lambda s: "Utkast: Delårsrapport" in s["text"])
    good = page_state(browser)

    # 4. A broken definition: the error with its line, and the last good pages stay.
    broken = edited.replace("<toc/>", "<toc/>\n  <frobnicate/>")
    line, column = line_of(broken, "<frobnicate/>")
    expected = f"report.xml:{line}:{column}: error: unknown element <frobnicate>"
    _, state = follow("saving a broken definition", lambda: write(definition, broken),
                      lambda s: s["failed"] and expected in s["problems"])
    check(expected in state["problems"], f"the error names file:line:col ({state['problems'].strip()!r})")
    check(state["pages"] == 3 and state["loaded"] == 3 and state["sources"] == good["sources"]
          and "Ekonomisk lägesbild" in state["text"],
          "the last good pages stay visible, pictures and text, beside the error")

    # 5. Malformed XML, then the fix.
    malformed = edited.replace("<toc/>", "<toc>")
    opened_line, opened_column = line_of(malformed, "<toc>")
    _, state = follow("saving malformed XML", lambda: write(definition, malformed),
                      lambda s: f"closes <toc> (opened at {opened_line}:{opened_column})" in s["problems"])
    check(state["pages"] == 3 and state["sources"] == good["sources"], "malformed XML keeps the last good pages too")
    fixed = edited.replace("Ekonomisk lägesbild", "Ekonomiskt läge")
    _, state = follow("fixing the definition", lambda: write(definition, fixed),
                      lambda s: not s["failed"] and "Ekonomiskt läge" in s["text"])
    check(state["problems"] == "" and state["live"] == "live", "a fixed definition clears the error")

    # 6. A warning found by the kept layout engine in a later run reaches the page: a character
    # no bundled font has.
    missing_glyph = fixed.replace("syftar till", "syftar \ue000 till")
    _, after_glyph = follow("a character no font has", lambda: write(definition, missing_glyph),
                            lambda s: "U+E000" in s["problems"])
    check(not after_glyph["failed"] and after_glyph["pages"] == 3, "a missing glyph is a warning, not an error")

    # 7. The server outlives bad files.
    bad_files = [("garbage bytes", b"\x00\xff\xfe<<garbage", "report.xml:1:4: error: malformed XML"),
                 ("an empty file", b"", "report.xml:1:1: error: malformed XML: the file holds no XML element"),
                 ("a deleted file", None, "error: cannot read")]
    for what, content, message in bad_files:
        if content is None:
            os.remove(definition)
        else:
            with open(definition, "wb") as f:
                f.write(content)
        took, state = wait_for(browser, lambda s: s["failed"] and message in s["problems"], 10)
        check(took is not None and server.poll() is None and state["sources"] == after_glyph["sources"],
              f"{what}: the server stays up and shows '{message}' beside the last good pages "
              f"({state['problems'].strip()[-100:]!r})")
    for i in range(20):  # a burst of saves, half of them broken
        write(definition, broken if i % 2 else edited.replace("Ekonomisk lägesbild", f"Rubrik {i}"))
        time.sleep(0.02)
    write(definition, fixed)
    took, state = wait_for(browser, lambda s: not s["failed"] and "Ekonomiskt läge" in s["text"], 15)
    final = server_state(port)
    check(took is not None and server.poll() is None and final and not final["failed"]
          and final["version"] > 8 and state["same_document"],
          f"after a burst of saves the server is up and shows the last save (run {final and final['version']})")
    # The overlay switch: every picture is asked for again with the layout's boxes.
    browser.evaluate("document.getElementById('boxes').click()")
    took, state = wait_for(browser, lambda s: all(src.endswith("&boxes=1") for src in s["sources"])
                           and s["loaded"] == s["pages"] == 3, 15)
    check(took is not None, f"'layout boxes' shows every page with the overlay ({state['sources']})")
    status, with_boxes = http_get(port, "/page/3.png?boxes=1")
    _, without = http_get(port, "/page/3.png")
    check(status == 200 and with_boxes.startswith(b"\x89PNG") and with_boxes != without,
          "a page's picture with layout boxes differs from the plain one")
finally:
    if browser:
        browser.close()
    code = stop_server(server)

with open(log) as f:
    messages = f.read()
check(code == 0 and "rapport serve: stopped" in messages, f"SIGTERM stops the server cleanly (exit {code})")
done()
