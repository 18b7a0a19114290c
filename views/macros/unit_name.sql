-- A unit's name as shown: as written, its ends trimmed and runs of white space made one space
-- ("Solid  Waste " is shown "Solid Waste", never "SolidWaste").
CREATE OR REPLACE MACRO unit_name(name) AS
  regexp_replace(trim(name), '[\s\x{3000}\x{A0}]+', ' ', 'g')
