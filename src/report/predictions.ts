import type {Warehouse} from "../db.ts";

/**
 * The bulletin's 注 on predicted categories (view category_predictions): how many of the
 * month's (or period's, `current`: 本月, 本季度 …) hotline tickets had no category in the export and were categorised from their text,
 * at what confidence. Null for a month whose categories all came from the export.
 */
export async function predictionNote(db: Warehouse, month: string, current: string): Promise<string | null> {
  const r = await db.one<{count_predicted: number; count_below_threshold: number; min_confidence: number}>(
    "SELECT count_predicted, count_below_threshold, min_confidence FROM category_predictions WHERE month = $1",
    [month]
  );
  if (!r || !r.count_predicted) return null;
  const below = r.count_below_threshold ? `；另有 ${r.count_below_threshold} 件置信度不足，计为未分类` : "";
  return `注：${current} ${r.count_predicted} 件工单无分类，由模型按文本预测分类（置信度 ≥ ${r.min_confidence}）${below}。`;
}
