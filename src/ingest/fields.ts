/**
 * The canonical fields of a ticket export and the Chinese headers real 12345 systems use
 * for them. The first alias of each field is the header our demo exports write. Matching
 * ignores surrounding white space, full-width/half-width parentheses and a trailing colon.
 */
export type TicketField =
  | "ticket_id"
  | "channel"
  | "received_at"
  | "appeal_type"
  | "category"
  | "subcategory"
  | "title"
  | "content"
  | "township"
  | "address"
  | "caller_name"
  | "caller_phone"
  | "caller_id"
  | "likes"
  | "dislikes"
  | "disposition"
  | "status"
  | "reply"
  | "unit"
  | "dispatched_at"
  | "deadline"
  | "replied_at"
  | "completed_at"
  | "is_returned_by_city"
  | "rework_count"
  | "visit_result"
  | "visited_at"
  | "is_responded"
  | "is_resolved";

export const TICKET_FIELD_ALIASES: Record<TicketField, readonly string[]> = {
  ticket_id: ["工单编号", "工单号", "编号", "受理编号", "流水号", "留言编号"],
  channel: ["来源渠道", "来源", "渠道", "受理渠道", "诉求渠道"],
  received_at: ["受理时间", "来电时间", "登记时间", "留言时间", "创建时间", "来信时间"],
  appeal_type: ["诉求类型", "工单类型", "类型", "诉求性质"],
  category: ["事件分类", "一级分类", "问题分类", "业务分类", "诉求分类"],
  subcategory: ["二级分类", "事件子类", "子分类", "问题子类"],
  title: ["工单标题", "标题", "诉求标题", "留言主题", "主题", "来信标题"],
  content: ["诉求内容", "来电内容", "问题描述", "留言详情", "内容", "来信内容"],
  township: ["所属乡镇", "乡镇", "乡镇街道", "所属街道", "所属区域"],
  address: ["事发地址", "地址", "事发地点", "详细地址"],
  caller_name: ["来电人", "来电人姓名", "姓名", "联系人", "来信人"],
  caller_phone: ["联系电话", "来电号码", "电话", "手机号码", "联系方式"],
  // A message board's own user id: who wrote, where no phone number is given.
  caller_id: ["留言用户", "用户ID", "用户编号"],
  likes: ["点赞数", "支持数"],
  dislikes: ["反对数"],
  disposition: ["处理方式", "办理方式", "处置方式"],
  status: ["工单状态", "状态", "办理状态"],
  reply: ["办理结果", "处理结果", "答复内容", "回复内容", "答复意见"],
  unit: ["承办单位", "办理单位", "处理单位", "责任单位", "主办单位"],
  dispatched_at: ["派单时间", "转办时间", "交办时间", "派发时间"],
  deadline: ["办理时限", "办结时限", "截止时间", "办理期限"],
  replied_at: ["回复时间", "答复时间", "反馈时间"],
  completed_at: ["办结时间", "完成时间", "结案时间"],
  // Offices word returns from the level above their own way: the profile's header_aliases add theirs.
  is_returned_by_city: ["是否退回", "退回重办", "上级退回", "是否上级退回"],
  rework_count: ["返工次数", "重办次数", "退回次数"],
  visit_result: ["回访结果", "满意度", "回访满意度", "评价结果"],
  visited_at: ["回访时间", "评价时间"],
  // The return visit's other answers, which 接诉即办 schemes weigh (响应率, 解决率).
  is_responded: ["是否响应", "响应情况"],
  is_resolved: ["是否解决", "解决情况"]
};

/** A ticket export must name these; everything else may be absent. */
export const REQUIRED_TICKET_FIELDS: readonly TicketField[] = ["ticket_id", "received_at"];

/** Unit directory headers (单位名录). */
export const UNIT_FIELD_ALIASES = {
  unit: ["单位名称", "单位全称", "名称"],
  short_name: ["简称", "单位简称"],
  aliases: ["别名", "其他名称"],
  kind: ["单位类型", "类型", "单位类别"],
  eval_group: ["考核分组", "评价分组", "分组"]
} as const;

/** Normalises a raw header for matching against the alias tables. */
export function normalizeHeader(header: string): string {
  return header
    .normalize("NFKC")
    .replace(/[\s\u3000]+/g, "")
    .replace(/[:：*＊]+$/, "")
    .trim();
}
