/**
 * The one error type for expected failures. A code is namespaced (`AUTH.LOCKED`) and maps, in one
 * place (ERROR_CATALOGUE), to an HTTP status and a zh-CN/en message. Anything else thrown is a bug
 * and becomes a 500 with a generic message.
 */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

type Entry = { status: number; zh: string; en: string };

export const ERROR_CATALOGUE = {
  /** The body, query or params failed schema validation; details names the fields. */
  'REQUEST.VALIDATION': { status: 400, zh: '请求参数有误', en: 'The request has invalid fields' },
  /** The body is not parseable JSON. */
  'REQUEST.MALFORMED_JSON': {
    status: 400,
    zh: '请求体不是有效的 JSON',
    en: 'The request body is not valid JSON',
  },
  /** The body exceeds the size limit. */
  'REQUEST.TOO_LARGE': { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  /**
   * A JSON body nested deeper than 32 levels or holding more than 20,000 values (arrays' elements and
   * objects' fields); details give the limits.
   */
  'REQUEST.TOO_COMPLEX': {
    status: 400,
    zh: '请求体嵌套过深或包含的值过多',
    en: 'The request body is nested too deeply or holds too many values',
  },
  /** A multipart body that cannot be parsed (no boundary, a broken part header, cut off mid-part). */
  'REQUEST.MALFORMED_MULTIPART': {
    status: 400,
    zh: '上传的表单数据格式有误，请重新选择文件上传',
    en: 'The multipart form data is malformed; choose the file and upload it again',
  },
  /** Content-Type not accepted by the route. */
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': {
    status: 415,
    zh: '不支持的内容类型',
    en: 'Unsupported content type',
  },
  /** Any other malformed request caught by the HTTP layer. */
  'REQUEST.BAD': { status: 400, zh: '请求无效', en: 'Bad request' },
  /** The request's headers (the URL with its query included) are larger than the server reads. */
  'REQUEST.HEADERS_TOO_LARGE': {
    status: 431,
    zh: '请求头或网址过长',
    en: 'The request headers or URL are too large',
  },
  /** The request did not arrive whole in time. */
  'REQUEST.TIMEOUT': { status: 408, zh: '请求超时', en: 'The request timed out' },
  /** No route at that path and method. */
  'ROUTE.NOT_FOUND': { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  /** A resource does not exist — or exists but belongs to someone else (never reveal which). */
  'RESOURCE.NOT_FOUND': { status: 404, zh: '找不到该记录', en: 'Not found' },
  /** No valid session or API key. */
  'AUTH.UNAUTHENTICATED': { status: 401, zh: '请先登录', en: 'Please sign in' },
  /** Signed in, but the role may not do this. */
  'AUTH.FORBIDDEN': { status: 403, zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  /** Wrong username or password (we never say which). */
  'AUTH.INVALID_CREDENTIALS': { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  /** Too many failed logins; the account is locked for a while. */
  'AUTH.LOCKED': {
    status: 423,
    zh: '登录失败次数过多，账号已临时锁定，请稍后再试',
    en: 'Too many failed sign-ins; the account is locked for a while',
  },
  /** A cookie-authenticated write without a matching x-csrf-token header. */
  'AUTH.CSRF': {
    status: 403,
    zh: '安全校验失败，请刷新页面后重试',
    en: 'Security check failed; reload the page and try again',
  },
  /** 实名认证: the real name is not 2–30 characters of Chinese or Latin letters (and ·). */
  'IDENTITY.NAME_INVALID': {
    status: 400,
    zh: '姓名格式有误：请填写身份证上的姓名（2–30 个汉字或字母，可含“·”）',
    en: 'Invalid name: enter the name on the ID card (2–30 Chinese characters or letters, “·” allowed)',
  },
  /** The ID number is not 17 digits followed by a digit or X. */
  'IDENTITY.ID_FORMAT': {
    status: 400,
    zh: '身份证号码格式有误：应为 18 位，最后一位可以是数字或 X',
    en: 'Invalid ID number: it has 18 characters, the last a digit or X',
  },
  /** A 15-digit first-generation ID number (no longer valid since 2013). */
  'IDENTITY.ID_OLD_FORMAT': {
    status: 400,
    zh: '不支持 15 位旧版身份证号码，请填写 18 位身份证号码',
    en: 'Old 15-digit ID numbers are not accepted; enter the 18-digit number',
  },
  /** The first digits of the ID number are no province code (GB/T 2260). */
  'IDENTITY.ID_REGION': {
    status: 400,
    zh: '身份证号码的地区码无效，请核对前 6 位',
    en: 'The region code of the ID number is invalid; check the first 6 digits',
  },
  /** Positions 7–14 of the ID number are no real date, or one before 1900 or in the future. */
  'IDENTITY.ID_BIRTH_DATE': {
    status: 400,
    zh: '身份证号码中的出生日期无效，请核对第 7–14 位',
    en: 'The birth date in the ID number is invalid; check digits 7–14',
  },
  /** The check character (last) does not match the first 17 digits (GB 11643-1999). */
  'IDENTITY.ID_CHECKSUM': {
    status: 400,
    zh: '身份证号码校验位不正确，请检查是否输错',
    en: 'The ID number’s check character is wrong; check it for a typo',
  },
  /** The phone is no mainland mobile number (1[3-9] and nine digits). */
  'IDENTITY.PHONE_INVALID': {
    status: 400,
    zh: '手机号格式有误，请填写 11 位中国大陆手机号',
    en: 'Invalid phone: enter an 11-digit mainland China mobile number',
  },
  /** The verification provider says the name and the ID number do not belong together. */
  'IDENTITY.MISMATCH': {
    status: 422,
    zh: '姓名与身份证号码不一致，请核对后重试',
    en: 'The name and the ID number do not match; check them and try again',
  },
  /** The verification provider could not be reached or gave no answer; nothing was stored. */
  'IDENTITY.PROVIDER_UNAVAILABLE': {
    status: 503,
    zh: '实名认证服务暂不可用，请稍后再试',
    en: 'The identity verification service is unavailable; try again later',
  },
  /** The account is verified already; a change of identity goes through customer service. */
  'IDENTITY.ALREADY_VERIFIED': {
    status: 409,
    zh: '您已完成实名认证；如需变更，请联系客服',
    en: 'Your identity is verified already; contact customer service to change it',
  },
  /** More than 10 verification attempts in 24 hours; details.retryAt says when the next is allowed. */
  'IDENTITY.TOO_MANY_ATTEMPTS': {
    status: 429,
    zh: '今日实名认证尝试次数已达上限，请明天再试',
    en: 'Too many verification attempts today; try again tomorrow',
  },
  /** A code was sent less than 60 seconds ago; details.retryAt says when the next may be. */
  'IDENTITY.CODE_TOO_SOON': {
    status: 429,
    zh: '验证码发送过于频繁，请 60 秒后再试',
    en: 'A code was sent less than a minute ago; wait 60 seconds',
  },
  /** Five codes were sent in the last hour; details.retryAt says when the next may be. */
  'IDENTITY.CODE_LIMIT': {
    status: 429,
    zh: '一小时内验证码发送次数已达上限，请稍后再试',
    en: 'Too many codes in the last hour; try again later',
  },
  /** Confirming without a code having been sent (or after verification restarted). */
  'IDENTITY.NO_CODE': {
    status: 409,
    zh: '请先提交实名信息并获取验证码',
    en: 'Submit your details and request a code first',
  },
  /** The code does not match; details.triesLeft says how many tries this code has left. */
  'IDENTITY.CODE_WRONG': {
    status: 400,
    zh: '验证码不正确',
    en: 'The code is wrong',
  },
  /** The code is more than 5 minutes old. */
  'IDENTITY.CODE_EXPIRED': {
    status: 410,
    zh: '验证码已过期，请重新获取',
    en: 'The code has expired; request a new one',
  },
  /** The code was used already (a replay). */
  'IDENTITY.CODE_USED': {
    status: 409,
    zh: '该验证码已使用',
    en: 'This code has been used already',
  },
  /** Five wrong tries: this code is void; request a new one. */
  'IDENTITY.CODE_LOCKED': {
    status: 429,
    zh: '验证码错误次数过多，已失效，请重新获取',
    en: 'Too many wrong tries; this code is void, request a new one',
  },
  /** Account records (账户记录) can be attached to a case under review or rejected (for an appeal) only. */
  'ACCOUNT_RECORD.CASE_CLOSED': {
    status: 409,
    zh: '该退款单当前状态不能附加账户记录',
    en: 'Account records cannot be attached to this case in its current state',
  },
  /** A case holds at most 5 compiled account records. */
  'ACCOUNT_RECORD.LIMIT': {
    status: 409,
    zh: '该退款单已附加的账户记录数量已达上限',
    en: 'This case already holds the most account records allowed',
  },
  /** Rate limit hit. */
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  /** Same Idempotency-Key reused with a different body. */
  'IDEMPOTENCY.KEY_REUSED': {
    status: 409,
    zh: '该幂等键已用于另一个请求',
    en: 'This Idempotency-Key was used for a different request',
  },
  /** The first request with this key is still running and did not finish in time. */
  'IDEMPOTENCY.IN_PROGRESS': {
    status: 409,
    zh: '相同的请求正在处理中，请稍后重试',
    en: 'The same request is still being processed; retry shortly',
  },
  /**
   * A replay (same Idempotency-Key) of a request whose answer held a secret that is shown once, such as
   * a new API key: only its hash was kept. details.response is the first answer without the secret (the
   * key's id and prefix, to find or revoke it); create another key if this one was lost.
   */
  'IDEMPOTENCY.SECRET_SHOWN_ONCE': {
    status: 410,
    zh: '该密钥只在首次创建时显示一次，无法重放；如已丢失，请吊销后重新创建',
    en: 'The secret was shown once, when it was created, and cannot be replayed; if it was lost, revoke it and create another',
  },
  /** An Idempotency-Key header that is empty or too long. */
  'IDEMPOTENCY.BAD_KEY': {
    status: 400,
    zh: '幂等键格式无效（1–200 个字符）',
    en: 'Invalid Idempotency-Key (1–200 characters)',
  },
  /** A product that does not exist, is inactive, or belongs to another shop. */
  'PRODUCT.NOT_FOUND': {
    status: 404,
    zh: '商品不存在或已下架',
    en: 'No such product, or it is no longer on sale',
  },
  /** The shop is suspended or closed: it cannot take orders. */
  'MERCHANT.NOT_TRADING': {
    status: 409,
    zh: '该商家已暂停营业，暂不能下单',
    en: 'This shop is not trading at the moment',
  },
  /** Not enough card keys in stock to place this order. */
  'ORDER.OUT_OF_STOCK': {
    status: 409,
    zh: '库存不足，请减少数量或稍后再试',
    en: 'Not enough stock for this quantity',
  },
  /** A direct top-up needs the account or phone number to recharge. */
  'ORDER.TOPUP_ACCOUNT_REQUIRED': {
    status: 400,
    zh: '直充商品需要填写充值账号或手机号',
    en: 'A direct top-up needs the account or phone number to recharge',
  },
  /** A physical product needs a shipping address. */
  'ORDER.ADDRESS_REQUIRED': {
    status: 400,
    zh: '实物商品需要填写收货地址',
    en: 'A physical product needs a shipping address',
  },
  /** Paying an order that is not awaiting payment (already paid, cancelled or expired). */
  'ORDER.NOT_PAYABLE': {
    status: 409,
    zh: '该订单当前不能支付（可能已支付、已取消或已超时）',
    en: 'This order cannot be paid now (already paid, cancelled or expired)',
  },
  /** The balance does not cover the order. */
  'ORDER.INSUFFICIENT_BALANCE': { status: 409, zh: '余额不足', en: 'Insufficient balance' },
  /** The order is not in a state that allows this action. */
  'ORDER.INVALID_STATE': {
    status: 409,
    zh: '订单当前状态不允许此操作',
    en: 'The order is not in a state that allows this',
  },
  /** Revealing keys of an order that has not been paid. */
  'ORDER.NOT_PAID': {
    status: 409,
    zh: '订单未支付，不能提取卡密',
    en: 'The order is not paid; its keys cannot be revealed',
  },
  /** A key covered by an open refund case, never revealed: locked until the case ends (or is withdrawn). */
  'CARD_KEY.LOCKED': {
    status: 409,
    zh: '该卡密所在订单正在退款处理中，卡密暂时锁定；如需查看，请先撤销退款申请',
    en: 'This key is locked while its refund is being handled; withdraw the refund application to view it',
  },
  /** A key taken back by a refund: void for the buyer. */
  'CARD_KEY.REFUNDED': {
    status: 409,
    zh: '该卡密已随退款作废，不能再查看',
    en: 'This key was refunded and is void; it can no longer be viewed',
  },
  /** Confirming receipt of (or shipping) an order whose payment was refunded in full. */
  'ORDER.REFUNDED': {
    status: 409,
    zh: '该订单已全额退款，不能再进行此操作',
    en: 'This order was refunded in full; this action is no longer possible',
  },
  /** An integration pushed the same external order again with different content. */
  'ORDER.EXTERNAL_CONFLICT': {
    status: 409,
    zh: '该外部订单号已存在且内容不同',
    en: 'This external order number already exists with different content',
  },
  /** Card keys can only be imported into card-key and membership products. */
  'CARD_KEYS.WRONG_KIND': {
    status: 409,
    zh: '只有卡密和会员类商品可以导入卡密',
    en: 'Keys can only be imported into card-key and membership products',
  },
  /** The key file is not text (binary, NUL bytes, bad encoding) or has no usable line. */
  'CARD_KEYS.BAD_FILE': {
    status: 400,
    zh: '卡密文件格式无效：请上传每行一个卡密的文本或 CSV 文件',
    en: 'Invalid key file: upload text or CSV with one key per line',
  },
  /** A policy draft failed validation; details.issues lists each problem with its path. */
  'POLICY.INVALID': {
    status: 400,
    zh: '退款政策草稿有误，请按提示修改',
    en: 'The policy draft has problems; see the issues',
  },
  /** Publishing when there is no saved draft. */
  'POLICY.NO_DRAFT': { status: 409, zh: '没有可发布的草稿', en: 'There is no draft to publish' },
  'POLICY.STALE': {
    status: 409,
    zh: '生效版本已被他人更新，请刷新后再操作',
    en: 'Someone else published a newer version meanwhile; reload and try again',
  },
  /** A risk rule document that does not validate; details carry the issues with their paths. */
  'RISK.RULES_INVALID': {
    status: 400,
    zh: '风控规则有误，请按提示修改',
    en: 'The risk rules have problems; see the issues',
  },
  /** Someone published other risk rules since this edit began; details give both versions. */
  'RISK.RULES_STALE': {
    status: 409,
    zh: '风控规则已被他人更新，请在最新版本上修改后再发布',
    en: 'Someone published newer risk rules; edit the latest version and publish again',
  },
  /** An objection to an express refund: the case was not refunded at once (极速退款). */
  'EXPRESS.NOT_EXPRESS': {
    status: 409,
    zh: '该退款单不是极速退款',
    en: 'This case is not an express refund',
  },
  /** An objection after the merchant's window closed, or a second one. */
  'EXPRESS.OBJECTION_CLOSED': {
    status: 409,
    zh: '异议期已过或已提出过异议',
    en: 'The objection window is closed or an objection was already made',
  },
  /** A supervisor's decision on an express objection that is not open. */
  'EXPRESS.NO_OBJECTION': {
    status: 409,
    zh: '该极速退款没有待处理的异议',
    en: 'This express refund has no open objection',
  },
  /** A post-audit finding on a case not in the audit queue (not sampled, or already audited). */
  'EXPRESS.NOT_IN_AUDIT': {
    status: 409,
    zh: '该极速退款不在抽检队列中',
    en: 'This express refund is not waiting for an audit',
  },
  /** An answer about recovering an express loss on a case with none to recover (no upheld objection). */
  'EXPRESS.NO_RECOVERY': {
    status: 409,
    zh: '该退款单没有需要您确认退还的款项',
    en: 'There is nothing to return on this case',
  },
  /** A second, different answer about a recovery already agreed or refused (the first answer stands). */
  'EXPRESS.RECOVERY_DECIDED': {
    status: 409,
    zh: '您已对此款项作出答复，无法更改',
    en: 'You have already answered about this amount; the answer stands',
  },
  /** Consent before the express refund reached the buyer (still paying out): nothing to return yet. */
  'EXPRESS.RECOVERY_NOT_REFUNDED': {
    status: 409,
    zh: '退款尚未到账，暂时无需退还',
    en: 'The refund has not reached you yet; there is nothing to return',
  },
  /** Consent when the balance does not cover the amount and no payment method was chosen for the rest. */
  'EXPRESS.RECOVERY_CHANNEL_REQUIRED': {
    status: 422,
    zh: '余额不足以退还全部金额，请选择支付宝或微信支付补足差额',
    en: 'Your balance does not cover the amount: choose Alipay or WeChat Pay for the rest',
  },
  /** Rejecting for risk is only for a case under risk review. */
  'RISK.NOT_HELD': {
    status: 409,
    zh: '该退款单不在风控审核中',
    en: 'This case is not under risk review',
  },
  /** The policy does not allow this refund; details carry the rule, the reasons and any hint. */
  'REFUND.NOT_ELIGIBLE': {
    status: 409,
    zh: '根据退款政策，该订单暂不符合此类退款条件',
    en: 'The refund policy does not allow this refund',
  },
  /** The order already has an open refund case; details.refundNo names it. */
  'REFUND.CASE_OPEN': {
    status: 409,
    zh: '该订单已有处理中的退款单',
    en: 'This order already has an open refund case',
  },
  /** The description does not say what happened (e.g. "商品不行"). */
  'REFUND.DESCRIPTION_VAGUE': {
    status: 400,
    zh: '请具体描述问题：订单号、发生时间和异常现象（例如“未收到卡密”“只到账 30 元”）',
    en: 'Please describe what happened: the order number, when, and the symptom',
  },
  /** The case is not in a state that allows this action (e.g. withdrawing an approved case). */
  'REFUND.ILLEGAL_TRANSITION': {
    status: 409,
    zh: '退款单当前状态不允许此操作',
    en: 'The case is not in a state that allows this',
  },
  /** The case changed since the caller loaded it; reload and decide again. */
  'REFUND.STALE': {
    status: 409,
    zh: '退款单已被他人更新，请刷新后重试',
    en: 'The case changed meanwhile; reload and try again',
  },
  /** Another agent holds an unexpired claim on this case. */
  'REFUND.CLAIMED_BY_OTHER': {
    status: 409,
    zh: '该退款单正由其他客服处理',
    en: 'Another agent is working on this case',
  },
  /** An agent decided without holding a current claim on the case (claims expire). */
  'REFUND.CLAIM_REQUIRED': {
    status: 409,
    zh: '请先领取该退款单（领取已过期或不属于你）',
    en: 'Claim the case first (your claim expired or is not yours)',
  },
  /**
   * The quote re-run on today's facts (a key revealed, a delivery, a policy change) differs from the
   * one the decision was taken on; details carry both. Decide again on the new one.
   */
  'REFUND.QUOTE_CHANGED': {
    status: 409,
    zh: '订单情况或政策已变化，可退金额已重新计算，请按新的报价重新审批',
    en: 'The order or the policy changed and the refund was re-quoted; decide on the new quote',
  },
  /** Approving a case the policy no longer allows on today's facts: only a rejection is possible. */
  'REFUND.NO_LONGER_ELIGIBLE': {
    status: 409,
    zh: '按当前订单情况，该退款已不符合政策，只能驳回',
    en: 'On today’s facts the policy no longer allows this refund; it can only be rejected',
  },
  /** Approving more than the policy and the order allow. */
  'REFUND.AMOUNT_EXCEEDS_ALLOWED': {
    status: 409,
    zh: '审批金额超过政策和订单允许的上限',
    en: 'The amount exceeds what the policy and the order allow',
  },
  'REFUND.URGE_TOO_EARLY': {
    status: 409,
    zh: '审核时限未到，暂不能催办',
    en: 'You can urge once the review deadline has passed',
  },
  'REFUND.URGE_LIMIT': {
    status: 429,
    zh: '每个工作日只能催办一次',
    en: 'You can urge once per business day',
  },
  'REFUND.APPEAL_LIMIT': { status: 409, zh: '该退款单已申诉过', en: 'This case was already appealed' },
  /** A rejected case may be appealed until its appeal deadline (the policy's appealWithinDays). */
  'REFUND.APPEAL_TOO_LATE': {
    status: 409,
    zh: '已超过申诉期限，不能再申诉',
    en: 'The time to appeal this case has passed',
  },
  'REFUND.REOPEN_LIMIT': {
    status: 409,
    zh: '该退款单只能重新打开一次',
    en: 'A closed case can be reopened once',
  },
  'REFUND.RESUBMIT_LIMIT': {
    status: 409,
    zh: '重新提交次数已用完或已重新提交过',
    en: 'This case was already resubmitted or the resubmissions are used up',
  },
  /** An appeal goes to someone other than the reviewer who rejected. */
  'REFUND.APPEAL_SAME_REVIEWER': {
    status: 403,
    zh: '申诉须由驳回人以外的主管处理',
    en: 'An appeal must be decided by someone other than the reviewer who rejected',
  },
  'REFUND.SUPERVISOR_ONLY': {
    status: 403,
    zh: '已升级的退款单由主管处理',
    en: 'An escalated case is decided by a supervisor',
  },
  'REFUND.ALREADY_ESCALATED': { status: 409, zh: '该退款单已升级', en: 'The case is already escalated' },
  /** 要求升级 before the buyer urged (催办) the case: urging comes first. */
  'REFUND.ESCALATION_NEEDS_URGE': {
    status: 409,
    zh: '请先催办，催办后仍未处理可要求升级',
    en: 'Urge the case first; if it is still not handled you can ask for escalation',
  },
  /** The buyer already asked for escalation on this case (once per case). */
  'REFUND.ESCALATION_REQUESTED': {
    status: 409,
    zh: '您已要求过升级处理，主管会尽快跟进',
    en: 'You have already asked for escalation; a supervisor will follow up',
  },
  /** A buyer's name and phone revealed too often by one staff member (see docs/operations.md). */
  'REFUND.CONTACT_REVEAL_LIMIT': {
    status: 429,
    zh: '查看买家联系方式过于频繁，请稍后再试',
    en: 'Too many buyer contacts revealed; try again later',
  },
  /** The buyer has no verified identity (实名认证), so there is no name or phone to show. */
  'REFUND.NO_CONTACT': {
    status: 404,
    zh: '买家未完成实名认证，没有联系电话',
    en: 'The buyer has no verified identity, so no phone number',
  },
  /** The buyer or the shop writes on a case finished more than the allowed days ago. */
  'CONVERSATION.CLOSED': {
    status: 409,
    zh: '该退款单已结束较久，留言已关闭',
    en: 'This case ended a while ago; the conversation is closed',
  },
  'REFUND.NO_FEE': {
    status: 409,
    zh: '该退款没有手续费，或手续费争议已提交',
    en: 'There is no fee on this refund, or it is already disputed',
  },
  'REFUND.MERCHANT_WINDOW_CLOSED': {
    status: 409,
    zh: '商家答复期限已过',
    en: 'The merchant response window is over',
  },
  'REFUND.MERCHANT_ALREADY_ANSWERED': {
    status: 409,
    zh: '商家已答复过此退款单（同意或异议），不能再次答复',
    en: 'The merchant has already answered this case (agreed or objected)',
  },
  /** An evidence upload without a file in the multipart field `file`. */
  'EVIDENCE.FILE_REQUIRED': {
    status: 400,
    zh: '请在 file 字段中上传一个文件',
    en: 'Upload one file in the form field `file`',
  },
  /** The file (or an archive member, or an image's pixel count) is over its limit; details say which. */
  'EVIDENCE.TOO_LARGE': {
    status: 413,
    zh: '文件过大：图片不超过 10 MB，视频不超过 50 MB，压缩包不超过 30 MB',
    en: 'The file is too large: images up to 10 MB, videos 50 MB, zip archives 30 MB',
  },
  /** The bytes are not an accepted type (png/jpeg/webp, mp4/webm, zip of images), whatever the name says. */
  'EVIDENCE.TYPE_NOT_ALLOWED': {
    status: 415,
    zh: '不支持的文件类型：仅支持 PNG/JPEG/WebP 图片、MP4/WebM 视频和图片压缩包（ZIP）',
    en: 'File type not accepted: PNG/JPEG/WebP images, MP4/WebM videos and ZIP archives of images only',
  },
  /** The type is right but the content cannot be decoded (a corrupt image or archive). */
  'EVIDENCE.UNREADABLE': {
    status: 422,
    zh: '文件已损坏或无法读取，请重新导出后上传',
    en: 'The file is damaged or cannot be read; export it again and retry',
  },
  /** A zip that expands far beyond its size (too many entries, too much in total, or a ratio over 100:1). */
  'EVIDENCE.ARCHIVE_BOMB': {
    status: 422,
    zh: '压缩包解压后过大或文件过多，已拒绝',
    en: 'The archive expands to too much data or too many files; refused',
  },
  /** A zip with path tricks (`..`, absolute, backslash), links, encryption or archives inside archives. */
  'EVIDENCE.ARCHIVE_UNSAFE': {
    status: 422,
    zh: '压缩包包含不安全的内容（路径穿越、链接、加密或嵌套压缩包），已拒绝',
    en: 'The archive holds unsafe entries (path tricks, links, encryption or nested archives); refused',
  },
  /** A zip with no image in it. */
  'EVIDENCE.ARCHIVE_EMPTY': {
    status: 422,
    zh: '压缩包中没有图片',
    en: 'The archive contains no images',
  },
  /** An evidence id that does not exist, is not the caller's own upload, or is an archive member. */
  'EVIDENCE.NOT_FOUND': {
    status: 404,
    zh: '找不到该凭证，或不是你上传的',
    en: 'No such evidence among your uploads',
  },
  /** The evidence is already attached to a case (each upload belongs to one case). */
  'EVIDENCE.ALREADY_ATTACHED': {
    status: 409,
    zh: '该凭证已关联到退款单',
    en: 'This evidence is already attached to a case',
  },
  /** The case would exceed its evidence limit (20 files, 100 MB); details say which. */
  'EVIDENCE.CASE_LIMIT': {
    status: 409,
    zh: '该退款单的凭证已达上限（最多 20 个文件、共 100 MB）',
    en: 'The case has reached its evidence limit (20 files, 100 MB in total)',
  },
  /** Adding evidence to a case that is no longer open (refunded, withdrawn, rejected, closed). */
  'EVIDENCE.CASE_NOT_OPEN': {
    status: 409,
    zh: '退款单已结束，不能再补充凭证',
    en: 'The case is no longer open for evidence',
  },
  /**
   * A payment notification (or gateway reply) whose signature does not verify, whose WeChat Pay resource
   * does not decrypt, or that names another merchant: rejected and logged, nothing changed.
   */
  'PAYMENT.BAD_SIGNATURE': {
    status: 401,
    zh: '支付通知验签失败，已拒绝',
    en: 'The payment notification signature does not verify; rejected',
  },
  /** A verified notification that is not about a refund (a payment, say): acknowledged and ignored. */
  'PAYMENT.UNSUPPORTED_NOTIFICATION': {
    status: 422,
    zh: '不是退款通知，已忽略',
    en: 'Not a refund notification; ignored',
  },
  /** The channel declined the payment or did not confirm it in time; nothing was charged here. */
  'PAYMENT.CHARGE_FAILED': {
    status: 502,
    zh: '支付未成功，请稍后重试或换一种支付方式',
    en: 'The payment did not go through; try again or use another method',
  },
  /** The storefront cannot take this channel here (a real gateway needs the buyer's own app). */
  'PAYMENT.CHANNEL_UNAVAILABLE': {
    status: 503,
    zh: '该支付方式暂不可用，请使用余额支付',
    en: 'This payment method is not available here; pay from your balance',
  },
  'LEDGER.UNBALANCED': {
    status: 422,
    zh: '账务分录借贷不平衡或金额无效，已拒绝',
    en: 'The ledger entry does not balance or has an invalid amount',
  },
  'LEDGER.NOT_A_REVERSAL': {
    status: 422,
    zh: '冲正分录必须与原分录金额完全相反',
    en: 'A reversal must undo its original entry exactly',
  },
  'LEDGER.ALREADY_REVERSED': {
    status: 409,
    zh: '该笔分录已冲正过',
    en: 'That entry has already been reversed',
  },
  'LEDGER.INSUFFICIENT_FUNDS': { status: 409, zh: '账户余额不足', en: 'The account has too little money' },
  /** Case files are exported by the buyer (their own case), the merchant (its shop's cases), supervisors and admins. */
  'CASEFILE.NOT_ALLOWED': {
    status: 403,
    zh: '您不能导出案件档案',
    en: 'You may not export case files',
  },
  /** No case file in the caller's scope is ready yet (details.state: queued, failed or null). */
  'CASEFILE.NOT_READY': {
    status: 409,
    zh: '案件档案尚未生成，请先生成或稍候',
    en: 'The case file is not ready yet: request it, or wait a moment',
  },
  /** More case-file builds of one case (10) or by one person (30) in an hour than a person needs. */
  'CASEFILE.TOO_MANY': {
    status: 429,
    zh: '案件档案生成过于频繁，请稍后再试',
    en: 'Too many case-file builds in the last hour; try again later',
  },
  /** A complaint about a case's handling names the refund case (refundNo), not a merchant. */
  'COMPLAINT.NEEDS_CASE': {
    status: 400,
    zh: '此类投诉需针对某个退款单，请填写退款编号',
    en: 'This kind of complaint is about a refund case: give its refund number',
  },
  /** A complaint about a merchant in general names the merchant (merchantId), not a case. */
  'COMPLAINT.NEEDS_MERCHANT': {
    status: 400,
    zh: '投诉商家时请选择商家，不填退款编号',
    en: 'A complaint about a merchant names the merchant, not a refund case',
  },
  /** The case already has a complaint that is not finished. */
  'COMPLAINT.ALREADY_OPEN': {
    status: 409,
    zh: '该退款单已有正在处理的投诉',
    en: 'This case already has a complaint in progress',
  },
  /** The complaint's state does not allow this step. */
  'COMPLAINT.ILLEGAL_TRANSITION': {
    status: 409,
    zh: '投诉当前状态不允许此操作',
    en: 'The complaint is not in a state that allows this',
  },
  /** The complaint changed since the caller's screen showed it (expectedVersion). */
  'COMPLAINT.STALE': {
    status: 409,
    zh: '投诉已被他人更新，请刷新后重试',
    en: 'The complaint changed meanwhile; reload and try again',
  },
  /** Complaints are handled by supervisors and admins only. */
  'COMPLAINT.NOT_STAFF': {
    status: 403,
    zh: '投诉由客服主管处理',
    en: 'Complaints are handled by supervisors',
  },
  /** The caller handled the case the complaint is about, so may not decide on it. */
  'COMPLAINT.CONCERNED': {
    status: 403,
    zh: '您处理过该退款单，不能处理针对它的投诉',
    en: 'You handled this case, so you may not decide on a complaint about it',
  },
  /** Another supervisor has accepted the complaint. */
  'COMPLAINT.NOT_HANDLER': {
    status: 403,
    zh: '该投诉已由其他主管受理',
    en: 'Another supervisor is handling this complaint',
  },
  /** Urging (催办) opens once the complaint's deadline has passed; details.canUrgeAt says when. */
  'COMPLAINT.URGE_TOO_EARLY': {
    status: 409,
    zh: '处理时限未到，暂不能催办',
    en: 'You can urge once the deadline has passed',
  },
  'COMPLAINT.URGE_LIMIT': {
    status: 429,
    zh: '每个工作日只能催办一次',
    en: 'You can urge once per business day',
  },
  'COMPLAINT.REOPEN_LIMIT': {
    status: 409,
    zh: '投诉只能重新打开一次',
    en: 'A complaint can be reopened once',
  },
  /** Past the policy's window after the decision. */
  'COMPLAINT.REOPEN_TOO_LATE': {
    status: 409,
    zh: '已超过可重新打开投诉的期限',
    en: 'It is too late to reopen this complaint',
  },
  /** Reopening a case or refunding its fee needs a complaint about a case. */
  'COMPLAINT.OUTCOME_NEEDS_CASE': {
    status: 400,
    zh: '该处理方式只适用于针对退款单的投诉',
    en: 'That outcome applies to complaints about a refund case only',
  },
  /** Only a rejected or closed case can go back to review. */
  'COMPLAINT.CASE_NOT_REOPENABLE': {
    status: 409,
    zh: '退款单当前状态不能重新审核（仅审核拒绝或已关闭的退款单可以）',
    en: 'Only a rejected or closed case can go back to review',
  },
  /** No kept fee on the case, or it was already given back. */
  'COMPLAINT.NO_FEE_TO_REFUND': {
    status: 409,
    zh: '该退款单没有可退还的手续费，或已退还',
    en: 'There is no kept fee on this case, or it was already given back',
  },
  /** Compensation is at least 1 fen and at most the policy's cap (details.maxFen), and only with that action. */
  'COMPLAINT.COMPENSATION_RANGE': {
    status: 400,
    zh: '赔付金额超出允许范围',
    en: 'The compensation is outside the allowed range',
  },
  /** The merchant has answered already, or the complaint is finished. */
  'COMPLAINT.ANSWER_CLOSED': {
    status: 409,
    zh: '已答复过该投诉，或投诉已处理完毕',
    en: 'The complaint is already answered or finished',
  },
  /** A reconciliation day that is not a real calendar date written YYYY-MM-DD. */
  'RECON.BAD_DAY': {
    status: 400,
    zh: '对账日期无效，请按 YYYY-MM-DD 填写真实存在的日期',
    en: 'Invalid reconciliation date: use YYYY-MM-DD and a real calendar day',
  },
  /** A reconciliation day after today (Beijing time): it has no payouts yet. */
  'RECON.FUTURE_DAY': {
    status: 400,
    zh: '不能对尚未到来的日期对账',
    en: 'Cannot reconcile a day that has not come yet',
  },
  /** A merchant that owes the guarantee fund an advance pays it back before it withdraws. */
  'FUNDS.RECEIVABLE_OUTSTANDING': {
    status: 409,
    zh: '平台为您先行垫付的退款尚未归还，暂不能提现',
    en: 'Pay back the refunds the platform advanced for you before withdrawing',
  },
  /** Refund to balance is for a refund the original channel could not take (frozen card, closed). */
  'PAYOUT.NOT_RETRYABLE': {
    status: 409,
    zh: '该退款当前不能改为退回余额或重试',
    en: 'This refund cannot be retried or sent to the balance now',
  },
  /** The service is not ready (database down or migrations pending). */
  'SERVICE.NOT_READY': { status: 503, zh: '服务暂不可用', en: 'Service not ready' },
  /** An unexpected bug; details are in the log under the request id. */
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
  // 退货寄回 (return shipping, issue 18).
  /** The tracking number does not look like one of the named carrier's (a phone number, a typo). */
  'RETURN.TRACKING_NO_INVALID': {
    status: 400,
    zh: '物流单号格式不正确，请核对快递公司和单号',
    en: "The tracking number does not look like this carrier's; check the carrier and the number",
  },
  /** The buyer's window to ship the goods back is over (the case closes). */
  'RETURN.SHIP_WINDOW_CLOSED': {
    status: 409,
    zh: '退货寄回期限已过',
    en: 'The time to ship the goods back is over',
  },
  /** The merchant's window to object to the returned goods is over (it counts as received). */
  'RETURN.CONFIRM_WINDOW_CLOSED': {
    status: 409,
    zh: '确认收货期限已过，已视为收货',
    en: 'The time to confirm receipt is over; the goods count as received',
  },
} as const satisfies Record<string, Entry>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, details?: unknown, message?: string) {
    super(message ?? code);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }
}

export type Lang = 'zh' | 'en';

/** zh-CN unless the caller prefers English first. */
export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}

export function errorBody(code: ErrorCode, lang: Lang, details?: unknown) {
  const entry = ERROR_CATALOGUE[code];
  return {
    error: {
      code,
      message: lang === 'en' ? entry.en : entry.zh,
      ...(details === undefined ? {} : { details }),
    },
  };
}
