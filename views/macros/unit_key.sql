-- A unit's spelling as the key that matches it to the directory: white space removed and
-- full-width letters and digits made half-width, so "县 市场局", "县市场局" and "Ｓｏｌｉｄ Waste"
-- match their plain forms. Only a key: names are shown as written (see unit_name).
CREATE OR REPLACE MACRO unit_key(name) AS
  translate(regexp_replace(name, '[\s\x{3000}\x{A0}]+', '', 'g'), '０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ', '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')
