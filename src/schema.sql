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
  duration_ms       INTEGER NOT NULL,
  -- Columns since schema version 1 come last, where a migration's ALTER TABLE puts them.
  count_footer      INTEGER DEFAULT 0   -- total / signature lines below the tickets (合计, 制表人…)
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
  channel      VARCHAR NOT NULL,        -- 12345热线, 市长信箱, 网站, 微信, ... (the profile names the mailboxes)
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
  reply        VARCHAR,
  -- Columns since schema version 1 come last, where a migration's ALTER TABLE puts them.
  caller_id    VARCHAR,                 -- the export's own user id (留言用户, 用户ID), for callers with no phone
  likes        INTEGER,                 -- 点赞数 / 支持数 on a message board; NULL where the export has none
  dislikes     INTEGER                  -- 反对数
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
  is_returned_by_city BOOLEAN,          -- NULL: the export has no such column (nothing known), not "no"
  rework_count        INTEGER,          -- NULL: the export has no rework column
  visit_result        VARCHAR,          -- 满意 基本满意 不满意 未回访
  visited_at          TIMESTAMP,
  -- Columns since schema version 3 come last, where a migration's ALTER TABLE puts them.
  is_responded        BOOLEAN,          -- 是否响应 at the return visit; NULL: not asked or not exported
  is_resolved         BOOLEAN           -- 是否解决 at the return visit
);

CREATE TABLE IF NOT EXISTS units (
  unit       VARCHAR NOT NULL,          -- canonical (long) name, as the appendix table prints it
  short_name VARCHAR,                   -- as the bulletin's text names it, e.g. 县市场局
  aliases    VARCHAR[] NOT NULL,        -- every other spelling seen in exports
  kind       VARCHAR NOT NULL,          -- as the directory says (乡镇, 街道, 部门 ...); the profile names the ranked kinds
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

-- 核减: the ledger of tickets the office takes out of a unit's score, with who approved it
-- (hotline exclude, or an exclusions list in a curation file). Never deleted: revoking an entry
-- stamps revoked_at, and the score is restored.
CREATE TABLE IF NOT EXISTS exclusions (
  ticket_id   VARCHAR NOT NULL,
  unit        VARCHAR,                  -- the unit (any alias) whose score it leaves; NULL: every unit of the ticket
  reason      VARCHAR NOT NULL,         -- a reason of the profile's exclusions.reasons (非职责范围, 重复工单 ...)
  note        VARCHAR,
  approved_by VARCHAR NOT NULL,
  approved_on DATE NOT NULL,
  entered_at  TIMESTAMP NOT NULL,
  revoked_at  TIMESTAMP,
  batch_id    VARCHAR NOT NULL          -- the curation file's batch, or 'cli' for hotline exclude
);

-- The office profile in force (src/profile.ts): one row, replaced when ingest adopts a profile.
CREATE TABLE IF NOT EXISTS office_profile (
  profile    JSON NOT NULL,             -- the validated settings
  scheme     JSON NOT NULL,             -- the evaluation scheme it names, validated
  source     VARCHAR,                   -- the file it was read from
  hash       VARCHAR NOT NULL,          -- sha256 of profile and scheme
  adopted_at TIMESTAMP NOT NULL
);

-- Bulletins as circulated (hotline publish, src/report/publish.ts): each publication of a month
-- is a new version; none is ever rewritten or deleted.
CREATE TABLE IF NOT EXISTS published_bulletins (
  month        VARCHAR NOT NULL,        -- YYYY-MM
  version      INTEGER NOT NULL,        -- 1, 2, ... the latest is in force
  published_at TIMESTAMP NOT NULL,
  signed_on    VARCHAR NOT NULL,        -- 成文日期 (YYYY-MM-DD)
  figures      JSON NOT NULL,           -- the month's figures as hotline report --format json printed them
  bulletin     JSON NOT NULL,           -- the bulletin model (src/report/model.ts) as rendered
  batches      JSON NOT NULL,           -- the load batches then: file_name, file_sha256, kind, loaded_at
  profile_hash VARCHAR NOT NULL,        -- office_profile.hash then
  docx         BLOB NOT NULL            -- the Word file as circulated
);

-- ============================================================================================
-- Topics (owned by src/topics/, issue 5): derived from `tickets` by `refreshTopics`, one month
-- at a time, each run in one transaction. Never edited by hand; safe to drop and rebuild.
-- No phone number is stored here: callers are sha256 hashes of the normalised number.
-- ============================================================================================

CREATE TABLE IF NOT EXISTS topic_runs (
  month         VARCHAR NOT NULL,     -- YYYY-MM
  fingerprint   VARCHAR NOT NULL,     -- of the month's tickets, their batches and the word lists
  count_tickets INTEGER NOT NULL,
  refreshed_at  TIMESTAMP NOT NULL,
  duration_ms   INTEGER NOT NULL
);

-- What topic mining learned from the whole corpus (src/topics/corpus.ts): one version at a time,
-- replaced by `hotline topics --rediscover`. A month's topics depend on its own tickets, its
-- trailing months and this version only.
CREATE TABLE IF NOT EXISTS topic_lexicon (
  version   VARCHAR NOT NULL,   -- of the rows below and the word lists they were learned with
  kind      VARCHAR NOT NULL,   -- phrase (discovered, not a place) | place (a spelling) | area | df | total
  term      VARCHAR NOT NULL,
  canonical VARCHAR,            -- place: the canonical spelling
  count     INTEGER NOT NULL    -- phrase, place: texts containing it when discovered; df: tickets containing the term; total: tickets
);

-- Published text with other people's full names masked (src/privacy/names.ts: 邻居王建国 →
-- 邻居王某), for the tickets whose title or content names someone; written by the topics stage
-- (SQL cannot segment) and read by published_tickets. NULL: the field has no name to mask.
CREATE TABLE IF NOT EXISTS ticket_masked_text (
  ticket_id VARCHAR NOT NULL,
  month     VARCHAR NOT NULL,
  title     VARCHAR,
  content   VARCHAR
);

-- Each month's heat of its clusters (src/topics/heat.ts), with growth against the trailing months.
CREATE TABLE IF NOT EXISTS cluster_month_heat (
  month       VARCHAR NOT NULL,
  cluster_id  VARCHAR NOT NULL,
  heat        DOUBLE NOT NULL,
  growth      DOUBLE NOT NULL,
  count_likes INTEGER NOT NULL
);

-- Whole-period heat of each cluster (src/topics/heat.ts), rewritten by every refresh.
CREATE TABLE IF NOT EXISTS cluster_heat (
  cluster_id    VARCHAR NOT NULL,
  problem       VARCHAR NOT NULL,  -- the most specific phrase at least half of its tickets share
  heat          DOUBLE NOT NULL,
  count_distinct INTEGER NOT NULL, -- tickets after identical title + content within 7 days count once
  count_callers INTEGER NOT NULL,  -- distinct callers among them (phone, else user id, else name)
  count_likes   INTEGER NOT NULL,
  count_dislikes INTEGER NOT NULL
);

-- What the whole period's heat reads of each month's clustered tickets (src/topics/totals.ts),
-- written when the month is mined: a refresh sums months instead of reading every ticket again.
CREATE TABLE IF NOT EXISTS cluster_heat_tickets (
  month       VARCHAR NOT NULL,
  cluster_id  VARCHAR NOT NULL,
  ticket_id   VARCHAR NOT NULL,
  received_at TIMESTAMP NOT NULL,
  text_key    UBIGINT NOT NULL,     -- hash of title and content: repeats are only compared
  caller_hash VARCHAR,
  likes       INTEGER,
  dislikes    INTEGER,
  problem     VARCHAR,
  placeless   BOOLEAN NOT NULL      -- no anchor: the cluster's concentration is 1
);

-- Tickets of each month's clusters holding each problem phrase among their own terms: what
-- names a month's cluster, and summed over months the whole period's (src/topics/mine-sql.ts).
CREATE TABLE IF NOT EXISTS cluster_phrase_counts (
  month         VARCHAR NOT NULL,
  cluster_id    VARCHAR NOT NULL,
  term          VARCHAR NOT NULL,
  count_tickets INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS ticket_terms (
  ticket_id   VARCHAR NOT NULL,
  month       VARCHAR NOT NULL,
  received_at TIMESTAMP NOT NULL,
  is_hotline  BOOLEAN NOT NULL,       -- false for the mailbox channels
  category    VARCHAR,
  subcategory VARCHAR,
  caller_hash VARCHAR,                -- sha256 of the normalised phone number; NULL without one
  terms       VARCHAR[] NOT NULL,     -- distinct content words of title + content, stop words removed
  platforms   VARCHAR[] NOT NULL,     -- entities the text names (canonical spellings)
  places      VARCHAR[] NOT NULL,     -- most specific first
  units       VARCHAR[] NOT NULL,
  problems    VARCHAR[] NOT NULL,
  anchor      VARCHAR,                -- where (or on which platform) the problem is: its first place, else platform, else unit
  problem     VARCHAR,                -- the main problem: first problem phrase, else the ticket's top TF-IDF term
  cluster_id  VARCHAR                 -- anchor·problem when both are known: tickets about the same thing
);

CREATE TABLE IF NOT EXISTS topic_counts (
  month         VARCHAR NOT NULL,
  kind          VARCHAR NOT NULL,     -- all (topic '*': the month's tickets) | term | cluster | subcategory
  topic         VARCHAR NOT NULL,
  count_tickets INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS topic_groups (
  month               VARCHAR NOT NULL,
  category            VARCHAR,
  subcategory         VARCHAR,
  count_tickets       INTEGER NOT NULL,  -- hotline tickets of the group received in the month
  count_month_tickets INTEGER NOT NULL,  -- hotline tickets received in the month
  key_terms           VARCHAR[] NOT NULL,
  summary             VARCHAR            -- "主要集中在……", NULL when the text says nothing
);

CREATE TABLE IF NOT EXISTS topic_terms (
  month         VARCHAR NOT NULL,
  category      VARCHAR,
  subcategory   VARCHAR,
  term          VARCHAR NOT NULL,
  count_tickets INTEGER NOT NULL,
  tf_idf        DOUBLE NOT NULL,
  rank          INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS topic_entities (
  month         VARCHAR NOT NULL,
  category      VARCHAR,
  subcategory   VARCHAR,
  kind          VARCHAR NOT NULL,      -- platform | place | unit | problem
  entity        VARCHAR NOT NULL,
  count_tickets INTEGER NOT NULL,
  share_pct     DOUBLE NOT NULL        -- of the group's tickets
);

CREATE TABLE IF NOT EXISTS topic_clusters (
  month                 VARCHAR NOT NULL,
  cluster_id            VARCHAR NOT NULL,
  anchor                VARCHAR NOT NULL,
  problem               VARCHAR NOT NULL,
  count_tickets         INTEGER NOT NULL,
  count_callers         INTEGER NOT NULL,  -- distinct phone hashes; a ticket without a number counts as its own caller
  count_problem_tickets INTEGER NOT NULL,  -- tickets of the month with the same problem, anywhere
  key_terms             VARCHAR[] NOT NULL
);

CREATE TABLE IF NOT EXISTS cluster_tickets (
  month      VARCHAR NOT NULL,
  cluster_id VARCHAR NOT NULL,
  ticket_id  VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS topic_rising (
  month           VARCHAR NOT NULL,
  kind            VARCHAR NOT NULL,    -- term | cluster | subcategory
  topic           VARCHAR NOT NULL,
  count_tickets   INTEGER NOT NULL,
  trailing_counts INTEGER[] NOT NULL,  -- M-3, M-2, M-1
  expected        DOUBLE NOT NULL,
  p_value         DOUBLE NOT NULL,
  threshold       DOUBLE NOT NULL,
  is_new          BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS duplicate_candidates (
  month        VARCHAR NOT NULL,       -- of the later ticket
  ticket_id    VARCHAR NOT NULL,       -- the later ticket
  duplicate_of VARCHAR NOT NULL,       -- the earlier one
  matched_by   VARCHAR NOT NULL,       -- caller | place (same cluster: anchor and problem)
  similarity   DOUBLE NOT NULL,        -- Jaccard of the two term sets
  days_apart   DOUBLE NOT NULL
);

-- ============================================================================================
-- Classification (owned by src/classify/, issue 17): derived by `refreshPredictions` after each
-- load and by `hotline classify`. Never edited by hand; safe to drop and rebuild.
-- ============================================================================================

CREATE TABLE IF NOT EXISTS classifier_models (
  model_id       VARCHAR NOT NULL,    -- fingerprint of the labelled set and the settings: a changed set retrains
  trained_at     TIMESTAMP NOT NULL,
  source         VARCHAR NOT NULL,    -- warehouse, or the labelled export given with --train
  count_labelled INTEGER NOT NULL,
  settings       JSON NOT NULL,
  model          JSON NOT NULL,       -- the naive Bayes counts: readable, and enough to predict
  evaluation     JSON                 -- cross-validation figures of `hotline classify --evaluate`
);

CREATE TABLE IF NOT EXISTS ticket_predictions (
  ticket_id              VARCHAR NOT NULL,  -- a ticket whose export has no category
  category               VARCHAR,
  category_confidence    DOUBLE,
  subcategory            VARCHAR,           -- within the predicted category; NULL without training subcategories
  subcategory_confidence DOUBLE,            -- given the category
  unit_1                 VARCHAR,           -- handling units suggested, most probable first (canonical names)
  unit_1_confidence      DOUBLE,
  unit_2                 VARCHAR,
  unit_2_confidence      DOUBLE,
  unit_3                 VARCHAR,
  unit_3_confidence      DOUBLE,
  model_id               VARCHAR NOT NULL
);
