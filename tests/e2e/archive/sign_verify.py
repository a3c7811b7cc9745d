#!/usr/bin/env python3
"""End to end: `rapport sign` and `rapport verify`, judged by poppler's pdfsig and qpdf.

usage: sign_verify.py PATH/TO/rapport
Keys and certificates are generated in a temporary folder; no private key is committed.
"""
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdftools  # noqa: E402

rapport = os.path.abspath(sys.argv[1])
t = pdftools.checker("sign_verify")
work = tempfile.mkdtemp(prefix="rapport-sign-")
os.chdir(work)
epoch = {"SOURCE_DATE_EPOCH": "1714644000"}


def sign(src, dst, key, cert, *extra, env=None):
    return pdftools.run([rapport, "sign", src, "-o", dst, "--key", key, "--cert", cert, *extra],
                        env_extra=env)


def verify(path, *extra):
    return pdftools.run([rapport, "verify", path, *extra])


def pdfsig(path):
    return pdftools.run(["pdfsig", path]).stdout


def qpdf_clean(path):
    result = pdftools.run(["qpdf", "--check", path])
    return result.returncode == 0 and "No syntax or stream encoding errors" in result.stdout, \
        result.stdout + result.stderr


def signature_blocks(text):
    return text.split("Signature #")[1:]


key_a, cert_a = pdftools.make_identity(work, "a", "/CN=Test Signer/O=Rapport Test")
key_b, cert_b = pdftools.make_identity(work, "b", "/CN=Second Signer", curve="P-256")
locked, cert_locked = pdftools.make_identity(work, "locked", "/CN=Locked Signer", password="hemligt")
pdftools.minimal_pdf("in.pdf")

# ---- one signature ----------------------------------------------------------------------
r = sign("in.pdf", "out.pdf", key_a, cert_a, "--reason", "Beslutad av kommunfullmäktige",
         "--location", "Växjö", env=epoch)
t.check(r.returncode == 0 and os.path.exists("out.pdf"), "sign succeeds", r.stderr)
info = pdfsig("out.pdf")
t.check("Signature is Valid" in info, "pdfsig: the signature is valid", info)
t.check("Total document signed" in info, "pdfsig: the signature covers the whole document", info)
t.check("ETSI.CAdES.detached" in info, "pdfsig: PAdES sub-filter", info)
t.check("Test Signer" in info, "pdfsig: signer common name", info)
ok, text = qpdf_clean("out.pdf")
t.check(ok, "qpdf --check is clean on the signed file", text)
r = verify("out.pdf")
t.check(r.returncode == 0, "rapport verify accepts the signed file", r.stdout + r.stderr)
t.check("Test Signer" in r.stdout and "2024-05-02 10:00:00" in r.stdout and "the whole document" in r.stdout,
        "rapport verify reports signer, /M time and coverage", r.stdout)
r2 = sign("in.pdf", "again.pdf", key_a, cert_a, "--reason", "Beslutad av kommunfullmäktige",
          "--location", "Växjö", env=epoch)
t.check(r2.returncode == 0 and open("again.pdf", "rb").read() == open("out.pdf", "rb").read(),
        "signing is reproducible under SOURCE_DATE_EPOCH")

# ---- tampering --------------------------------------------------------------------------
pdftools.flip_byte("out.pdf", "flipped.pdf", b"Hello")
r = verify("flipped.pdf")
t.check(r.returncode != 0 and "signature 1" in r.stderr, "one changed content byte fails verify",
        r.stdout + r.stderr)
data = open("out.pdf", "rb").read()
gap_start = data.index(b"/Contents <") + 10
gap_end = data.index(b">", gap_start) + 1
positions = sorted({0, len(data) - 1, *range(3, len(data), max(1, len(data) // 40))})
undetected = []
for at in positions:
    if gap_start <= at < gap_end:
        continue
    changed = bytearray(data)
    changed[at] ^= 0x01
    with open("changed.pdf", "wb") as f:
        f.write(changed)
    if verify("changed.pdf").returncode == 0:
        undetected.append(at)
t.check(not undetected, "a changed byte anywhere in the signed ranges fails verify",
        f"undetected at {undetected}")
t.check(verify("in.pdf").returncode != 0, "an unsigned PDF does not verify")

# ---- a second signature -----------------------------------------------------------------
r = sign("out.pdf", "out2.pdf", key_b, cert_b, "--name", "Anna Andersson")
t.check(r.returncode == 0, "a second signature is added", r.stderr)
info = pdfsig("out2.pdf")
blocks = signature_blocks(info)
t.check(len(blocks) == 2 and all("Signature is Valid" in b for b in blocks),
        "pdfsig: both signatures valid", info)
t.check(len(blocks) == 2 and "Total document signed" in blocks[1], "pdfsig: the second covers all", info)
ok, text = qpdf_clean("out2.pdf")
t.check(ok, "qpdf --check is clean after two signatures", text)
r = verify("out2.pdf")
t.check(r.returncode == 0 and "2 signatures, all valid" in r.stdout, "rapport verify: both valid",
        r.stdout + r.stderr)
t.check("later revisions only add signatures" in r.stdout, "the first is reported as followed by signatures only",
        r.stdout)

# ---- a change after signing -------------------------------------------------------------
content = b"BT /F1 24 Tf 72 720 Td (Avslag) Tj ET"
pdftools.append_revision("out.pdf", "amended.pdf", 4,
                         b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
r = verify("amended.pdf")
t.check(r.returncode != 0 and "changed after this signature" in r.stdout + r.stderr,
        "a later content change is reported", r.stdout + r.stderr)

# ---- trust --------------------------------------------------------------------------------
r = verify("out.pdf", "--ca", cert_a)
t.check(r.returncode == 0 and "trusted (chain verified)" in r.stdout, "--ca with the signer's certificate",
        r.stdout + r.stderr)
r = verify("out.pdf", "--ca", cert_b)
t.check(r.returncode != 0 and "NOT trusted" in r.stdout, "--ca with another certificate fails", r.stdout)

# ---- errors leave no output ---------------------------------------------------------------
with open("notpdf.pdf", "w") as f:
    f.write("just text\n")
with open("garbage.pem", "w") as f:
    f.write("garbage\n")
cases = [
    ("non-PDF input", ["notpdf.pdf", key_a, cert_a, []], "notpdf.pdf: error: not a PDF file (no %PDF- header)"),
    ("wrong password", ["in.pdf", locked, cert_locked, ["--password", "fel"]],
     f"{locked}: error: cannot decrypt the private key (wrong password?)"),
    ("missing password", ["in.pdf", locked, cert_locked, []],
     f"{locked}: error: the private key is encrypted and no password was given"),
    ("bad key", ["in.pdf", "garbage.pem", cert_a, []], "garbage.pem: error: not a PEM file"),
    ("key/certificate mismatch", ["in.pdf", key_b, cert_a, []],
     f"{cert_a}: error: the certificate does not match the private key in '{key_b}'"),
    ("missing key file", ["in.pdf", "nothing.pem", cert_a, []], "nothing.pem: error: cannot read"),
    ("unreachable timestamp authority", ["in.pdf", key_a, cert_a, ["--tsa", "http://127.0.0.1:9/tsa"]],
     "rapport sign: error: timestamp authority 'http://127.0.0.1:9/tsa' unreachable: "),
]
for label, (src, key, cert, extra), expected in cases:
    r = sign(src, "bad-out.pdf", key, cert, *extra)
    t.check(r.returncode == 1, f"{label}: exit code 1", f"got {r.returncode}: {r.stderr}")
    t.check(r.stderr.startswith(expected), f"{label}: clear message", f"expected: {expected}\ngot: {r.stderr}")
    t.check(not os.path.exists("bad-out.pdf") and not pdftools.leftovers("."), f"{label}: no partial output")
r = sign("in.pdf", "locked.pdf", locked, cert_locked, env={"RAPPORT_KEY_PASSWORD": "hemligt"})
t.check(r.returncode == 0 and verify("locked.pdf").returncode == 0,
        "an encrypted key opens with RAPPORT_KEY_PASSWORD", r.stderr)
r = pdftools.run([rapport, "sign", "in.pdf", "--key", key_a, "--cert", cert_a])
t.check(r.returncode == 2 and "-o OUT.pdf" in r.stderr, "a missing -o is a usage error", r.stderr)

# ---- files from other writers ------------------------------------------------------------
if shutil.which("pdftocairo"):
    subprocess.run(["pdftocairo", "-pdf", "in.pdf", "cairo.pdf"], check=True)
    r = sign("cairo.pdf", "cairo-signed.pdf", key_a, cert_a)
    info = pdfsig("cairo-signed.pdf")
    t.check(r.returncode == 0 and "Signature is Valid" in info and "Total document signed" in info,
            "a cairo-written PDF signs", r.stderr + info)
subprocess.run(["qpdf", "--object-streams=generate", "in.pdf", "objstm.pdf"], check=True)
r1 = sign("objstm.pdf", "objstm-1.pdf", key_a, cert_a)
r2 = sign("objstm-1.pdf", "objstm-2.pdf", key_b, cert_b)
info = pdfsig("objstm-2.pdf")
blocks = signature_blocks(info)
t.check(r1.returncode == 0 and r2.returncode == 0 and len(blocks) == 2 and
        all("Signature is Valid" in b for b in blocks),
        "a PDF with object and cross-reference streams signs twice", r1.stderr + r2.stderr + info)
ok, text = qpdf_clean("objstm-2.pdf")
t.check(ok, "qpdf --check is clean on the signed stream-based PDF", text)
t.check(verify("objstm-2.pdf").returncode == 0, "rapport verify accepts the stream-based PDF")


# ---- a local RFC 3161 authority (openssl ts -reply) ----------------------------------------
def start_tsa():
    tsa_key, tsa_cert = os.path.join(work, "tsa-key.pem"), os.path.join(work, "tsa-cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", tsa_key,
                    "-out", tsa_cert, "-days", "30", "-subj", "/CN=Test TSA",
                    "-addext", "extendedKeyUsage=critical,timeStamping"], check=True, capture_output=True)
    config = os.path.join(work, "tsa.cnf")
    with open(config, "w") as f:
        f.write(f"""[ tsa ]
default_tsa = tsa1
[ tsa1 ]
serial = {work}/tsaserial
crypto_device = builtin
signer_cert = {tsa_cert}
certs = {tsa_cert}
signer_key = {tsa_key}
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ess_cert_id_alg = sha256
""")

    class handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            query = self.rfile.read(int(self.headers["Content-Length"]))
            reply = subprocess.run(["openssl", "ts", "-reply", "-config", config, "-queryfile", "/dev/stdin",
                                    "-out", "/dev/stdout"], input=query, capture_output=True).stdout
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


server = start_tsa()
url = f"http://127.0.0.1:{server.server_address[1]}/tsa"
r = sign("in.pdf", "stamped.pdf", key_a, cert_a, "--tsa", url)
t.check(r.returncode == 0, "signing with a timestamp authority", r.stderr)
r = verify("stamped.pdf")
t.check(r.returncode == 0 and "timestamp:" in r.stdout, "the signature timestamp is verified and shown",
        r.stdout + r.stderr)
info = pdfsig("stamped.pdf")
t.check("Signature is Valid" in info and "Total document signed" in info, "pdfsig accepts the timestamped file",
        info)


# ---- signatures made by other tools: adbe.pkcs7.detached and a document timestamp ----------
def openssl_cms(signed_path):
    return subprocess.run(["openssl", "cms", "-sign", "-binary", "-in", signed_path, "-signer", cert_a,
                           "-inkey", key_a, "-outform", "DER"], check=True, capture_output=True).stdout


def openssl_timestamp(signed_path):
    query = subprocess.run(["openssl", "ts", "-query", "-data", signed_path, "-sha256", "-cert"],
                           check=True, capture_output=True).stdout
    return subprocess.run(["openssl", "ts", "-reply", "-config", os.path.join(work, "tsa.cnf"),
                           "-queryfile", "/dev/stdin", "-token_out", "-out", "/dev/stdout"],
                          input=query, check=True, capture_output=True).stdout


pdftools.resign_with("out.pdf", "pkcs7.pdf", "/adbe.pkcs7.detached", openssl_cms, work)
r = verify("pkcs7.pdf")
t.check(r.returncode == 0 and "adbe.pkcs7.detached" in r.stdout, "an adbe.pkcs7.detached signature verifies",
        r.stdout + r.stderr)
info = pdfsig("pkcs7.pdf")
t.check("Signature is Valid" in info, "pdfsig agrees on the adbe.pkcs7.detached signature", info)
pdftools.flip_byte("pkcs7.pdf", "pkcs7-flipped.pdf", b"Hello")
t.check(verify("pkcs7-flipped.pdf").returncode != 0, "a changed byte breaks the adbe.pkcs7.detached signature")

pdftools.resign_with("out.pdf", "doc-ts.pdf", "/ETSI.RFC3161", openssl_timestamp, work)
r = verify("doc-ts.pdf")
t.check(r.returncode == 0 and "ETSI.RFC3161" in r.stdout and "Test TSA" in r.stdout and "timestamp:" in r.stdout,
        "a document timestamp verifies", r.stdout + r.stderr)
pdftools.flip_byte("doc-ts.pdf", "doc-ts-flipped.pdf", b"Hello")
r = verify("doc-ts-flipped.pdf")
t.check(r.returncode != 0 and "imprint" in r.stdout, "a changed byte breaks the document timestamp",
        r.stdout + r.stderr)
server.shutdown()

shutil.rmtree(work, ignore_errors=True)
t.exit()
