export const zhCN = {
  app: {
    name: '卡盟售后中心',
    title: '卡盟售后中心 · Kameng',
    loading: '加载中…',
    loadFailed: '无法连接服务器',
    retry: '重试',
    notFound: '页面不存在',
    backHome: '返回首页',
  },
  lang: {
    label: '语言',
  },
  roles: {
    buyer: '买家',
    merchant: '商家',
    agent: '客服专员',
    supervisor: '客服主管',
    admin: '管理员',
  },
  login: {
    title: '登录卡盟售后中心',
    subtitle: '退款与售后服务中心',
    username: '用户名',
    password: '密码',
    usernameRequired: '请输入用户名',
    passwordRequired: '请输入密码',
    submit: '登录',
    demoTitle: '演示账号',
    demoHint: '以下演示账号的密码均为 {{password}}，点击可自动填写：',
    helpLink: '查看退款政策',
  },
  header: {
    logout: '退出登录',
  },
  menu: {
    home: '首页',
    buyerOrders: '我的订单',
    buyerRefunds: '我的退款',
    buyerMessages: '站内信',
    merchantOrders: '订单',
    merchantRefunds: '售后处理',
    merchantFunds: '资金',
    agentQueue: '审核队列',
    agentMine: '我的处理',
    agentEscalations: '升级与申诉',
    adminPolicy: '退款政策',
    adminLedger: '账本',
    adminReconciliation: '对账',
    adminAudit: '审计日志',
  },
  home: {
    welcome: '欢迎，{{name}}',
    buyer:
      '在这里查看你购买的卡密订单，对有问题的订单发起退款申请，跟踪处理进度，并通过站内信与商家和客服沟通。',
    merchant: '在这里查看店铺订单，处理买家提交的售后与退款申请，上传举证材料，并查看资金冻结与结算情况。',
    agent: '在这里领取审核队列中的退款工单，核实双方证据并作出裁决，跟进你正在处理的工单。',
    supervisor: '在这里领取和分配审核工单，处理客服升级的疑难工单与买卖双方的申诉，把控裁决质量。',
    admin: '在这里配置退款政策，查看资金账本与对账结果，并通过审计日志追溯每一项关键操作。',
  },
  comingSoon: {
    title: '此功能即将上线',
    description: '「{{page}}」正在开发中，敬请期待。',
  },
  help: {
    policyTitle: '退款政策 · 帮助中心',
    policyText:
      '本页面将根据退款规则引擎的当前配置自动生成，向买家和商家说明各类商品的退款条件、时限与处理流程。',
  },
  errors: {
    network: '网络错误，请检查连接后重试',
    unexpected: '服务器返回了意外的响应（HTTP {{status}}）',
  },
};

export type Messages = typeof zhCN;
