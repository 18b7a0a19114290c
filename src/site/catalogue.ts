import type {ViewInfo} from "../views.ts";
import type {PieceCache} from "./pieces.ts";

/**
 * The views' catalogue (listViews: every view file read and its SQL parsed, about 0.3 s) as a
 * piece of `pieces` computed from the code alone, which is in every piece's key: parsed again,
 * and the views module loaded, only when the code changed.
 */
export async function siteViews(pieces: PieceCache): Promise<ViewInfo[]> {
  const bytes = await pieces.get("views", {}, async () => JSON.stringify(await (await import("../views.ts")).listViews()));
  return JSON.parse(bytes.toString("utf8")) as ViewInfo[];
}
