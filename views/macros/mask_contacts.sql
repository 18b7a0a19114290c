-- Masks contact details in published free text: e-mail addresses, 16-19 digit runs (bank
-- cards, ID numbers, X check digit included), mobile numbers (with an optional +86, spaces or
-- dashes) and landlines (with an area code, or after 电话/座机/固话). One definition, so every
-- published view masks alike. Every pattern needs an @ or four digits in a row (a mobile's
-- groups of four), so text with neither skips the six regexes: most ticket text, whose digits
-- are house numbers and dates (with only "any digit" as the test, the regexes were most of
-- published_tickets' cost at a million tickets).
CREATE OR REPLACE MACRO mask_contacts(text) AS
  CASE WHEN text IS NULL OR NOT regexp_matches(text, '@|[0-9]{4}') THEN text ELSE
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
      text,
      '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', '***@***', 'g'),
      '\b(\d{4})\d{8,11}(\d{3}[\dXx])\b', '\1********\2', 'g'),
      '(?:\+86[- ]?|\b(?:86[- ]?)?)(1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})\b', '\1****\2', 'g'),
      '\b(0\d{2,3})[- ]?\d{7,8}\b', '\1-********', 'g'),
      '[（(](0\d{2,3})[)）]\s*\d{7,8}\b', '(\1)********', 'g'),
      '(电话|座机|固话)([:：\s]*)\d{7,8}\b', '\1\2********', 'g')
  END
