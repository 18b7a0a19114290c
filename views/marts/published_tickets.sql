-- Ticket rows safe to publish. Personal data is masked HERE and only here: e-mail addresses,
-- 16-19 digit runs (bank cards, ID numbers, X check digit included), mobile numbers (with an
-- optional +86, spaces or dashes) and landlines (area code, or after 电话/座机/固话) in the
-- free text; the caller becomes surname + 先生/女士, also where the text repeats the caller's
-- full name; caller_phone is never selected. The raw values stay in the tickets table.
WITH first_unit AS (
  SELECT ticket_id, arg_min(unit, seq) AS unit
  FROM assignment_facts
  GROUP BY ticket_id
),
callers AS (
  SELECT
    t.*,
    CASE
      WHEN t.caller_name IS NULL OR regexp_matches(t.caller_name, '^(匿名|市民|不详|未知|无名|无)') THEN NULL
      ELSE coalesce(
        nullif(regexp_extract(t.caller_name, '^(欧阳|司马|诸葛|上官|东方|皇甫|令狐|慕容|司徒|尉迟|公孙|夏侯|轩辕|长孙|宇文|端木|西门|南宫|申屠|澹台|呼延|赫连|万俟|独孤)', 1), ''),
        nullif(regexp_extract(t.caller_name, '^\p{Han}', 0), '')
      )
    END AS surname,
    CASE
      WHEN regexp_matches(t.caller_name, '(女士|小姐|阿姨|奶奶|大妈|大姐|婆婆)') THEN '女士'
      WHEN regexp_matches(t.caller_name, '(先生|师傅|大爷|爷爷|大哥|老伯)') THEN '先生'
      ELSE '先生/女士'
    END AS honorific
  FROM stg_tickets AS t
),
masked AS (
  SELECT
    c.*,
    list_transform(
      [c.title, c.content, c.address],
      -- The caller's own full name (张三丰) becomes 张先生/女士 wherever the text repeats it.
      text -> regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
        CASE WHEN c.surname IS NULL OR length(c.caller_name) < 2 THEN text ELSE replace(text, c.caller_name, c.surname || c.honorific) END,
        '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', '***@***', 'g'),
        '\b(\d{4})\d{8,11}(\d{3}[\dXx])\b', '\1********\2', 'g'),
        '(?:\+86[- ]?|\b(?:86[- ]?)?)(1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})\b', '\1****\2', 'g'),
        '\b(0\d{2,3})[- ]?\d{7,8}\b', '\1-********', 'g'),
        '[（(](0\d{2,3})[)）]\s*\d{7,8}\b', '(\1)********', 'g'),
        '(电话|座机|固话)([:：\s]*)\d{7,8}\b', '\1\2********', 'g')
    ) AS texts
  FROM callers AS c
)
SELECT
  m.ticket_id,
  m.month,
  m.received_at,
  m.channel,
  f.is_mailbox,
  m.appeal_type,
  f.category,
  f.subcategory,
  m.texts[1] AS title,
  m.texts[2] AS content,
  m.township,
  m.texts[3] AS address,
  u.unit,
  m.disposition,
  m.status,
  f.completed_at,
  m.surname || m.honorific AS caller
FROM masked AS m
JOIN ticket_facts AS f USING (ticket_id)
LEFT JOIN first_unit AS u USING (ticket_id)
