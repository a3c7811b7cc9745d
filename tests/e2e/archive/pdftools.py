"""Helpers for the archive end-to-end tests: small PDFs, revisions, keys, a checker."""
import os
import re
import subprocess
import sys


class checker:
    """Collects failures so one run reports all of them; exit() sets the status."""

    def __init__(self, name):
        self.name = name
        self.failures = 0
        self.passes = 0

    def check(self, condition, message, detail=""):
        if condition:
            self.passes += 1
            return True
        self.failures += 1
        print(f"FAIL: {message}")
        if detail:
            for line in str(detail).rstrip().splitlines():
                print(f"    {line}")
        return False

    def exit(self):
        print(f"{self.name}: {self.passes} checks passed, {self.failures} failed")
        sys.exit(1 if self.failures else 0)


def run(args, env_extra=None, **kwargs):
    env = dict(os.environ)
    if env_extra:
        env.update(env_extra)
    return subprocess.run(args, capture_output=True, text=True, env=env, **kwargs)


def minimal_pdf(path, text="Hello"):
    """Writes a valid one-page PDF with a classic cross-reference table."""
    content = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref)
    with open(path, "wb") as f:
        f.write(out)


def append_revision(src, dst, number, body):
    """Appends an incremental update that replaces object `number` with `body` (bytes)."""
    data = open(src, "rb").read()
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    update = b"%d 0 obj\n" % number + body + b"\nendobj\n"
    at = len(data)
    xref = at + len(update)
    update += b"xref\n%d 1\n%010d 00000 n \n" % (number, at)
    update += b"trailer\n<< /Size 40 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (prev, xref)
    with open(dst, "wb") as f:
        f.write(data + update)


def flip_byte(src, dst, needle):
    """Copies src to dst with one byte of the first occurrence of `needle` changed."""
    data = bytearray(open(src, "rb").read())
    at = data.find(needle)
    if at < 0:
        raise ValueError(f"{needle!r} not found in {src}")
    data[at] ^= 0x01
    with open(dst, "wb") as f:
        f.write(data)


def make_identity(folder, name, subject, curve=None, password=None):
    """A key and a self-signed certificate made with the openssl command; returns paths."""
    key = os.path.join(folder, f"{name}-key.pem")
    cert = os.path.join(folder, f"{name}-cert.pem")
    algorithm = ["-newkey", "ec", "-pkeyopt", f"ec_paramgen_curve:{curve}"] if curve else ["-newkey", "rsa:2048"]
    subprocess.run(["openssl", "req", "-x509", *algorithm, "-nodes", "-keyout", key, "-out", cert,
                    "-days", "30", "-subj", subject], check=True, capture_output=True)
    if password:
        locked = os.path.join(folder, f"{name}-locked.pem")
        subprocess.run(["openssl", "pkey", "-in", key, "-aes256", "-passout", f"pass:{password}",
                        "-out", locked], check=True, capture_output=True)
        return locked, cert
    return key, cert


def leftovers(folder):
    """Temporary files an atomic write would have left behind."""
    return [n for n in os.listdir(folder) if n.endswith(".tmp") or ".incoming-" in n]


def resign_with(src, dst, sub_filter, make_der, folder):
    """Re-signs a file signed by rapport with another tool: swaps /SubFilter for one of the
    same length (space padded), then puts make_der(signed_bytes_path) into /Contents."""
    data = bytearray(open(src, "rb").read())
    old = b"/ETSI.CAdES.detached"
    new = sub_filter.encode()
    assert len(new) <= len(old)
    at = data.rindex(old)
    data[at:at + len(old)] = new + b" " * (len(old) - len(new))
    ranges = [int(x) for x in re.findall(rb"/ByteRange \[(\d+) (\d+) (\d+) (\d+)", bytes(data))[-1]]
    signed = bytes(data[ranges[0]:ranges[0] + ranges[1]]) + bytes(data[ranges[2]:ranges[2] + ranges[3]])
    signed_path = os.path.join(folder, "signed-bytes.bin")
    with open(signed_path, "wb") as f:
        f.write(signed)
    der = make_der(signed_path)
    hex_value = der.hex().encode()
    capacity = ranges[2] - ranges[1] - 2
    assert len(hex_value) <= capacity, "signature too large for the placeholder"
    data[ranges[1] + 1:ranges[2] - 1] = hex_value + b"0" * (capacity - len(hex_value))
    with open(dst, "wb") as f:
        f.write(data)
