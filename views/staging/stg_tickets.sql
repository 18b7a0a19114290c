-- Tickets as loaded: trimmed text, empty strings as NULL, and the reporting month they were
-- received in (the office profile's; the calendar month unless it starts on another day).
SELECT
  trim(ticket_id) AS ticket_id,
  trim(channel) AS channel,
  received_at,
  reporting_month(received_at) AS month,
  nullif(trim(appeal_type), '') AS appeal_type,
  nullif(trim(category), '') AS category,
  nullif(trim(subcategory), '') AS subcategory,
  nullif(trim(title), '') AS title,
  nullif(trim(content), '') AS content,
  nullif(trim(township), '') AS township,
  nullif(trim(address), '') AS address,
  nullif(trim(caller_name), '') AS caller_name,
  nullif(trim(caller_phone), '') AS caller_phone,
  nullif(trim(disposition), '') AS disposition,
  nullif(trim(status), '') AS status,
  nullif(trim(reply), '') AS reply,
  batch_id
FROM tickets
