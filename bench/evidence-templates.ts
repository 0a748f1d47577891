/** HTML templates for the evidence accuracy set (issue 15): pages that look like what buyers upload. */
export type Facts = { orderNo: string; fen: number; time: string; item: string };

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
const page = (body: string, css: string) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
body{margin:0;font-family:"WenQuanYi Micro Hei",sans-serif;color:#222;background:#f5f5f5}${css}</style></head><body>${body}</body></html>`;

export const TEMPLATES = {
  kamengOrder: (f: Facts) =>
    page(
      `<div class="top">卡盟商城 · 订单详情</div><div class="card"><h2>充值成功</h2>
<p>订单号：${f.orderNo}</p><p>商品：${f.item}</p><p>数量：1</p><p>实付金额：¥${yuan(f.fen)}</p>
<p>下单时间：${f.time}</p><p>支付方式：余额支付</p></div><div class="card small">如有问题请联系客服</div>`,
      `.top{background:#e4393c;color:#fff;padding:18px;font-size:22px}.card{background:#fff;margin:14px;padding:16px 20px;font-size:19px;border-radius:8px}h2{color:#e4393c}.small{font-size:15px;color:#888}`,
    ),
  alipayBill: (f: Facts) =>
    page(
      `<div class="top">账单详情</div><div class="amt">-${yuan(f.fen)}</div><div class="st">交易成功</div>
<div class="rows"><p><span>商品说明</span>${f.item}</p><p><span>支付时间</span>${f.time}</p>
<p><span>付款方式</span>余额宝</p><p><span>商家订单号</span>${f.orderNo}</p><p><span>账单分类</span>充值缴费</p></div>`,
      `.top{background:#1677ff;color:#fff;padding:18px;font-size:21px;text-align:center}.amt{font-size:40px;text-align:center;margin:26px 0 6px;font-weight:bold}.st{text-align:center;color:#666;font-size:18px}.rows{background:#fff;margin:18px 12px;padding:8px 18px;font-size:18px}.rows p{margin:14px 0}.rows span{color:#888;display:inline-block;width:120px}`,
    ),
  wechatPay: (f: Facts) =>
    page(
      `<div class="top">支付凭证</div><div class="box"><div class="who">${f.item}</div><div class="amt">-${yuan(f.fen)}</div>
<p><span>当前状态</span>支付成功</p><p><span>支付时间</span>${f.time}</p><p><span>商品</span>${f.item}</p>
<p><span>支付方式</span>零钱</p><p><span>商户单号</span>${f.orderNo}</p></div>`,
      `.top{background:#ededed;padding:16px;font-size:20px;text-align:center}.box{background:#fff;margin:12px;padding:18px;font-size:18px}.who{text-align:center;font-size:19px}.amt{text-align:center;font-size:38px;font-weight:bold;margin:14px 0 20px}.box p{margin:13px 0}.box span{color:#888;display:inline-block;width:110px}`,
    ),
  chat: (f: Facts) =>
    page(
      `<div class="top">卖家客服</div><div class="msgs"><div class="m l">您好，请问有什么可以帮您？</div>
<div class="m r">我的订单没到账，订单号 ${f.orderNo}</div><div class="m r">付了 ${yuan(f.fen)} 元，${f.time} 下的单</div>
<div class="m l">好的，我帮您查一下，请稍等</div><div class="m l">卡密已重新发送，请查收</div></div>`,
      `.top{background:#ededed;padding:16px;font-size:20px;text-align:center}.msgs{padding:10px 14px}.m{max-width:78%;padding:12px 14px;margin:14px 0;font-size:18px;border-radius:6px;clear:both}.l{background:#fff;float:left}.r{background:#95ec69;float:right}`,
    ),
} as const;
export type TemplateName = keyof typeof TEMPLATES;
