-- The warehouse's base tables. Timestamps are TIMESTAMP (no zone) holding Asia/Shanghai
-- local wall-clock time, as every 12345 system records it; nothing here converts zones.
-- No PRIMARY KEY constraints: uniqueness is enforced by the loader, which quarantines
-- duplicates with a reason instead of failing the whole load.

CREATE TABLE IF NOT EXISTS load_batches (
  batch_id          VARCHAR NOT NULL,   -- sha256 of the file name (stable across reloads)
  file_name         VARCHAR NOT NULL,   -- base name: the identity of a batch
  file_path         VARCHAR NOT NULL,   -- where it was loaded from, last time
  file_sha256       VARCHAR NOT NULL,
  kind              VARCHAR NOT NULL,   -- tickets | units | curation
  mapping           VARCHAR,            -- mapping file used, if any
  count_read        INTEGER NOT NULL,   -- data rows seen, blank ones included
  count_loaded      INTEGER NOT NULL,
  count_quarantined INTEGER NOT NULL,
  count_blank       INTEGER NOT NULL,
  loaded_at         TIMESTAMP NOT NULL,
  duration_ms       INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS quarantine (
  batch_id    VARCHAR NOT NULL,
  file_name   VARCHAR NOT NULL,
  row_number  INTEGER NOT NULL,         -- 1-based, as a spreadsheet shows it (header is row 1)
  column_name VARCHAR,                  -- the raw header at fault, when one is
  reason      VARCHAR NOT NULL,
  raw         JSON NOT NULL             -- the row as read, keyed by raw header
);

CREATE TABLE IF NOT EXISTS tickets (
  ticket_id    VARCHAR NOT NULL,
  batch_id     VARCHAR NOT NULL,
  source_row   INTEGER NOT NULL,
  channel      VARCHAR NOT NULL,        -- 12345热线, 市长信箱, 县长信箱, 网站, 微信, ...
  received_at  TIMESTAMP NOT NULL,
  appeal_type  VARCHAR,                 -- 咨询 求助 投诉 举报 建议 表扬
  category     VARCHAR,                 -- first level, e.g. 市场管理类
  subcategory  VARCHAR,                 -- second level, e.g. 消费维权类
  title        VARCHAR,
  content      VARCHAR,
  township     VARCHAR,
  address      VARCHAR,
  caller_name  VARCHAR,
  caller_phone VARCHAR,
  disposition  VARCHAR,                 -- 直接解答 | 转办
  status       VARCHAR,
  reply        VARCHAR
);

CREATE TABLE IF NOT EXISTS assignments (
  ticket_id           VARCHAR NOT NULL,
  batch_id            VARCHAR NOT NULL,
  seq                 INTEGER NOT NULL, -- 1 for the first unit of a ticket, 2 for a co-handler, ...
  unit                VARCHAR NOT NULL, -- as written in the export; views resolve aliases
  dispatched_at       TIMESTAMP,
  deadline            TIMESTAMP,
  replied_at          TIMESTAMP,
  completed_at        TIMESTAMP,
  is_returned_by_city BOOLEAN NOT NULL DEFAULT false,
  rework_count        INTEGER NOT NULL DEFAULT 0,
  visit_result        VARCHAR,          -- 满意 基本满意 不满意 未回访
  visited_at          TIMESTAMP
);

CREATE TABLE IF NOT EXISTS units (
  unit       VARCHAR NOT NULL,          -- canonical (long) name, as the appendix table prints it
  short_name VARCHAR,                   -- as the bulletin's text names it, e.g. 县市场局
  aliases    VARCHAR[] NOT NULL,        -- every other spelling seen in exports
  kind       VARCHAR NOT NULL,          -- 乡镇 | 县直单位 | 企业 | 其他
  eval_group VARCHAR,                   -- evaluation group, as the office assigns it
  batch_id   VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS curation (
  month     VARCHAR NOT NULL,           -- YYYY-MM
  kind      VARCHAR NOT NULL,           -- typical_case | adjustment
  ticket_id VARCHAR,                    -- typical_case: the ticket
  unit      VARCHAR,                    -- adjustment: the unit (any alias); typical_case: who handled it
  points    DOUBLE,                     -- adjustment: added to the composite score (negative deducts)
  reason    VARCHAR,
  summary   VARCHAR,                    -- typical_case: the narrative printed in the bulletin
  batch_id  VARCHAR NOT NULL
);
