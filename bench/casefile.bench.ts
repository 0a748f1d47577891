import sharp from 'sharp';
import type { CaseFileFacts } from '../src/modules/casefile/collect.ts';
import { buildZip, sha256Hex } from '../src/modules/casefile/manifest.ts';
import { renderCaseFilePdf } from '../src/modules/casefile/render-pdf.ts';
import { fmt } from './lib.ts';

/**
 * Issue 17: the case file's build — what the `casefile.build` job does after its reads — for a case with
 * 20 timeline events and 10 evidence screenshots (1080×1920 PNG, ~0.3–1 MB each): the PDF render
 * (pdfkit, Source Han Sans SC subset) and the zip with manifest and hash chain. Cold (first file of the
 * process: the 17 MB font is read and parsed) and warm (median of N), files per minute on one core, and
 * the event loop's delay while files are built back to back (what an API sharing the process would feel).
 * The database reads are not in it (one REPEATABLE READ snapshot of a dozen indexed queries).
 */
const FILES = Number(process.env.BENCH_CASEFILES ?? 20);

function facts(i: number): CaseFileFacts {
  const at = (m: number) => new Date(Date.UTC(2026, 11, 1, 2, m)).toISOString();
  return {
    scope: 'full',
    generatedAt: at(0),
    case: {
      refundNo: `R2612010000${String(1000 + i)}`,
      state: 'refunded',
      type: 'not_as_described',
      description: '订单号26120100001234今天10点购买，卡密面值与描述不符，卡密页面截图已上传',
      amountFen: 9500,
      approvedFen: 9500,
      feeFen: 500,
      policyVersion: 1,
      slaDeadline: at(600),
      createdAt: at(1),
    },
    quote: {
      policyVersion: 1,
      ruleId: 'V-UNUSED',
      amountFen: 9500,
      grossFen: 10000,
      fees: [{ id: 'PLATFORM-SERVICE', labelZh: '平台服务费', amountFen: 500 }],
      reasons: [
        { ruleId: 'V-UNUSED', textZh: '已发货但卡密未提取（未使用）：可以退款，扣除平台服务费', textEn: '' },
      ],
    },
    order: {
      orderNo: '26120100001234',
      productName: '腾讯Q币 100 元卡密',
      quantity: 1,
      unitPriceFen: 10000,
      paidFen: 10000,
      channel: 'alipay',
      status: 'completed',
    },
    buyerName: '张小明',
    merchantName: '星辰数码',
    payments: [],
    deliveries: [],
    cardKeys: [{ id: 1, masked: 'QB-****-****-7781', status: 'refunded' }],
    extractions: [],
    shipment: null,
    events: Array.from({ length: 20 }, (_, k) => ({
      id: k + 1,
      kind: k === 0 ? 'submit' : 'supplement',
      fromState: k === 0 ? null : 'info_requested',
      toState: 'submitted',
      actorRole: k % 2 ? 'agent' : 'buyer',
      actorId: k % 2 ? 3 : 1,
      reason: '补充了卡密页面截图与充值记录，请审核',
      data: { evidence: [] },
      at: at(k * 7),
      textZh: '买家补充了资料，审核时限顺延，说明：补充了卡密页面截图与充值记录，请审核',
    })),
    payouts: [
      {
        outRefundNo: 'R26120100001234-1',
        channel: 'alipay',
        amountFen: 9500,
        feeFen: 500,
        status: 'succeeded',
        channelRefundId: '2026120122001400001234',
        settledAt: at(300),
      },
    ],
    complaints: [],
    conversation: Array.from({ length: 20 }, (_, k) => ({
      thread: k % 2 ? 'merchant' : 'buyer',
      authorRole: k % 3 ? 'agent' : 'buyer',
      body: `第 ${k + 1} 条留言：请补充卡密页面截图，谢谢。`,
      files: k % 4 === 0 ? 1 : 0,
      at: new Date(Date.UTC(2026, 0, 1, 10, k)).toISOString(),
    })),
    evidence: Array.from({ length: 10 }, (_, k) => ({
      evidenceId: `ev_bench_${k}`,
      fileName: `截图${k + 1}.png`,
      mime: 'image/png',
      sizeBytes: 0,
      sha256: '',
      uploadedByRole: 'buyer',
      createdAt: at(k),
      blobKey: `bench/${k}`,
    })),
    ledger: [],
    risk: null,
  };
}

async function screenshots(): Promise<Buffer[]> {
  return Promise.all(
    Array.from({ length: 10 }, async (_, k) => {
      // A phone screenshot: flat colour bands plus some noise, compressed as a PNG.
      const w = 1080;
      const h = 1920;
      const raw = Buffer.alloc(w * h * 3);
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const o = (y * w + x) * 3;
          const band = Math.floor(y / 120) % 3;
          raw[o] = band === 0 ? 240 : 30 + ((x * y + k) % 7);
          raw[o + 1] = band === 1 ? 240 : 60 + ((x + k) % 5);
          raw[o + 2] = band === 2 ? 240 : 90;
        }
      return sharp(raw, { raw: { width: w, height: h, channels: 3 } })
        .png()
        .toBuffer();
    }),
  );
}

async function buildOne(i: number, images: Buffer[]): Promise<{ ms: number; pdf: number; zip: number }> {
  const t0 = performance.now();
  const f = facts(i);
  f.evidence.forEach((e, k) => {
    e.sizeBytes = images[k]!.length;
    e.sha256 = sha256Hex(images[k]!);
  });
  const pdf = await renderCaseFilePdf(f);
  const { zip } = buildZip({
    refundNo: f.case.refundNo,
    scope: f.scope,
    generatedAt: f.generatedAt,
    files: [
      { path: 'case-file.pdf', data: pdf },
      ...images.map((d, k) => ({ path: `evidence/${k}.png`, data: d })),
    ],
    events: f.events.map(({ textZh: _t, ...e }) => e),
  });
  return { ms: performance.now() - t0, pdf: pdf.length, zip: zip.length };
}

export default async function run(): Promise<void> {
  const images = await screenshots();
  const mb = images.reduce((s, b) => s + b.length, 0) / 1e6;
  const cold = await buildOne(0, images);
  // A 10 ms ticker: how late each tick comes is how long the loop was held by the build.
  const gaps: number[] = [];
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last - 10);
    last = now;
  }, 10);
  const times: number[] = [];
  const t0 = performance.now();
  for (let i = 1; i <= FILES; i++) {
    times.push((await buildOne(i, images)).ms);
    // Between jobs the worker goes back to the loop (pg-boss polls, sockets); let the ticker run.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const wall = performance.now() - t0;
  clearInterval(ticker);
  gaps.sort((a, b) => a - b);
  const pct = (p: number) => gaps[Math.min(gaps.length - 1, Math.floor((gaps.length * p) / 100))] ?? 0;
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(
    `case file: 20 events, 10 screenshots (${fmt(mb, 1)} MB), PDF ${fmt(cold.pdf / 1024, 0)} KB, zip ${fmt(cold.zip / 1e6, 1)} MB`,
  );
  console.log(
    `  cold (font load + first file): ${fmt(cold.ms, 0)} ms; warm median ${fmt(median, 0)} ms, max ${fmt(times.at(-1)!, 0)} ms`,
  );
  console.log(`  back to back: ${fmt((FILES / wall) * 60_000, 0)} files/min on one core`);
  console.log(
    `  event loop held while building: p50 ${fmt(pct(50), 0)} ms, p99 ${fmt(pct(99), 0)} ms, max ${fmt(gaps.at(-1) ?? 0, 0)} ms (${gaps.length} ticks)`,
  );
}
