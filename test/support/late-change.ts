import {literal, type Warehouse} from "../../src/db.ts";
import {refreshViews} from "../../src/views.ts";
import {withWarehouse} from "../../src/warehouse.ts";

/**
 * A late correction in place: one ticket of `month` given another category (the warehouse's
 * smallest), and whatever else `also` changes, then the views rebuilt as `hotline views` does
 * (an UPDATE is no load).
 */
export async function recategoriseOne(db: string, month: string, also?: (w: Warehouse) => Promise<unknown>): Promise<void> {
  await withWarehouse(db, {}, async (w) => {
    await w.exec(
      `UPDATE tickets SET category = (SELECT min(category) FROM tickets WHERE category IS NOT NULL), subcategory = NULL
       WHERE ticket_id = (SELECT min(ticket_id) FROM stg_tickets WHERE month = ${literal(month)} AND category IS NOT NULL
         AND category <> (SELECT min(category) FROM tickets WHERE category IS NOT NULL))`
    );
    await also?.(w);
    await refreshViews(w, {force: true});
  });
}
