/** Issue 18 "words that fit the reader", the phone layout and the demo: strings of their own. */
export const wordingZhCN = {
  keyImport: {
    format: '卡密格式',
    formatHint:
      'A 表示字母，9 表示数字，X 表示字母或数字，- _ . : # / 原样匹配；如 XXXX-XXXX-XXXX。留空则不限格式。',
    formatNone: '未设置',
    formatSave: '保存格式',
    formatSaved: '卡密格式已保存',
    refusedTitle: '{{count}} 行未导入：',
    refusedLine: '第 {{line}} 行：{{reason}}',
    refusedMore: '另有 {{count}} 行未导入，原因同上类。',
  },
  decision: {
    claimFirst: '请先领取此案件，领取后才能作出处理决定。',
  },
  rejectBox: {
    note: '审核说明：{{note}}',
  },
  layout: {
    menu: '主菜单',
    openMenu: '打开菜单',
  },
  staleCase: {
    reloaded: '案件在您打开后已有变化，已重新载入，请看清最新情况再处理。',
    state: '状态已由「{{from}}」变为「{{to}}」',
    assignee: '案件已由 {{name}} 领取',
    released: '原领取人的领取已失效',
  },
};
