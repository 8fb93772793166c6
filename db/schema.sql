-- schema.sql - the portolan database, newest version (PRAGMA user_version 5).
--
-- db/open.c runs this whole file, in one transaction, on a new database and
-- then sets user_version; it must therefore hold no BEGIN/COMMIT and no
-- PRAGMA. An older database is brought up to date by the upgrade steps in
-- db/open.c instead, so a change here needs a matching step there.
-- doc/schema.md explains every table and column for sqlite3 shell users.
--
-- Text columns are NOT NULL DEFAULT '' so queries need no NULL handling;
-- NULL is kept for "no such thing" numbers (a flow with no section, a port
-- range that is not numeric). Every child row names its parent with
-- ON DELETE CASCADE, so deleting a document deletes everything read from
-- it (foreign_keys is switched on by every portolan connection).

-- One imported file. Ids of documents and flows are AUTOINCREMENT: a
-- re-imported document gets new ids, never those of the rows it replaced,
-- so an id once shown to a user never silently means another row.
CREATE TABLE document (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    path        TEXT NOT NULL UNIQUE,        -- absolute, or "bundled:NAME"
    name        TEXT NOT NULL DEFAULT '',    -- file name shown to users
    sha256      TEXT NOT NULL DEFAULT '',    -- hex digest of the bytes read
    title       TEXT NOT NULL DEFAULT '',
    vendor      TEXT NOT NULL DEFAULT '',
    format      TEXT NOT NULL DEFAULT '',    -- the reader style used
    size        INTEGER NOT NULL DEFAULT 0,  -- bytes
    imported_at TEXT NOT NULL   -- ISO 8601 UTC: 2024-05-01T09:30:00Z
);
CREATE INDEX document_sha256 ON document(sha256);

-- A product (or component) a document describes, in order of appearance.
CREATE TABLE product (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    name        TEXT NOT NULL DEFAULT '',
    UNIQUE (document_id, name)
);

-- A section (table heading) within a product.
CREATE TABLE section (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES product(id) ON DELETE CASCADE,
    name       TEXT NOT NULL DEFAULT '',
    UNIQUE (product_id, name)
);

-- One table row: a network flow. The cells are kept as written; the parsed
-- ports are in port_range. transports (version 5) sums up the protocols of
-- the ranges: those of the destination ranges, else of the source ones,
-- named in the order TCP, UDP, ICMP, ESP with '/' between ("TCP",
-- "TCP/UDP", "ESP"), or '' when no range names one. The import writes it
-- (src/ingest.c); db/open.c's upgrade to 5 fills it by the same rule.
-- (No comma in a comment inside the column list: ALTER TABLE ... DROP
-- COLUMN would take it for the one before the column.)
CREATE TABLE flow (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id       INTEGER NOT NULL
                      REFERENCES document(id) ON DELETE CASCADE,
    section_id        INTEGER           -- NULL: no section
                      REFERENCES section(id) ON DELETE CASCADE,
    line              INTEGER NOT NULL DEFAULT 0,   -- 1-based, in the file
    source            TEXT NOT NULL DEFAULT '',
    source_ports      TEXT NOT NULL DEFAULT '',
    destination       TEXT NOT NULL DEFAULT '',
    destination_ports TEXT NOT NULL DEFAULT '',
    protocol          TEXT NOT NULL DEFAULT '',
    description       TEXT NOT NULL DEFAULT '',
    requirement       TEXT NOT NULL DEFAULT '',
    req_level         TEXT NOT NULL DEFAULT ''
        CHECK (req_level IN ('', 'mandatory', 'recommended', 'optional')),
    direction         TEXT NOT NULL DEFAULT ''
        CHECK (direction IN ('', 'inbound', 'outbound', 'both', 'local')),
    marks             TEXT NOT NULL DEFAULT '', -- footnote marks of the row
    transports        TEXT NOT NULL DEFAULT ''  -- "TCP/UDP": see above
);
-- Browsing is "a document in line order"; also serves the cascade.
CREATE INDEX flow_document_line ON flow(document_id, line);
CREATE INDEX flow_section ON flow(section_id);

-- The ports of one side of a flow, parsed: one row per range.
-- lo/hi are set exactly for the kinds 'numeric' and 'ge1024'.
CREATE TABLE port_range (
    id          INTEGER PRIMARY KEY,
    flow_id     INTEGER NOT NULL REFERENCES flow(id) ON DELETE CASCADE,
    side        TEXT NOT NULL CHECK (side IN ('src', 'dst')),
    protocol    TEXT NOT NULL DEFAULT ''
        CHECK (protocol IN ('', 'tcp', 'udp', 'icmp', 'esp')),
    kind        TEXT NOT NULL
        CHECK (kind IN ('numeric', 'ge1024', 'any', 'ephemeral', 'vendor',
                        'none')),
    lo          INTEGER,
    hi          INTEGER,
    parity      TEXT NOT NULL DEFAULT '' CHECK (parity IN ('', 'even', 'odd')),
    label       TEXT NOT NULL DEFAULT '',
    marks       TEXT NOT NULL DEFAULT '',
    base_offset INTEGER,                -- N of "<PortNumber>+N", else NULL
    CHECK ((kind IN ('numeric', 'ge1024')) =
           (lo IS NOT NULL AND hi IS NOT NULL)),
    CHECK (lo IS NULL OR (0 <= lo AND lo <= hi AND hi <= 65535))
);
CREATE INDEX port_range_flow ON port_range(flow_id, side);
-- Port lookup (db/port.c). A range lo..hi with hi - lo < 64 ("narrow")
-- contains port N only if N - 63 <= lo <= N, a short walk of this index.
CREATE INDEX port_range_lohi ON port_range(lo, hi);
-- The few wide ranges (1024-65535, 36000-59999) would each need a long walk
-- of port_range_lohi; they get their own small index instead. The
-- expression must match the one in db/port.c for SQLite to use it.
CREATE INDEX port_range_wide ON port_range(lo, hi) WHERE hi - lo >= 64;

-- A footnote legend of a document ("* Only when ...").
CREATE TABLE footnote (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    line        INTEGER NOT NULL DEFAULT 0,
    mark        TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX footnote_document ON footnote(document_id);

-- Which footnotes a flow's marks refer to.
CREATE TABLE flow_footnote (
    flow_id     INTEGER NOT NULL REFERENCES flow(id) ON DELETE CASCADE,
    footnote_id INTEGER NOT NULL REFERENCES footnote(id) ON DELETE CASCADE,
    PRIMARY KEY (flow_id, footnote_id)
);
CREATE INDEX flow_footnote_footnote ON flow_footnote(footnote_id);

-- What the importer noticed: a port above 65535, an unreadable row.
CREATE TABLE diagnostic (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    flow_id     INTEGER REFERENCES flow(id) ON DELETE CASCADE, -- NULL: none
    line        INTEGER NOT NULL DEFAULT 0,
    severity    TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'error')),
    message     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX diagnostic_document ON diagnostic(document_id, line);
CREATE INDEX diagnostic_flow ON diagnostic(flow_id);

-- A named set of marked flows. The current one is named by the setting
-- "worksheet" ("default" when unset).
CREATE TABLE worksheet (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,           -- ISO 8601 UTC
    customer   TEXT NOT NULL DEFAULT '' -- shown on exports (version 2)
);

CREATE TABLE worksheet_flow (
    worksheet_id INTEGER NOT NULL REFERENCES worksheet(id) ON DELETE CASCADE,
    flow_id      INTEGER NOT NULL REFERENCES flow(id) ON DELETE CASCADE,
    added_at     TEXT NOT NULL,         -- ISO 8601 UTC
    PRIMARY KEY (worksheet_id, flow_id)
);
CREATE INDEX worksheet_flow_flow ON worksheet_flow(flow_id);

-- What a worksheet maps a device role to: the customer's address, CIDR,
-- host name or zone name (version 2). role is the device as documents
-- write it ("Expressway-E"); it also covers qualified names that start
-- with it ("Expressway-E (public)"), see src/rules.h.
CREATE TABLE worksheet_role (
    worksheet_id INTEGER NOT NULL REFERENCES worksheet(id) ON DELETE CASCADE,
    role         TEXT NOT NULL COLLATE NOCASE,
    value        TEXT NOT NULL,
    PRIMARY KEY (worksheet_id, role)
);

-- A worksheet's site values for configurable defaults (version 2):
-- name "base-port", "ephemeral", "any", "ge1024" or "range:LO-HI"; value
-- a port or range as text. src/rules.c gives them their meaning.
CREATE TABLE worksheet_default (
    worksheet_id INTEGER NOT NULL REFERENCES worksheet(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    value        TEXT NOT NULL,
    PRIMARY KEY (worksheet_id, name)
);

-- Derived data (versions 3 and 4), written with each document so that the
-- explorer and `portolan find` read every flow in a few large reads and
-- a port lookup counts without walking the ranges (db/cache.c). Rebuilt
-- from the tables above when missing: never edit it by hand; delete a
-- document's row to have it rebuilt.
CREATE TABLE document_cache (
    document_id INTEGER PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,
    text_format INTEGER NOT NULL DEFAULT 0, -- flow_text's format version
    port_counts INTEGER NOT NULL DEFAULT 0, -- 1: port_count has its counts
    -- last: SQLite walks a blob's pages to reach a column stored after it
    flow_text   BLOB                -- every flow's text fields (src/flowtab.h)
);

-- How many flows of a document have a numeric range containing a port, in
-- chunks of 1024 ports (chunk N: ports N*1024 .. N*1024+1023), for any
-- protocol (class 0), TCP (1) or UDP (2); a range without a protocol
-- counts for every class. No row: no flow in that chunk.
CREATE TABLE port_count (
    class       INTEGER NOT NULL,
    chunk       INTEGER NOT NULL,
    document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    counts      BLOB NOT NULL,
    PRIMARY KEY (class, chunk, document_id)
) WITHOUT ROWID;
CREATE INDEX port_count_document ON port_count(document_id);

-- User preferences, key = value.
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL DEFAULT ''
);

-- Prompt history: kind "filter" or "port"; the highest id is the newest.
CREATE TABLE history (
    id      INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL,
    text    TEXT NOT NULL,
    used_at TEXT NOT NULL               -- ISO 8601 UTC
);
CREATE INDEX history_kind ON history(kind, id);
