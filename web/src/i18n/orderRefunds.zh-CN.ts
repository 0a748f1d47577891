/** Messages of an order's refunds: its refund state, refunded and locked keys, its refund records. */
export const orderRefundsZhCN = {
  orderRefund: {
    refunded: '已全额退款（交易关闭）',
    partly: '部分退款 {{amount}}',
    open: '售后中',
    feesKept: '已扣手续费',
    records: '退款记录',
    refundNo: '退款编号',
    type: '退款类型',
    amount: '金额',
    state: '状态',
    createdAt: '申请时间',
    viewCase: '查看退款单',
    openCase: '查看售后',
  },
  cardKeys: {
    revealTitle: '确认查看这张卡密？',
    copyTitle: '确认复制这张卡密？',
    revealWarning: '查看后视为已使用，将无法以「未使用」为由退款',
    revealOk: '确认查看',
    copyOk: '确认复制',
    cancel: '取消',
    locked: '退款处理中·已锁定',
    lockedNotice: '退款申请 {{refundNo}} 处理期间，未提取的卡密已锁定，不能查看或复制。撤销该申请即可解锁。',
    lockedLink: '查看退款单',
    refunded: '已退款作废',
    held: '买家持有',
  },
  caseAmount: {
    approved: '已批准 {{amount}}',
    asked: '申请 {{amount}}',
  },
};
