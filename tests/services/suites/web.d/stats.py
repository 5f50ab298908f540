with db() as c:
    n = c.execute("select count(*) from items").fetchone()[0]
    b = c.execute("select count(*), coalesce(sum(length(data)), 0) from blobs").fetchone()
result = "items=%d blobs=%d bytes=%d" % (n, b[0], b[1])
