-- Free text as published: the caller's own full name (`name`) becomes their alias
-- (caller_alias, passed in so a row computes it once) wherever the text repeats it, then
-- contact details are masked (mask_contacts).
CREATE OR REPLACE MACRO mask_text(text, name, alias) AS
  mask_contacts(CASE WHEN alias IS NULL OR length(name) < 2 THEN text ELSE replace(text, name, alias) END)
