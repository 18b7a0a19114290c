-- How published text names a caller: surname + 先生 / 女士 (or 先生/女士 when the name does not
-- say), e.g. 张三丰 → 张先生/女士, 欧阳娜女士 → 欧阳女士; NULL for no name or an anonymous one
-- (匿名, 市民 …). One definition for every published view (published_tickets, typical_cases).
CREATE OR REPLACE MACRO caller_alias(name) AS
  CASE
    WHEN name IS NULL OR regexp_matches(name, '^(匿名|市民|不详|未知|无名|无)') THEN NULL
    ELSE coalesce(
      nullif(regexp_extract(name, '^(欧阳|司马|诸葛|上官|东方|皇甫|令狐|慕容|司徒|尉迟|公孙|夏侯|轩辕|长孙|宇文|端木|西门|南宫|申屠|澹台|呼延|赫连|万俟|独孤)', 1), ''),
      nullif(regexp_extract(name, '^\p{Han}', 0), '')
    ) || CASE
      WHEN regexp_matches(name, '(女士|小姐|阿姨|奶奶|大妈|大姐|婆婆)') THEN '女士'
      WHEN regexp_matches(name, '(先生|师傅|大爷|爷爷|大哥|老伯)') THEN '先生'
      ELSE '先生/女士'
    END
  END
