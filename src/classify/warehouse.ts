import type {Warehouse} from "../db.ts";
import {DEFAULT_SETTINGS, predictor, train, type ClassifierSettings, type Model, type TrainingTicket} from "./model.ts";
import type {Tokenize} from "./tokens.ts";
import type {TicketText} from "./features.ts";

/**
 * Every ticket with its text, labels and first handling unit, the unit resolved through the
 * directory to its canonical name (exports write short names and aliases).
 */
const TICKETS_SQL = `
WITH spelling AS (
  SELECT DISTINCT name, unit FROM (
    SELECT unit AS name, unit FROM units
    UNION ALL SELECT short_name, unit FROM units WHERE short_name IS NOT NULL
    UNION ALL SELECT unnest(aliases), unit FROM units)
),
first_unit AS (
  SELECT a.ticket_id, coalesce(any_value(s.unit), any_value(a.unit)) AS unit
  FROM assignments a LEFT JOIN spelling s ON s.name = a.unit
  WHERE a.seq = 1
  GROUP BY a.ticket_id
)
SELECT t.ticket_id, t.title, t.content, t.township, t.category, t.subcategory, f.unit,
       strftime(t.received_at, '%Y-%m-%d %H:%M:%S') AS received_at
FROM tickets t LEFT JOIN first_unit f USING (ticket_id)
ORDER BY t.received_at, t.ticket_id`;

export type WarehouseTicket = TrainingTicket & {received_at: string};

export async function readTickets(db: Warehouse): Promise<WarehouseTicket[]> {
  return (await db.all(TICKETS_SQL)) as unknown as WarehouseTicket[];
}

/** The labelled tickets: those with a category, a subcategory or a unit. */
export function labelled<T extends TrainingTicket>(tickets: T[]): T[] {
  return tickets.filter((t) => t.category || t.subcategory || t.unit);
}

export async function trainFromWarehouse(db: Warehouse, tokenize: Tokenize, settings: ClassifierSettings = DEFAULT_SETTINGS): Promise<Model> {
  return train(labelled(await readTickets(db)), tokenize, settings);
}

/** One row of `ticket_predictions`, columns in table order. */
export interface PredictionRow {
  ticket_id: string;
  category: string | null;
  category_confidence: number | null;
  subcategory: string | null;
  subcategory_confidence: number | null;
  unit_1: string | null;
  unit_1_confidence: number | null;
  unit_2: string | null;
  unit_2_confidence: number | null;
  unit_3: string | null;
  unit_3_confidence: number | null;
  model_id: string;
}

export function predictRows(model: Model, tokenize: Tokenize, tickets: (TicketText & {ticket_id: string})[]): PredictionRow[] {
  const {predict} = predictor(model, tokenize);
  return tickets.map((t) => {
    const p = predict(t);
    const unit = (k: number) => p.units[k] ?? null;
    return {
      ticket_id: t.ticket_id,
      category: p.category?.label ?? null,
      category_confidence: p.category?.confidence ?? null,
      subcategory: p.subcategory?.label ?? null,
      subcategory_confidence: p.subcategory?.confidence ?? null,
      unit_1: unit(0)?.label ?? null,
      unit_1_confidence: unit(0)?.confidence ?? null,
      unit_2: unit(1)?.label ?? null,
      unit_2_confidence: unit(1)?.confidence ?? null,
      unit_3: unit(2)?.label ?? null,
      unit_3_confidence: unit(2)?.confidence ?? null,
      model_id: model.model_id
    };
  });
}
