-- Ticket rows safe to publish. Personal data is masked HERE and only here: other people's full
-- names in the title and content as the topics stage masked them (ticket_masked_text: SQL
-- cannot segment), contact details in the free text by mask_contacts (views/macros); the
-- caller becomes surname + 先生/女士, also where the text repeats the caller's full name;
-- caller_phone is never selected. The raw values stay in the tickets table.
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
      [coalesce(n.title, c.title), coalesce(n.content, c.content), c.address],
      -- The caller's own full name (张三丰) becomes 张先生/女士 wherever the text repeats it.
      text -> mask_contacts(
        CASE WHEN c.surname IS NULL OR length(c.caller_name) < 2 THEN text ELSE replace(text, c.caller_name, c.surname || c.honorific) END
      )
    ) AS texts
  FROM callers AS c
  LEFT JOIN ticket_masked_text AS n USING (ticket_id)
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
  f.is_predicted,
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
