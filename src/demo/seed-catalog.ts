import type { ProductKind } from '../modules/catalog/schema.ts';
import { DEMO_MERCHANT } from './seed-demo.ts';

/**
 * The demo marketplace as data: shops, their products and the scripted top-up accounts. Product
 * names are part of the contract with the browser tests (they search for them) — rename with care.
 */

export type DemoShop = {
  name: string;
  /** The merchant user who runs the shop (`merchant` is the README's demo login). */
  username: string;
  displayName: string;
  depositFen: number;
};

export const DEMO_SHOPS: DemoShop[] = [
  { name: DEMO_MERCHANT, username: 'merchant', displayName: '星辰数码（商家）', depositFen: 1_000_000 },
  { name: '云端游戏', username: 'shop-yunduan', displayName: '云端游戏（商家）', depositFen: 800_000 },
  { name: '极速充值', username: 'shop-jisu', displayName: '极速充值（商家）', depositFen: 2_000_000 },
  { name: '优品数码', username: 'shop-youpin', displayName: '优品数码（商家）', depositFen: 500_000 },
];

export type DemoProduct = {
  shop: string;
  name: string;
  kind: ProductKind;
  category: string;
  priceFen: number;
  description: string;
  unitsPerItem?: number;
  validDays?: number;
  /** Card keys: the key pattern (X = a random character) and how many stay in stock after the seed. */
  keys?: { pattern: string; spare: number };
  /** Relative popularity among generated orders (0: only the scripted cases buy it). */
  weight: number;
};

export const CASE = {
  outOfStock: '腾讯Q币 100 元卡密',
  partialTopup: '中国移动话费直充 50 元',
  unrevealed: '网易一卡通 50 元',
  revealed: 'Steam 钱包充值卡 100 元',
  failedTopup: '王者荣耀点券直充 60 元',
  mouse: '罗技 G304 无线鼠标',
  membership: '爱奇艺黄金会员月卡',
} as const;

const K = (pattern: string, spare = 40) => ({ pattern, spare });

export const DEMO_PRODUCTS: DemoProduct[] = [
  // 星辰数码 — card keys and one physical item (the demo merchant ships it in the browser test).
  {
    shop: DEMO_MERCHANT,
    name: CASE.outOfStock,
    kind: 'card_key',
    category: '游戏点卡',
    priceFen: 9_850,
    description: '腾讯Q币 100 元面值卡密，自动发货',
    keys: K('TXQB-XXXX-XXXX-XXXX', 0),
    weight: 0,
  },
  {
    shop: DEMO_MERCHANT,
    name: '腾讯Q币 30 元卡密',
    kind: 'card_key',
    category: '游戏点卡',
    priceFen: 2_960,
    description: '腾讯Q币 30 元面值卡密，自动发货',
    keys: K('TXQB-XXXX-XXXX-XXXX'),
    weight: 8,
  },
  {
    shop: DEMO_MERCHANT,
    name: CASE.unrevealed,
    kind: 'card_key',
    category: '游戏点卡',
    priceFen: 4_900,
    description: '网易一卡通 50 点，可充值梦幻西游、大话西游等',
    keys: K('WY50XXXXXXXXXXXX'),
    weight: 6,
  },
  {
    shop: DEMO_MERCHANT,
    name: CASE.revealed,
    kind: 'card_key',
    category: '游戏点卡',
    priceFen: 10_200,
    description: 'Steam 钱包充值卡（国区）100 元',
    keys: K('XXXXX-XXXXX-XXXXX'),
    weight: 5,
  },
  {
    shop: DEMO_MERCHANT,
    name: CASE.mouse,
    kind: 'physical',
    category: '数码外设',
    priceFen: 14_900,
    description: '罗技 G304 LIGHTSPEED 无线游戏鼠标，顺丰发货',
    weight: 3,
  },
  // 云端游戏 — game cards, a game top-up and a music membership.
  {
    shop: '云端游戏',
    name: '完美世界一卡通 30 元',
    kind: 'card_key',
    category: '游戏点卡',
    priceFen: 2_880,
    description: '完美世界一卡通 30 元，可充诛仙、完美世界',
    keys: K('WM30-XXXX-XXXX-XXXX'),
    weight: 4,
  },
  {
    shop: '云端游戏',
    name: '盛大一卡通 100 元',
    kind: 'card_key',
    category: '游戏点卡',
    priceFen: 9_700,
    description: '盛大一卡通 100 元，可充传奇、冒险岛',
    keys: K('SD-XXXXXXXX-XXXXXXXX'),
    weight: 3,
  },
  {
    shop: '云端游戏',
    name: CASE.failedTopup,
    kind: 'direct_topup',
    category: '游戏直充',
    priceFen: 5_880,
    description: '王者荣耀点券直充，填写 QQ 号或微信区角色 ID',
    unitsPerItem: 60,
    weight: 6,
  },
  {
    shop: '云端游戏',
    name: '原神创世结晶直充 328 元',
    kind: 'direct_topup',
    category: '游戏直充',
    priceFen: 31_800,
    description: '原神 6480 创世结晶档位，填写 UID',
    unitsPerItem: 328,
    weight: 2,
  },
  {
    shop: '云端游戏',
    name: '网易云音乐黑胶 VIP 月卡',
    kind: 'membership',
    category: '会员卡',
    priceFen: 1_500,
    description: '黑胶 VIP 31 天兑换码',
    validDays: 31,
    keys: K('NMV-XXXXXXXXXXXX'),
    weight: 4,
  },
  // 极速充值 — phone credit and video memberships.
  {
    shop: '极速充值',
    name: CASE.partialTopup,
    kind: 'direct_topup',
    category: '话费充值',
    // At face value, so the seed's case reads as in the issue: 30 of 50 arrived, 20 yuan refunded.
    priceFen: 5_000,
    description: '中国移动全国话费直充，一般 10 分钟内到账',
    unitsPerItem: 50,
    weight: 7,
  },
  {
    shop: '极速充值',
    name: '中国联通话费直充 100 元',
    kind: 'direct_topup',
    category: '话费充值',
    priceFen: 9_950,
    description: '中国联通全国话费直充',
    unitsPerItem: 100,
    weight: 5,
  },
  {
    shop: '极速充值',
    name: '中国电信话费直充 30 元',
    kind: 'direct_topup',
    category: '话费充值',
    priceFen: 2_990,
    description: '中国电信全国话费直充',
    unitsPerItem: 30,
    weight: 3,
  },
  {
    shop: '极速充值',
    name: CASE.membership,
    kind: 'membership',
    category: '会员卡',
    priceFen: 1_980,
    description: '爱奇艺黄金 VIP 会员 1 个月激活码',
    validDays: 31,
    keys: K('IQY-XXXX-XXXX-XXXX'),
    weight: 6,
  },
  {
    shop: '极速充值',
    name: '腾讯视频 VIP 月卡',
    kind: 'membership',
    category: '会员卡',
    priceFen: 2_000,
    description: '腾讯视频 VIP 1 个月兑换码',
    validDays: 31,
    keys: K('TXSP-XXXX-XXXX-XXXX'),
    weight: 5,
  },
  // 优品数码 — physical goods.
  {
    shop: '优品数码',
    name: '小米移动电源 3 20000mAh',
    kind: 'physical',
    category: '数码配件',
    priceFen: 12_900,
    description: '小米移动电源 3，双向快充',
    weight: 3,
  },
  {
    shop: '优品数码',
    name: '闪迪 128GB TF 存储卡',
    kind: 'physical',
    category: '存储',
    priceFen: 6_990,
    description: 'SanDisk Extreme microSDXC A2',
    weight: 3,
  },
  {
    shop: '优品数码',
    name: '雷蛇 黑寡妇蜘蛛 V4 机械键盘',
    kind: 'physical',
    category: '数码外设',
    priceFen: 89_900,
    description: '绿轴，RGB 背光',
    weight: 1,
  },
];

/** Top-up accounts the simulated supplier answers from `supplier_scenario` (see orders/supplier.ts). */
export const SCENARIO = {
  partial: { account: '13800138000', outcome: 'partial', arrivedUnits: 30, note: '上游仅到账 30 元' },
  fail: { account: '2875531046', outcome: 'fail', arrivedUnits: null, note: '上游返回：账号不存在或已封禁' },
} as const;

export const DEMO_BUYERS = [
  '王芳',
  '刘洋',
  '陈静',
  '杨磊',
  '赵敏',
  '黄伟',
  '周杰',
  '吴婷',
  '徐强',
  '孙丽',
  '马超',
  '朱琳',
].map((displayName, i) => ({ username: `demo-buyer-${String(i + 1).padStart(2, '0')}`, displayName }));

export const ADDRESSES = [
  '北京市朝阳区建国路 88 号 SOHO 现代城 2 号楼 1502',
  '上海市浦东新区世纪大道 100 号 环球金融中心 21 层',
  '广州市天河区天河路 385 号 太古汇 3 座',
  '深圳市南山区科技园南区 深南大道 9988 号',
  '杭州市西湖区文三路 478 号 华星时代广场 A 座',
  '成都市武侯区天府大道北段 1700 号 环球中心 W6',
];

export const CARRIERS = [
  ['顺丰速运', 'SF'],
  ['中通快递', 'ZTO'],
  ['圆通速递', 'YT'],
  ['京东物流', 'JDV'],
] as const;

export const USER_AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49',
  'Mozilla/5.0 (Linux; Android 14; 23127PN0CC) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0 Safari/537.36',
];
