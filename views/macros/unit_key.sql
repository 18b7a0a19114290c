-- A unit's spelling as the key that matches it to the directory: white space removed, so
-- "县 市场局" and "县市场局" are one unit. Every lookup of a unit name goes through this key.
CREATE OR REPLACE MACRO unit_key(name) AS
  regexp_replace(name, '\s+', '', 'g')
