import {z} from "zod";
import {addExclusion, revokeExclusions} from "../exclusions.ts";
import {IsoDate} from "../month.ts";
import {readProfile} from "../profile.ts";
import {refreshViews} from "../views.ts";
import type {Output} from "./output.ts";
import {openWithViews} from "./views.ts";

const text = z.string().trim().min(1);

export const ExcludeOptions = z
  .object({
    db: text,
    unit: text.optional(),
    reason: text.optional(),
    approvedBy: text.optional(),
    date: IsoDate.optional(),
    note: text.optional(),
    revoke: z.boolean().default(false)
  })
  .refine((o) => o.revoke || (o.reason && o.approvedBy && o.date), {
    path: ["reason"],
    message: "an exclusion needs --reason, --approved-by and --date (the day it was approved); or --revoke to lift one"
  });

/**
 * `hotline exclude TICKET`: records a 核减 (or, with --revoke, lifts the ticket's) and refreshes
 * the views, so the scorecard shows it at once.
 */
export async function exclude(ticketId: string, options: z.infer<typeof ExcludeOptions>, io: Output): Promise<void> {
  const {db} = await openWithViews(options.db);
  try {
    if (options.revoke) {
      const n = await revokeExclusions(db, ticketId.trim(), options.unit);
      await refreshViews(db);
      io.out(`revoked ${n} exclusion(s) of ticket ${ticketId}: it counts in the score again (the ledger keeps the entry)\n`);
      return;
    }
    const {profile} = await readProfile(db);
    await addExclusion(db, {ticket_id: ticketId.trim(), unit: options.unit, reason: options.reason!, note: options.note, approved_by: options.approvedBy!, approved_on: options.date!}, profile);
    await refreshViews(db);
    io.out(`excluded ticket ${ticketId}${options.unit ? ` from ${options.unit}` : ""} (${options.reason}, approved by ${options.approvedBy} on ${options.date})\n`);
  } finally {
    db.close();
  }
}
