"""A small web app on sqlite, the web suite's interpreted service.

GET  /items?q=S      items whose name holds S, as JSON
POST /items          one item per line of the body; answers the count
POST /upload         the body kept as a blob; answers its sha256 and size
GET  /h/NAME?...     runs the handler plugin /srv/app/handlers/NAME.py
GET  /calc?expr=E    evaluates E (the bug: eval of the caller's text)
"""
import hashlib
import json
import runpy
import sqlite3
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

DB = "/srv/app/data/app.db"
HANDLERS = "/srv/app/handlers/"


def db():
    conn = sqlite3.connect(DB, timeout=10)
    conn.execute("create table if not exists items (name text)")
    conn.execute("create table if not exists blobs (sha text, data blob)")
    return conn


class App(BaseHTTPRequestHandler):
    def reply(self, code, body):
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        return self.rfile.read(int(self.headers.get("Content-Length", 0)))

    def do_GET(self):
        u = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(u.query).items()}
        try:
            if u.path == "/items":
                with db() as c:
                    rows = c.execute("select name from items where name like ?",
                                     ("%" + q.get("q", "") + "%",)).fetchall()
                self.reply(200, json.dumps([r[0] for r in rows]))
            elif u.path.startswith("/h/"):
                name = u.path[3:]
                g = runpy.run_path(HANDLERS + name + ".py",
                                   init_globals={"query": q, "db": db})
                self.reply(200, str(g.get("result", "")))
            elif u.path == "/calc":
                self.reply(200, str(eval(q.get("expr", "0"))))
            else:
                self.reply(404, "not found")
        except Exception as e:  # the error, as a careless app shows it
            self.reply(500, "%s: %s" % (type(e).__name__, e))

    def do_POST(self):
        u = urlparse(self.path)
        data = self.body()
        try:
            if u.path == "/items":
                names = [n for n in data.decode().splitlines() if n]
                with db() as c:
                    c.executemany("insert into items values (?)", [(n,) for n in names])
                self.reply(200, str(len(names)))
            elif u.path == "/upload":
                sha = hashlib.sha256(data).hexdigest()
                with db() as c:
                    c.execute("insert into blobs values (?, ?)", (sha, data))
                self.reply(200, "%s %d" % (sha, len(data)))
            else:
                self.reply(404, "not found")
        except Exception as e:
            self.reply(500, "%s: %s" % (type(e).__name__, e))

    def log_message(self, fmt, *args):
        sys.stderr.write("app: " + (fmt % args) + "\n")


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", 8000), App).serve_forever()
